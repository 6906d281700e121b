package dev.mlops.xgboost.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A model file's content as JSON text, read in Java before XGBoost's native parser sees the file.
 * XGBoost's UBJ reader trusts the lengths it reads, and its loader trusts the trees: damaged bytes
 * can make either read outside its buffers and crash the process, which a registration must never
 * do. So the file is first checked here: a JSON file is parsed with Jackson; a UBJ file (Universal
 * Binary JSON, draft 12, as XGBoost writes it) is walked and transcoded to JSON, refusing any
 * length or count that points past the end of the file, any unknown type marker, any unclosed or
 * overly deep container. The JSON then feeds {@link XGBoostModelDescription} and {@link
 * XGBoostTrees}. Floating-point values are not carried into the transcoded JSON (written as 0):
 * only the structure, strings and integers are checked.
 */
final class ModelJson {

  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_DEPTH = 64;

  private final byte[] bytes;
  private final JsonGenerator out;
  private int at;

  private ModelJson(byte[] bytes, JsonGenerator out) {
    this.bytes = bytes;
    this.out = out;
  }

  /**
   * Checks a model file's syntax and returns it as JSON.
   *
   * @param bytes the file's content, JSON or UBJ
   * @return JSON text of the same document
   * @throws IllegalArgumentException naming the byte offset and what is wrong there
   */
  static byte[] of(byte[] bytes) {
    if (isJson(bytes)) {
      checkJson(bytes);
      return bytes;
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream(bytes.length * 2);
    try (JsonGenerator generator = JSON.createGenerator(json)) {
      ModelJson reader = new ModelJson(bytes, generator);
      reader.document();
    } catch (IOException e) {
      throw new IllegalStateException("Writing JSON to memory failed", e);
    }
    return json.toByteArray();
  }

  /** XGBoost's own test: a JSON model starts with an object whose first key is quoted. */
  private static boolean isJson(byte[] bytes) {
    int i = skipSpace(bytes, 0);
    if (i >= bytes.length || bytes[i] != '{') {
      return false;
    }
    int j = skipSpace(bytes, i + 1);
    return j < bytes.length && (bytes[j] == '"' || bytes[j] == '}');
  }

  private static int skipSpace(byte[] bytes, int from) {
    int i = from;
    while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r'
        || bytes[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static void checkJson(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      p.nextToken();
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("its JSON has content after the model, at byte "
            + p.currentLocation().getByteOffset());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("it is not valid JSON: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
  }

  private void document() throws IOException {
    if (bytes.length == 0 || bytes[0] != '{') {
      throw broken(0, "an XGBoost model starts with '{' (JSON or UBJ)");
    }
    value(marker(), 0);
    if (at != bytes.length) {
      throw broken(at, (bytes.length - at) + " byte(s) follow the end of the model");
    }
  }

  private void value(byte marker, int depth) throws IOException {
    switch (marker) {
      case 'Z' -> out.writeNull();
      case 'T' -> out.writeBoolean(true);
      case 'F' -> out.writeBoolean(false);
      case 'i' -> out.writeNumber(read(1, true));
      case 'U' -> out.writeNumber(read(1, false));
      case 'I' -> out.writeNumber(read(2, true));
      case 'l' -> out.writeNumber(read(4, true));
      case 'L' -> out.writeNumber(read(8, true));
      case 'd', 'D' -> {
        skip(marker == 'd' ? 4 : 8);
        out.writeNumber(0);
      }
      case 'C' -> out.writeString(string(1));
      case 'S', 'H' -> out.writeString(string(length(marker())));
      case '[' -> container(depth, false);
      case '{' -> container(depth, true);
      default -> throw broken(at - 1, "unknown type marker 0x" + hex(marker));
    }
  }

  /** An array or object, with the optional {@code $type} and {@code #count} of optimised ones. */
  private void container(int depth, boolean object) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw broken(at - 1, "containers nest deeper than " + MAX_DEPTH + " levels");
    }
    if (object) {
      out.writeStartObject();
    } else {
      out.writeStartArray();
    }
    byte type = 0;
    if (peek() == '$') {
      at++;
      type = marker();
      if (peek() != '#') {
        throw broken(at, "a typed container needs a '#' count");
      }
    }
    if (peek() == '#') {
      at++;
      long count = length(marker());
      // Every element takes at least a byte (its marker or key), a typed one its fixed width.
      if (count > (long) (bytes.length - at) / Math.max(1, fixedWidth(type))) {
        throw broken(at, "a count of " + count + " elements does not fit in the "
            + (bytes.length - at) + " remaining bytes");
      }
      for (long n = 0; n < count; n++) {
        element(object, type == 0 ? marker() : type, depth);
      }
    } else {
      byte close = (byte) (object ? '}' : ']');
      while (peek() != close) {
        element(object, marker(), depth);
      }
      at++;
    }
    if (object) {
      out.writeEndObject();
    } else {
      out.writeEndArray();
    }
  }

  private void element(boolean object, byte marker, int depth) throws IOException {
    if (object) {
      // A key is a string without its 'S' marker; the marker read was its length's.
      out.writeFieldName(string(length(marker)));
      value(marker(), depth + 1);
    } else {
      value(marker, depth + 1);
    }
  }

  /** Bytes per element of a typed container, 0 where elements carry their own lengths. */
  private int fixedWidth(byte type) {
    return switch (type) {
      case 0, 'Z', 'T', 'F', 'S', 'H', '[', '{' -> 0;
      case 'i', 'U', 'C' -> 1;
      case 'I' -> 2;
      case 'l', 'd' -> 4;
      case 'L', 'D' -> 8;
      default -> throw broken(at - 1, "unknown element type 0x" + hex(type));
    };
  }

  /** A length or count: an integer with its own marker, not negative, within the file. */
  private long length(byte marker) {
    int start = at - 1;
    long value = switch (marker) {
      case 'i' -> read(1, true);
      case 'U' -> read(1, false);
      case 'I' -> read(2, true);
      case 'l' -> read(4, true);
      case 'L' -> read(8, true);
      default -> throw broken(start, "a length needs an integer marker, not 0x" + hex(marker));
    };
    if (value < 0 || value > bytes.length - at) {
      throw broken(start, "a length of " + value + " points past the end of the file ("
          + (bytes.length - at) + " bytes remain)");
    }
    return value;
  }

  private String string(long length) {
    require(length);
    String s = new String(bytes, at, (int) length, StandardCharsets.UTF_8);
    at += (int) length;
    return s;
  }

  private long read(int size, boolean signed) {
    require(size);
    long v = signed ? bytes[at] : bytes[at] & 0xFF;
    for (int i = 1; i < size; i++) {
      v = (v << 8) | (bytes[at + i] & 0xFF);
    }
    at += size;
    return v;
  }

  private byte marker() {
    require(1);
    return bytes[at++];
  }

  private byte peek() {
    require(1);
    return bytes[at];
  }

  private void skip(int count) {
    require(count);
    at += count;
  }

  private void require(long count) {
    if (count > bytes.length - at) {
      throw broken(at, "the file ends inside a value");
    }
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xFF);
  }

  private static IllegalArgumentException broken(int offset, String problem) {
    return new IllegalArgumentException("it is not a well-formed XGBoost model file: at byte "
        + offset + ", " + problem);
  }
}

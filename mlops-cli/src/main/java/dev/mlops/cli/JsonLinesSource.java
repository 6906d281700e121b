package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * JSON Lines input: one JSON object per line, features found by field name; an absent or
 * {@code null} field is a missing feature; blank lines are skipped and a UTF-8 byte-order mark
 * at the start is ignored. A line that is not exactly one JSON object in UTF-8 (bytes that are not
 * UTF-8, a field named twice, anything after the object) is an invalid record, like a value that
 * does not fit: every line stands alone, so {@code --skip-invalid} can skip it.
 */
final class JsonLinesSource implements RecordSource {
  /** The longest message of the JSON parser a rejection quotes. */
  private static final int MAX_PARSER_MESSAGE = 200;

  private static final ObjectReader STRICT = Json.MAPPER.reader()
      .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final InputStream in;
  private final long size;
  private final RowConverter converter;
  private final @Nullable String idColumn;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean pendingLine;
  private long lineNumber;
  private long bytesRead;

  JsonLinesSource(Path file, RowConverter converter, @Nullable String idColumn) throws IOException {
    this.size = Files.size(file);
    this.in = Files.newInputStream(file);
    this.converter = converter;
    this.idColumn = idColumn;
  }

  @Override
  public @Nullable RawRecord next() throws IOException {
    while (true) {
      byte[] bytes = readLine();
      if (bytes == null) {
        return null;
      }
      lineNumber++;
      if (!isBlank(bytes)) {
        // Jackson's UTF-8 detection skips a byte-order mark at the start of the first line.
        return new RawRecord(lineNumber, bytes);
      }
    }
  }

  /** The bytes up to the next line feed (excluded), or null at the end of the file. */
  private byte @Nullable [] readLine() throws IOException {
    line.reset();
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit < 0) {
          limit = 0;
          return line.size() == 0 && !pendingLine ? null : finishLine();
        }
        bytesRead += limit;
      }
      pendingLine = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      line.write(buffer, start, position - start);
      if (position < limit) {
        position++;
        return finishLine();
      }
    }
  }

  private byte[] finishLine() {
    pendingLine = false;
    return line.toByteArray();
  }

  @Override
  public InputRow decode(RawRecord record) {
    JsonNode node;
    try {
      node = STRICT.readTree((byte[]) record.payload());
    } catch (JsonProcessingException e) {
      return InputRow.invalid(record.line(), null, null, "not a JSON object: " + parserMessage(e));
    } catch (IOException e) {
      return InputRow.invalid(record.line(), null, null, "cannot be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      String got = node == null ? "nothing"
          : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
      return InputRow.invalid(record.line(), null, null, "not a JSON object but " + got);
    }
    String id = null;
    if (idColumn != null) {
      JsonNode value = node.get(idColumn);
      if (value == null || value.isNull() || value.isContainerNode()) {
        return InputRow.invalid(record.line(), null, null, "no id field '" + idColumn + "' (text"
            + " or a number)");
      }
      id = value.asText();
    }
    Object[] raw = new Object[converter.inputs().size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = node.get(converter.inputs().get(i).name());
    }
    return converter.convert(record.line(), id, raw);
  }

  @Override
  public double fractionRead() {
    return size == 0 ? 1 : Math.min(1, (double) bytesRead / size);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static String parserMessage(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
    return message.length() <= MAX_PARSER_MESSAGE ? message
        : message.substring(0, MAX_PARSER_MESSAGE) + "...";
  }

  private static boolean isBlank(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}

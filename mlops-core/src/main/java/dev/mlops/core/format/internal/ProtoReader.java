package dev.mlops.core.format.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the Protocol Buffers wire format, the encoding of ONNX files, without a protobuf library.
 * A message is a sequence of fields, each a key (a varint: field number shifted left by three,
 * or'ed with a wire type) followed by a value: a varint (type 0), eight little-endian bytes (type
 * 1), a varint length and that many bytes (type 2: strings, bytes, nested messages, packed
 * repeated numbers), or four little-endian bytes (type 5). Groups (types 3 and 4) are obsolete and
 * rejected. See https://protobuf.dev/programming-guides/encoding/.
 *
 * <p>A reader covers one message: the bytes between the buffer's position and its limit. Nested
 * messages are read through a {@linkplain #message() new reader over their bytes}, which shares
 * the underlying memory: a memory-mapped model file is never copied, and large byte fields (the
 * weights) are skipped by moving the position.
 */
final class ProtoReader {

  /** A varint: int32, int64, uint64, bool, enum. */
  static final int VARINT = 0;
  /** Eight bytes: fixed64, double. */
  static final int FIXED64 = 1;
  /** A length and bytes: string, bytes, messages, packed repeated fields. */
  static final int LENGTH_DELIMITED = 2;
  /** Four bytes: fixed32, float. */
  static final int FIXED32 = 5;

  private final ByteBuffer buffer;
  private final long base;
  private int key;

  private ProtoReader(ByteBuffer buffer, long base) {
    this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.base = base;
  }

  /**
   * A reader over a whole encoded message.
   *
   * @param bytes the message, from its position to its limit
   * @return the reader
   */
  static ProtoReader of(ByteBuffer bytes) {
    return new ProtoReader(bytes, 0);
  }

  /**
   * Moves to the next field.
   *
   * @return false at the end of the message
   * @throws ProtoFormatException if the key is malformed or names field 0
   */
  boolean next() {
    if (!buffer.hasRemaining()) {
      return false;
    }
    long k = varint();
    if (k >>> 3 == 0 || k >>> 3 > 0x1FFF_FFFFL) {
      throw malformed("a field key names field number " + (k >>> 3));
    }
    key = (int) k;
    return true;
  }

  /**
   * The current field's number.
   *
   * @return the number
   */
  int field() {
    return key >>> 3;
  }

  /**
   * The current field's wire type.
   *
   * @return 0, 1, 2 or 5
   */
  int wireType() {
    return key & 7;
  }

  /**
   * Reads the current field as a varint.
   *
   * @return its value
   * @throws ProtoFormatException if the field is not a varint or is cut off
   */
  long int64() {
    expect(VARINT);
    return varint();
  }

  /**
   * Reads the current field as a 32-bit float.
   *
   * @return its value
   * @throws ProtoFormatException if the field is not four bytes
   */
  float float32() {
    expect(FIXED32);
    require(4);
    return buffer.getFloat();
  }

  /**
   * Reads the current field as UTF-8 text.
   *
   * @return the text
   * @throws ProtoFormatException if the field is not length-delimited, is cut off, or is not UTF-8
   */
  String string() {
    ByteBuffer bytes = bytes();
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw malformed("field " + field() + " is not valid UTF-8 text");
    }
  }

  /**
   * Reads the current field as text that should be UTF-8 (ONNX attribute strings are bytes);
   * malformed sequences become U+FFFD instead of failing.
   *
   * @return the text
   * @throws ProtoFormatException if the field is not length-delimited or is cut off
   */
  String text() {
    return StandardCharsets.UTF_8.decode(bytes()).toString();
  }

  /**
   * Reads the current field as a nested message.
   *
   * @return a reader over the nested message's bytes
   * @throws ProtoFormatException if the field is not length-delimited or is cut off
   */
  ProtoReader message() {
    return delimited();
  }

  /**
   * Reads the current field as repeated varints, packed (one length-delimited field) or not (one
   * varint per field occurrence), adding them to {@code into}.
   *
   * @param into where the values go
   * @throws ProtoFormatException if the field has another wire type or is cut off
   */
  void int64s(List<Long> into) {
    if (wireType() == VARINT) {
      into.add(varint());
      return;
    }
    ProtoReader packed = message();
    while (packed.buffer.hasRemaining()) {
      into.add(packed.varint());
    }
  }

  /** Skips the current field's value. */
  void skip() {
    switch (wireType()) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance(length());
      case FIXED32 -> advance(4);
      default -> throw malformed("field " + field() + " has wire type " + wireType()
          + ", which is not used by ONNX");
    }
  }

  private ProtoReader delimited() {
    expect(LENGTH_DELIMITED);
    int n = length();
    long start = offset();
    ByteBuffer out = buffer.slice().limit(n);
    buffer.position(buffer.position() + n);
    return new ProtoReader(out, start);
  }

  private ByteBuffer bytes() {
    return delimited().buffer;
  }

  private int length() {
    long n = varint();
    if (n < 0 || n > buffer.remaining()) {
      throw malformed("field " + field() + " declares " + n + " bytes but only "
          + buffer.remaining() + " follow (is the file truncated?)");
    }
    return (int) n;
  }

  private void advance(int n) {
    require(n);
    buffer.position(buffer.position() + n);
  }

  private void require(int n) {
    if (buffer.remaining() < n) {
      throw malformed("field " + field() + " is cut off (is the file truncated?)");
    }
  }

  private long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!buffer.hasRemaining()) {
        throw malformed("a number is cut off (is the file truncated?)");
      }
      byte b = buffer.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("a number is longer than ten bytes");
  }

  private void expect(int wireType) {
    if (wireType() != wireType) {
      throw malformed("field " + field() + " has wire type " + wireType() + " where "
          + wireType + " is expected");
    }
  }

  private long offset() {
    return base + buffer.position();
  }

  private ProtoFormatException malformed(String problem) {
    return new ProtoFormatException(problem + " at byte " + offset());
  }

  /** The bytes are not a well-formed protobuf message. */
  static final class ProtoFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtoFormatException(String message) {
      super(message);
    }
  }
}

package dev.mlops.core.format.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The type of a graph input or output ({@code TypeProto}): a tensor with an element type and a
 * shape, a sequence of values of one type, a map from a key type to a value type, or another kind
 * the SDK does not read.
 *
 * @param kind what kind of value it is
 * @param elementType a tensor's element type ({@code TensorProto.DataType}), or a map's key type;
 *     0 when unknown or not applicable
 * @param shape a tensor's dimensions, -1 for a dimension without a fixed size (a named or absent
 *     dimension); null when the rank is unknown
 * @param element a sequence's element type, or a map's value type; null otherwise
 * @since 0.1
 */
public record OnnxType(Kind kind, int elementType, @Nullable List<Long> shape,
    @Nullable OnnxType element) {

  /** Element type {@code FLOAT}. */
  public static final int FLOAT = 1;
  /** Element type {@code INT32}. */
  public static final int INT32 = 6;
  /** Element type {@code INT64}. */
  public static final int INT64 = 7;
  /** Element type {@code STRING}. */
  public static final int STRING = 8;
  /** Element type {@code BOOL}. */
  public static final int BOOL = 9;
  /** Element type {@code DOUBLE}. */
  public static final int DOUBLE = 11;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(1, "float"), Map.entry(2, "uint8"), Map.entry(3, "int8"), Map.entry(4, "uint16"),
      Map.entry(5, "int16"), Map.entry(6, "int32"), Map.entry(7, "int64"), Map.entry(8, "string"),
      Map.entry(9, "bool"), Map.entry(10, "float16"), Map.entry(11, "double"),
      Map.entry(12, "uint32"), Map.entry(13, "uint64"), Map.entry(14, "complex64"),
      Map.entry(15, "complex128"), Map.entry(16, "bfloat16"));

  /** The kinds of value ONNX graphs exchange. */
  public enum Kind {
    /** A tensor. */
    TENSOR,
    /** A sequence, such as the list of maps a {@code ZipMap} returns. */
    SEQUENCE,
    /** A map. */
    MAP,
    /** Anything else (optional, sparse tensor, opaque) or no type at all. */
    OTHER
  }

  /** Copies the shape. */
  public OnnxType {
    shape = shape == null ? null : List.copyOf(shape);
  }

  /**
   * Whether this is a tensor of that element type.
   *
   * @param type a {@code TensorProto.DataType} value
   * @return true for a tensor of that type
   */
  public boolean isTensorOf(int type) {
    return kind == Kind.TENSOR && elementType == type;
  }

  /**
   * Whether this is a sequence of maps, the output of a {@code ZipMap}.
   *
   * @return true for {@code seq(map(K, V))}
   */
  public boolean isSequenceOfMaps() {
    return kind == Kind.SEQUENCE && element != null && element.kind == Kind.MAP;
  }

  /**
   * The ONNX name of an element type.
   *
   * @param type a {@code TensorProto.DataType} value
   * @return such as {@code float} or {@code string}
   */
  public static String elementTypeName(int type) {
    return NAMES.getOrDefault(type, "type " + type);
  }

  /**
   * This type as ONNX writes it, such as {@code tensor(float)[N, 3]} or {@code
   * seq(map(int64, tensor(float)))}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return switch (kind) {
      case TENSOR -> "tensor(" + elementTypeName(elementType) + ")"
          + (shape == null ? "" : shape.toString().replace("-1", "N"));
      case SEQUENCE -> "seq(" + element + ")";
      case MAP -> "map(" + elementTypeName(elementType) + ", " + element + ")";
      case OTHER -> "an unsupported type";
    };
  }
}

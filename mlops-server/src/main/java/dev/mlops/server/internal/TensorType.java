package dev.mlops.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.DataType;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The tensor data types of the Open Inference Protocol, and how each maps to the features of a
 * tabular signature: numbers to numeric features, {@code BOOL} to booleans, {@code BYTES} (UTF-8
 * strings in JSON) to string and categorical features.
 */
enum TensorType {
  BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES;

  /** The protocol's name of the type a signature declares. */
  static TensorType of(DataType type) {
    return switch (type) {
      case FLOAT32 -> FP32;
      case FLOAT64 -> FP64;
      case INT32 -> INT32;
      case INT64 -> INT64;
      case BOOLEAN -> BOOL;
      case STRING, CATEGORICAL -> BYTES;
    };
  }

  /**
   * Parses a datatype field.
   *
   * @throws HttpFailure 400 if it names no protocol type
   */
  static TensorType parse(String tensor, @Nullable String text) {
    if (text != null) {
      for (TensorType t : values()) {
        if (t.name().equals(text.toUpperCase(Locale.ROOT))) {
          return t;
        }
      }
    }
    throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(tensor) + " has datatype "
        + (text == null ? null : Excerpt.of(text))
        + "; use one of " + Arrays.toString(values()));
  }

  boolean isInteger() {
    return ordinal() >= UINT8.ordinal() && ordinal() <= INT64.ordinal();
  }

  boolean isFloat() {
    return this == FP16 || this == FP32 || this == FP64;
  }

  /** Whether tensors of this type can carry the values of a feature of that type. */
  boolean fits(DataType feature) {
    return switch (feature) {
      case FLOAT32, FLOAT64, INT32, INT64 -> isInteger() || isFloat();
      case BOOLEAN -> this == BOOL;
      case STRING, CATEGORICAL -> this == BYTES;
    };
  }

  /**
   * The Java value of one JSON element of a tensor of this type, as the tabular predictors take
   * it, or null for a JSON null (an absent optional feature).
   *
   * @throws HttpFailure 400 naming the tensor and the element if it is not of this type
   */
  @Nullable Object value(String tensor, int index, JsonNode element) {
    if (element.isNull()) {
      return null;
    }
    if (this == BOOL && element.isBoolean()) {
      return element.booleanValue();
    }
    if (this == BYTES && element.isTextual()) {
      return element.textValue();
    }
    if (isInteger() && element.isIntegralNumber()) {
      if (!element.canConvertToLong() || element.longValue() < min()
          || element.longValue() > max()) {
        throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(tensor) + " (" + name()
            + ") element " + index + " is " + Excerpt.of(element) + ", outside the " + name()
            + " range [" + min() + ", " + max() + "]");
      }
      return element.longValue();
    }
    if (isFloat() && element.isNumber()) {
      return element.doubleValue();
    }
    if (isFloat() && element.isTextual()) {
      // JSON has no NaN or infinity; the protocol's clients send them as strings.
      switch (element.textValue()) {
        case "NaN": return Double.NaN;
        case "Infinity", "inf": return Double.POSITIVE_INFINITY;
        case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
        default: break;
      }
    }
    throw bad(tensor, index, element, expected());
  }

  /** The smallest value of an integer type. */
  private long min() {
    return switch (this) {
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case INT64 -> Long.MIN_VALUE;
      default -> 0;
    };
  }

  /** The largest value of an integer type; UINT64 values are carried as Java longs. */
  private long max() {
    return switch (this) {
      case INT8 -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      case INT32 -> Integer.MAX_VALUE;
      case UINT8 -> 0xFFL;
      case UINT16 -> 0xFFFFL;
      case UINT32 -> 0xFFFF_FFFFL;
      default -> Long.MAX_VALUE;
    };
  }

  private String expected() {
    if (this == BOOL) {
      return "true or false";
    }
    if (this == BYTES) {
      return "a string";
    }
    return isInteger() ? "an integer" : "a number";
  }

  private HttpFailure bad(String tensor, int index, JsonNode element, String expected) {
    return HttpFailure.badRequest("Input tensor " + Excerpt.quoted(tensor) + " (" + name()
        + ") element " + index + " is " + Excerpt.of(element) + ", not " + expected);
  }
}

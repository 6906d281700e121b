package dev.mlops.cli;

import static dev.mlops.core.io.internal.MessageValues.quote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Converts one record's raw feature values, whatever file they came from, to the types of the
 * model's signature: numbers for float, double, int and long, {@code true}/{@code false} (or
 * 1/0) for boolean, text for strings and categories, where a category must be one the signature
 * lists. Raw values are CSV text, JSON nodes or Parquet values ({@code Number}, {@code Boolean},
 * {@code String}); null is a missing feature, which the predictor rejects unless the input is
 * optional. Values in messages are cut at a bounded length. Thread-safe.
 */
final class RowConverter {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final List<FieldSpec> inputs;

  RowConverter(ModelSignature signature) {
    this.inputs = signature.inputs();
  }

  /**
   * The signature's inputs, in the order {@link #convert} takes their raw values.
   *
   * @return the inputs
   */
  List<FieldSpec> inputs() {
    return inputs;
  }

  /**
   * Converts a record.
   *
   * @param line where the record is in its file
   * @param id its id, or null
   * @param raw one raw value per input, in the order of {@link #inputs()}; null where missing
   * @return the converted record, or an invalid one naming the first feature that does not convert
   */
  InputRow convert(long line, @Nullable Object id, @Nullable Object[] raw) {
    Map<String, Object> features = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      FieldSpec input = inputs.get(i);
      Object value = raw[i];
      if (value == null || value instanceof JsonNode node && node.isNull()) {
        continue;
      }
      try {
        features.put(input.name(), converted(input, value));
      } catch (IllegalArgumentException e) {
        return InputRow.invalid(line, id, input.name(),
            "feature '" + input.name() + "': " + e.getMessage());
      }
    }
    return InputRow.valid(line, id, features);
  }

  /**
   * A value converted to its input's type.
   *
   * @throws IllegalArgumentException saying why the value does not fit
   */
  private static Object converted(FieldSpec input, Object value) {
    if (value instanceof JsonNode node && node.isContainerNode()) {
      throw new IllegalArgumentException("got a JSON " + (node.isObject() ? "object" : "array")
          + " where " + expected(input) + " is expected");
    }
    Object converted;
    try {
      converted = converted(input.type(), value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(quote(text(value)) + " is not " + expected(input), e);
    }
    if (input.type() == DataType.CATEGORICAL && !input.categories().isEmpty()
        && !input.categories().contains(converted)) {
      throw new IllegalArgumentException(
          quote(converted) + " is not one of the categories " + input.categories());
    }
    return converted;
  }

  private static Object converted(DataType type, Object value) {
    return switch (type) {
      case FLOAT32, FLOAT64 -> value instanceof Number n ? n.doubleValue()
          : value instanceof JsonNode n && n.isNumber() ? n.doubleValue() : parseDouble(text(value));
      case INT32, INT64 -> integer(value);
      case BOOLEAN -> bool(value);
      case STRING, CATEGORICAL -> text(value);
    };
  }

  private static long integer(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof JsonNode n && n.canConvertToExactIntegral()) {
      return n.longValue();
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
        return (long) d;
      }
      throw new IllegalArgumentException("not a whole number");
    }
    return Long.parseLong(text(value));
  }

  private static boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof JsonNode n && n.isBoolean()) {
      return n.booleanValue();
    }
    return switch (text(value).toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static double parseDouble(String text) {
    if (!NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException("not a number");
    }
    return Double.parseDouble(text);
  }

  private static String text(Object value) {
    return value instanceof JsonNode n ? n.asText() : value.toString();
  }

  private static String expected(FieldSpec input) {
    return switch (input.type()) {
      case FLOAT32, FLOAT64 -> "a number";
      case INT32, INT64 -> "an integer";
      case BOOLEAN -> "true or false";
      case STRING -> "text";
      case CATEGORICAL -> input.categories().isEmpty() ? "a category"
          : "one of the categories " + input.categories();
    };
  }
}

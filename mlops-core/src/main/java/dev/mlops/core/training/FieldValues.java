package dev.mlops.core.training;

import dev.mlops.core.io.internal.MessageValues;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a raw value, from a map or from CSV text, into the one canonical Java value a dataset
 * stores for its column's type, so that equal data gives equal values (and fingerprints) however
 * it was read: {@code Double} for the float types ({@code FLOAT32} rounded to float precision),
 * {@code Integer} for {@code INT32}, {@code Long} for {@code INT64}, {@code Boolean}, and
 * {@code String} for text and categories. Messages say what is wrong but not where: callers add
 * the row, line or column.
 */
final class FieldValues {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private FieldValues() {}

  /**
   * The canonical feature value, or null for a missing optional value.
   *
   * @throws IllegalArgumentException if the value does not fit the field
   */
  static @Nullable Object feature(FieldSpec field, @Nullable Object value) {
    if (value == null) {
      if (!field.optional()) {
        throw new IllegalArgumentException(
            "no value, but the feature is required"
                + " (use FieldSpec.asOptional() to allow missing values)");
      }
      return null;
    }
    return switch (field.type()) {
      case FLOAT32 -> checkFinite(field, (double) (float) number(field, value).doubleValue());
      case FLOAT64 -> checkFinite(field, number(field, value).doubleValue());
      case INT32 -> Math.toIntExact(integral(field, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case INT64 -> integral(field, value, Long.MIN_VALUE, Long.MAX_VALUE);
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          yield b;
        }
        throw wrongType(field, value, "a Boolean");
      }
      case STRING -> text(field, value);
      case CATEGORICAL -> category(field, text(field, value));
    };
  }

  /**
   * The canonical target value: the class name for a categorical target, a {@code Double} for a
   * numeric one.
   *
   * @throws IllegalArgumentException if the value does not fit the target
   */
  static Object target(FieldSpec target, @Nullable Object value) {
    if (value == null) {
      throw new IllegalArgumentException("no target value; every row needs one");
    }
    if (target.type() == DataType.CATEGORICAL) {
      return category(target, text(target, value));
    }
    if (!(feature(target, value) instanceof Number number)) {
      throw new IllegalArgumentException(
          "a " + target.type() + " target is neither categorical nor numeric");
    }
    return number.doubleValue();

  }

  /**
   * Parses CSV text for a column: the empty string is a missing value; numbers are decimal
   * ({@code NaN}, {@code Infinity} and {@code -Infinity} are accepted where the field allows
   * them); booleans are {@code true} or {@code false} in any case.
   *
   * @throws IllegalArgumentException if the text does not parse or the value does not fit
   */
  static @Nullable Object parse(FieldSpec field, String text, boolean isTarget) {
    if (text.isEmpty()) {
      return isTarget ? target(field, null) : feature(field, null);
    }
    Object value = switch (field.type()) {
      case FLOAT32, FLOAT64 -> parseDecimal(field, text);
      case INT32, INT64 -> {
        if (!INTEGER.matcher(text).matches()) {
          throw new IllegalArgumentException(
              MessageValues.quote(text) + " is not an integer, which " + field.type() + " needs");
        }
        try {
          yield Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(MessageValues.quote(text) + " is out of range for " + field.type());
        }
      }
      case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException(
            MessageValues.quote(text) + " is not a boolean; write true or false");
      };
      case STRING, CATEGORICAL -> text;
    };
    return isTarget ? target(field, value) : feature(field, value);
  }

  private static double parseDecimal(FieldSpec field, String text) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "Infinity", "+Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          MessageValues.quote(text) + " is not a decimal number, which " + field.type() + " needs");
    }
    return Double.parseDouble(text);
  }

  private static Number number(FieldSpec field, Object value) {
    if (value instanceof Number n) {
      return n;
    }
    throw wrongType(field, value, "a Number");
  }

  private static double checkFinite(FieldSpec field, double value) {
    if (!Double.isFinite(value) && !field.allowNonFinite()) {
      throw new IllegalArgumentException("the value " + value
          + " is not allowed by the schema (use FieldSpec.allowingNonFinite() to allow it)");
    }
    return value;
  }

  private static long integral(FieldSpec field, Object value, long min, long max) {
    Number n = number(field, value);
    long result;
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      result = n.longValue();
    } else {
      double d = n.doubleValue();
      // 2^63 is exactly representable, so this bounds check is exact for doubles.
      if (!Double.isFinite(d) || d != Math.rint(d) || d >= 0x1p63 || d < -0x1p63) {
        throw new IllegalArgumentException(
            MessageValues.quote(value) + " is not a whole number, which " + field.type() + " needs");
      }
      result = (long) d;
    }
    if (result < min || result > max) {
      throw new IllegalArgumentException(MessageValues.quote(value) + " is out of range for " + field.type());
    }
    return result;
  }

  private static String text(FieldSpec field, Object value) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    throw wrongType(field, value, "a String");
  }

  private static String category(FieldSpec field, String value) {
    if (!field.categories().isEmpty() && !field.categories().contains(value)) {
      throw new IllegalArgumentException(
          MessageValues.quote(value) + " is not one of the categories " + field.categories());
    }
    return value;
  }

  private static IllegalArgumentException wrongType(FieldSpec field, Object value, String needed) {
    return new IllegalArgumentException("got " + value.getClass().getSimpleName() + " "
        + MessageValues.quote(value) + ", but " + field.type() + " needs " + needed);
  }
}

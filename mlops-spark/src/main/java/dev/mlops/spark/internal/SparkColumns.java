package dev.mlops.spark.internal;

import dev.mlops.drift.FeatureKind;
import dev.mlops.registry.DataType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/** Which Spark column types feed which signature types and profile kinds. */
public final class SparkColumns {

  private SparkColumns() {}

  /**
   * Whether a column of a Spark type holds the Java values a signature type takes: any number for
   * floats, integral numbers for integers, booleans for booleans, strings for categories and text.
   *
   * @param type the signature's type
   * @param column the column's Spark type
   * @return true if the values are accepted
   */
  public static boolean feeds(DataType type, org.apache.spark.sql.types.DataType column) {
    return switch (type) {
      case FLOAT32, FLOAT64 -> column instanceof NumericType;
      case INT32, INT64 -> isIntegral(column);
      case BOOLEAN -> column instanceof BooleanType;
      case CATEGORICAL, STRING -> column instanceof StringType;
    };
  }

  /**
   * What the signature type expects, for messages.
   *
   * @param type the signature's type
   * @return such as "a numeric column"
   */
  public static String expected(DataType type) {
    return switch (type) {
      case FLOAT32, FLOAT64 -> "a numeric column";
      case INT32, INT64 -> "an integral column (byte, short, int or long)";
      case BOOLEAN -> "a boolean column";
      case CATEGORICAL, STRING -> "a string column";
    };
  }

  /**
   * How a column is profiled: numbers as numeric features; strings and booleans as categories.
   *
   * @param column the column's Spark type
   * @return the kind, or null if the column cannot be profiled (dates, arrays, structs, ...)
   */
  public static @Nullable FeatureKind profileKind(org.apache.spark.sql.types.DataType column) {
    if (column instanceof NumericType) {
      return FeatureKind.NUMERIC;
    }
    if (column instanceof StringType || column instanceof BooleanType) {
      return FeatureKind.CATEGORICAL;
    }
    return null;
  }

  /**
   * The index of each named column.
   *
   * @param schema the rows' schema
   * @param names the columns
   * @return name to index, in the order given
   * @throws IllegalArgumentException if a column is missing, naming it and those there are
   */
  public static Map<String, Integer> positions(StructType schema, List<String> names) {
    List<String> present = Arrays.asList(schema.fieldNames());
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (String name : names) {
      int at = present.indexOf(name);
      if (at < 0) {
        throw new IllegalArgumentException(
            "The dataset has no column '" + name + "'; it has " + present);
      }
      positions.put(name, at);
    }
    return positions;
  }

  /**
   * A column of a schema.
   *
   * @param schema the schema
   * @param name the column name
   * @return the field, or null if there is none of that name
   */
  public static @Nullable StructField field(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static boolean isIntegral(org.apache.spark.sql.types.DataType column) {
    return column instanceof ByteType || column instanceof ShortType
        || column instanceof IntegerType || column instanceof LongType;
  }
}

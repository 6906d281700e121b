package dev.mlops.spark.internal;

import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * One column that scoring adds: a field of the SDK's output naming rule ({@link PredictionFields}:
 * a label output keeps its name, a score output becomes {@code <output>_<class>} per class), typed
 * for Spark: scores as doubles, integer labels as longs, other labels as strings.
 *
 * @param name the field's name, which is the column's
 * @param type the column's Spark type
 */
public record OutputColumn(String name, DataType type) implements Serializable {

  /**
   * The columns of a signature's served outputs, in order.
   *
   * @param signature the version's signature
   * @return the columns; empty when the signature declares no outputs
   */
  public static List<OutputColumn> of(ModelSignature signature) {
    return PredictionFields.of(signature).fields().stream()
        .map(f -> new OutputColumn(f.name(), sparkType(f.output())))
        .toList();
  }

  /**
   * The column's value in one prediction.
   *
   * @param prediction the prediction of the row
   * @return the named output converted to the column's type; null where the prediction has none
   */
  public @Nullable Object valueOf(Prediction prediction) {
    Object value = prediction.outputs().get(name);
    if (value == null) {
      return null;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return ((Number) value).doubleValue();
    }
    if (type.equals(DataTypes.LongType)) {
      return ((Number) value).longValue();
    }
    return value instanceof String s ? s : String.valueOf(value);
  }

  private static DataType sparkType(FieldSpec output) {
    return switch (output.type()) {
      case FLOAT32, FLOAT64 -> DataTypes.DoubleType;
      case INT32, INT64 -> DataTypes.LongType;
      case BOOLEAN, STRING, CATEGORICAL -> DataTypes.StringType;
    };
  }
}

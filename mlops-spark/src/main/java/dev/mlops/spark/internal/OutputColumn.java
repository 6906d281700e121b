package dev.mlops.spark.internal;

import dev.mlops.predict.Prediction;
import java.io.Serializable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * One column that scoring adds, and where its value comes from in a {@link Prediction}: a class's
 * score (a double), or the predicted label (a string).
 *
 * @param name the column name
 * @param scoreIndex the position in {@link Prediction#scores()}, or -1 for the label
 */
public record OutputColumn(String name, int scoreIndex) implements Serializable {

  /**
   * The column's Spark type.
   *
   * @return double for a score, string for the label
   */
  public DataType sparkType() {
    return scoreIndex < 0 ? DataTypes.StringType : DataTypes.DoubleType;
  }

  /**
   * The column's value in one prediction.
   *
   * @param prediction the prediction of the row
   * @return the score or the label; null where the prediction has none
   */
  public @Nullable Object valueOf(Prediction prediction) {
    if (scoreIndex < 0) {
      return prediction.label();
    }
    return scoreIndex < prediction.scores().size() ? prediction.scores().get(scoreIndex) : null;
  }
}

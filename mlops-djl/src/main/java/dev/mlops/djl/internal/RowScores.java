package dev.mlops.djl.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a model returned for a batch, copied out of native memory: one row of scores per input row
 * and, where the model has a label output, the label it predicted for each row, as the model
 * returned it ({@code String} or {@code Long}).
 *
 * @param scores {@code rows * width} scores, row after row
 * @param rows the number of rows
 * @param width the number of scores per row
 * @param labels one label per row, or null when the model has no label output
 */
public record RowScores(double[] scores, int rows, int width, Object @Nullable [] labels) {

  /**
   * Checks that the dimensions match the values.
   *
   * @throws IllegalArgumentException if the lengths do not match the rows and width
   */
  public RowScores {
    if (scores.length != rows * width || (labels != null && labels.length != rows)) {
      throw new IllegalArgumentException(scores.length + " scores and "
          + (labels == null ? "no" : labels.length) + " labels do not make " + rows
          + " rows of " + width);
    }
  }

  /**
   * The scores of a matrix of float32 scores.
   *
   * @param batch the engine's float scores
   * @return the same values, widened
   */
  static RowScores of(ScoreBatch batch) {
    float[] values = batch.values();
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = values[i];
    }
    return new RowScores(scores, batch.rows(), batch.width(), null);
  }

  /**
   * Splits into one-row parts, for the callers of a micro-batch.
   *
   * @return one part per row
   */
  List<RowScores> split() {
    List<RowScores> parts = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      double[] own = new double[width];
      System.arraycopy(scores, r * width, own, 0, width);
      parts.add(new RowScores(own, 1, width, labels == null ? null : new Object[] {labels[r]}));
    }
    return parts;
  }
}

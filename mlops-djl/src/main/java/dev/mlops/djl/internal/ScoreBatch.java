package dev.mlops.djl.internal;

/**
 * The engine's output for a batch, copied out of native memory: one row of scores per input row.
 *
 * @param values {@code rows * width} scores, row after row
 * @param rows the number of rows
 * @param width the number of scores per row
 */
public record ScoreBatch(float[] values, int rows, int width) {

  /**
   * Checks that the dimensions match the values.
   *
   * @throws IllegalArgumentException if {@code values.length != rows * width}
   */
  public ScoreBatch {
    if (values.length != rows * width) {
      throw new IllegalArgumentException(
          values.length + " scores do not make " + rows + " rows of " + width);
    }
  }

  /**
   * The scores of one row.
   *
   * @param row the row index
   * @return its scores, widened to double
   */
  public double[] row(int row) {
    double[] out = new double[width];
    for (int i = 0; i < width; i++) {
      out[i] = values[row * width + i];
    }
    return out;
  }
}

package dev.mlops.djl.internal;

/**
 * Validated tabular rows encoded as one row-major float32 matrix, ready for the engine.
 *
 * @param values {@code rows * columns} values, row after row
 * @param rows the number of rows
 * @param columns the number of features per row
 */
public record EncodedBatch(float[] values, int rows, int columns) {

  /**
   * Checks that the dimensions match the values.
   *
   * @throws IllegalArgumentException if {@code values.length != rows * columns}
   */
  public EncodedBatch {
    if (values.length != rows * columns) {
      throw new IllegalArgumentException(
          values.length + " values do not make " + rows + " rows of " + columns);
    }
  }
}

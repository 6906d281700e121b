package dev.mlops.djl.internal;

import java.util.List;

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

  /**
   * Concatenates batches of the same width, row after row.
   *
   * @param parts the batches, at least one
   * @return one batch with every row
   */
  static EncodedBatch join(List<EncodedBatch> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int columns = parts.get(0).columns();
    int rows = parts.stream().mapToInt(EncodedBatch::rows).sum();
    float[] values = new float[rows * columns];
    int at = 0;
    for (EncodedBatch part : parts) {
      System.arraycopy(part.values(), 0, values, at, part.values().length);
      at += part.values().length;
    }
    return new EncodedBatch(values, rows, columns);
  }
}

package dev.mlops.djl.internal;

import dev.mlops.djl.internal.TabularEncoder.ColumnType;
import java.lang.reflect.Array;
import java.util.List;

/**
 * Validated tabular rows encoded as one typed array per feature, in signature order: {@code
 * float[]}, {@code double[]}, {@code long[]}, {@code int[]}, {@code boolean[]} or {@code
 * String[]}, each with one element per row.
 *
 * @param columns the arrays
 * @param rows the number of rows
 */
public record ColumnBatch(Object[] columns, int rows) {

  /**
   * An empty array of a column type.
   *
   * @param type the column type
   * @param rows its length
   * @return the array
   */
  static Object newColumn(ColumnType type, int rows) {
    return switch (type) {
      case FLOAT -> new float[rows];
      case DOUBLE -> new double[rows];
      case INT64 -> new long[rows];
      case INT32 -> new int[rows];
      case BOOL -> new boolean[rows];
      case STRING -> new String[rows];
    };
  }

  /**
   * Concatenates batches of the same columns, row after row.
   *
   * @param parts the batches, at least one
   * @return one batch with every row
   */
  static ColumnBatch join(List<ColumnBatch> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int rows = parts.stream().mapToInt(ColumnBatch::rows).sum();
    Object[] first = parts.get(0).columns();
    Object[] joined = new Object[first.length];
    for (int c = 0; c < first.length; c++) {
      Object column = Array.newInstance(first[c].getClass().getComponentType(), rows);
      int at = 0;
      for (ColumnBatch part : parts) {
        System.arraycopy(part.columns()[c], 0, column, at, part.rows());
        at += part.rows();
      }
      joined[c] = column;
    }
    return new ColumnBatch(joined, rows);
  }
}

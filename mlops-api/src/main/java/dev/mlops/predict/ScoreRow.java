package dev.mlops.predict;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One row of a batch's scores, read from the batch's array (boxed on access) instead of copied:
 * the scores of a {@link Prediction} made by {@link PredictionFields#scores}. Immutable: nobody
 * writes the array once the rows are made.
 */
final class ScoreRow extends AbstractList<Double> implements RandomAccess {

  private final double[] values;
  private final int offset;
  private final int width;

  ScoreRow(double[] values, int offset, int width) {
    Objects.checkFromIndexSize(offset, width, values.length);
    this.values = values;
    this.offset = offset;
    this.width = width;
  }

  @Override
  public Double get(int index) {
    return values[offset + Objects.checkIndex(index, width)];
  }

  @Override
  public int size() {
    return width;
  }
}

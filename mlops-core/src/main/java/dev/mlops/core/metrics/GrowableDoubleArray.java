package dev.mlops.core.metrics;

import java.util.Arrays;

/** An append-only list of primitive doubles, so that stored rows are not boxed. */
final class GrowableDoubleArray {

  private double[] values = new double[16];
  private int size;

  void add(double value) {
    ensureCapacity(size + 1);
    values[size++] = value;
  }

  void addAll(GrowableDoubleArray other) {
    // Read the source before growing: other may be this array.
    double[] source = other.values;
    int length = other.size;
    ensureCapacity(size + length);
    System.arraycopy(source, 0, values, size, length);
    size += length;
  }

  double get(int index) {
    return values[index];
  }

  int size() {
    return size;
  }

  private void ensureCapacity(int needed) {
    if (needed < 0) {
      throw new IllegalStateException("too many rows for one accumulator: bound the window");
    }
    if (needed > values.length) {
      int grown = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needed, values.length * 2L));
      values = Arrays.copyOf(values, grown);
    }
  }
}

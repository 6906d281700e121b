package dev.mlops.core.training;

import dev.mlops.registry.DataType;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One column of a {@link TabularDataset}, stored as a primitive array where the type allows (a
 * million-row float column costs 8 MB, not the 24 MB of boxed values), with missing values in a
 * bit set. Immutable once built.
 */
abstract sealed class Column {

  /** The number of rows. */
  abstract int size();

  /** The canonical value of a row, or null where it is missing. */
  abstract @Nullable Object get(int row);

  /** The rows at these indices, in this order. */
  abstract Column subset(int[] rows);

  /**
   * Builds a column from canonical values (see {@link FieldValues}) of one type.
   *
   * @param type the column's type
   * @param values the values, null where missing
   */
  static Column of(DataType type, List<@Nullable Object> values) {
    int n = values.size();
    BitSet missing = new BitSet(n);
    for (int i = 0; i < n; i++) {
      if (values.get(i) == null) {
        missing.set(i);
      }
    }
    return switch (type) {
      case FLOAT32, FLOAT64 -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = values.get(i) instanceof Double d ? d : 0;
        }
        yield new Doubles(a, missing);
      }
      case INT32, INT64 -> {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
          a[i] = values.get(i) instanceof Number v ? v.longValue() : 0;
        }
        yield new Longs(a, missing, type == DataType.INT32);
      }
      case BOOLEAN -> {
        BitSet a = new BitSet(n);
        for (int i = 0; i < n; i++) {
          a.set(i, Boolean.TRUE.equals(values.get(i)));
        }
        yield new Booleans(a, missing, n);
      }
      case STRING, CATEGORICAL -> {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
          a[i] = (String) values.get(i);
        }
        yield new Texts(a);
      }
    };
  }

  static BitSet pick(BitSet bits, int[] rows) {
    BitSet picked = new BitSet(rows.length);
    for (int i = 0; i < rows.length; i++) {
      picked.set(i, bits.get(rows[i]));
    }
    return picked;
  }

  static void checkIndices(int[] rows, int size) {
    for (int r : rows) {
      if (r < 0 || r >= size) {
        throw new IndexOutOfBoundsException("Row " + r + " does not exist; there are " + size);
      }
    }
  }

  /** Float columns; {@code FLOAT32} values are already rounded to float precision. */
  static final class Doubles extends Column {
    private final double[] values;
    private final BitSet missing;

    Doubles(double[] values, BitSet missing) {
      this.values = values;
      this.missing = missing;
    }

    @Override
    int size() {
      return values.length;
    }

    @Override
    @Nullable Object get(int row) {
      return missing.get(row) ? null : values[row];
    }

    /** The primitive value; only meaningful where the value is present. */
    double value(int row) {
      return values[row];
    }

    @Override
    Column subset(int[] rows) {
      double[] a = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        a[i] = values[rows[i]];
      }
      return new Doubles(a, pick(missing, rows));
    }
  }

  /** Integer columns, boxed as {@code Integer} for {@code INT32}, {@code Long} for {@code INT64}. */
  static final class Longs extends Column {
    private final long[] values;
    private final BitSet missing;
    private final boolean int32;

    Longs(long[] values, BitSet missing, boolean int32) {
      this.values = values;
      this.missing = missing;
      this.int32 = int32;
    }

    @Override
    int size() {
      return values.length;
    }

    @Override
    @Nullable Object get(int row) {
      if (missing.get(row)) {
        return null;
      }
      // Not a conditional expression: that would promote the Integer to a Long.
      if (int32) {
        return Integer.valueOf((int) values[row]);
      }
      return Long.valueOf(values[row]);
    }

    @Override
    Column subset(int[] rows) {
      long[] a = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        a[i] = values[rows[i]];
      }
      return new Longs(a, pick(missing, rows), int32);
    }
  }

  /** Boolean columns, one bit per value. */
  static final class Booleans extends Column {
    private final BitSet values;
    private final BitSet missing;
    private final int size;

    Booleans(BitSet values, BitSet missing, int size) {
      this.values = values;
      this.missing = missing;
      this.size = size;
    }

    @Override
    int size() {
      return size;
    }

    @Override
    @Nullable Object get(int row) {
      Objects.checkIndex(row, size);
      return missing.get(row) ? null : values.get(row);
    }

    @Override
    Column subset(int[] rows) {
      return new Booleans(pick(values, rows), pick(missing, rows), rows.length);
    }
  }

  /** Text and category columns; null marks a missing value. */
  static final class Texts extends Column {
    private final @Nullable String[] values;

    Texts(@Nullable String[] values) {
      this.values = values;
    }

    @Override
    int size() {
      return values.length;
    }

    @Override
    @Nullable Object get(int row) {
      return values[row];
    }

    @Override
    Column subset(int[] rows) {
      @Nullable String[] a = new String[rows.length];
      for (int i = 0; i < rows.length; i++) {
        a[i] = values[rows[i]];
      }
      return new Texts(a);
    }
  }
}

package dev.mlops.core.drift;

import dev.mlops.drift.FeatureColumn;
import java.util.Arrays;

/**
 * The distinct values of a numeric feature that holds NaN or infinities (possible in a {@link
 * FeatureColumn.Numeric} built by hand), counted from sorted copies of both samples; the tests
 * then reject such a feature with their own messages. Finite features are counted by {@link
 * NumericComparison} instead.
 */
final class SortedSamples {

  private SortedSamples() {}

  /**
   * The number of distinct values over both samples, with -0.0 and 0.0 one value and all NaNs one
   * value, as a {@code HashSet<Double>} of {@code value + 0.0} counts them: a merge of the two
   * sorted arrays in {@code Arrays.sort}'s order, where equal values are adjacent.
   */
  static long distinct(FeatureColumn.Numeric referenceColumn, FeatureColumn.Numeric currentColumn) {
    double[] reference = referenceColumn.values();
    double[] current = currentColumn.values();
    Arrays.sort(reference);
    Arrays.sort(current);
    int n = reference.length;
    int m = current.length;
    int i = 0;
    int j = 0;
    long distinct = 0;
    double previous = 0.0;
    boolean first = true;
    while (i < n || j < m) {
      double value = j >= m || (i < n && Double.compare(reference[i], current[j]) <= 0)
          ? reference[i++] : current[j++];
      if (first || !same(previous, value)) {
        distinct++;
        first = false;
      }
      previous = value;
    }
    return distinct;
  }

  /** Equality of {@code Double.valueOf(a + 0.0)} and {@code Double.valueOf(b + 0.0)}. */
  private static boolean same(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }
}

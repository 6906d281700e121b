package dev.mlops.core.drift;

import dev.mlops.drift.FeatureColumn;
import java.util.Arrays;

/**
 * The present values of a numeric feature's reference and current samples, each sorted once so
 * that counting distinct values, the Wasserstein distance and the histogram share one sort
 * instead of boxing every value into a hash set and sorting again in each test.
 */
final class SortedSamples {

  private final double[] reference;
  private final double[] current;

  private SortedSamples(double[] reference, double[] current) {
    this.reference = reference;
    this.current = current;
  }

  /** Sorts copies of both columns' values ({@code values()} already copies). */
  static SortedSamples of(FeatureColumn.Numeric reference, FeatureColumn.Numeric current) {
    double[] ref = reference.values();
    double[] cur = current.values();
    Arrays.sort(ref);
    Arrays.sort(cur);
    return new SortedSamples(ref, cur);
  }

  /** The reference values, ascending; not copied, so callers must not modify it. */
  double[] reference() {
    return reference;
  }

  /** The current values, ascending; not copied, so callers must not modify it. */
  double[] current() {
    return current;
  }

  /**
   * Whether every value is finite: {@code Arrays.sort} puts negative infinity first and positive
   * infinity and NaN last, so the ends of each array decide.
   */
  boolean finite() {
    return finiteEnds(reference) && finiteEnds(current);
  }

  /**
   * The number of distinct values over both samples, with -0.0 and 0.0 one value and all NaNs one
   * value, as a {@code HashSet<Double>} of {@code value + 0.0} counts them: a merge of the two
   * sorted arrays in {@code Arrays.sort}'s order, where equal values are adjacent.
   */
  long distinct() {
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

  private static boolean finiteEnds(double[] sorted) {
    return sorted.length == 0
        || (Double.isFinite(sorted[0]) && Double.isFinite(sorted[sorted.length - 1]));
  }
}

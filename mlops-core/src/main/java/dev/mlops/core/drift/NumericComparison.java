package dev.mlops.core.drift;

import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.core.drift.stats.WassersteinDistance;
import dev.mlops.core.drift.stats.internal.TwoSampleOrder;
import org.jspecify.annotations.Nullable;

/**
 * Everything the exact report needs of a numeric feature whose values are all finite, from one
 * ordered walk of both samples ({@link TwoSampleOrder}): the number of distinct values, the
 * Wasserstein-1 distance, the Kolmogorov-Smirnov statistic D, the Sturges histogram of both
 * samples and the reference's standard deviation.
 *
 * <p>Each is computed with the operations, in the order, of the public computation it stands
 * for, so the report is the same to the last bit: {@code WassersteinDistance.distance} and
 * {@code KolmogorovSmirnovTest.statistic} step through the distinct values in ascending order
 * with the same {@code i / n - j / m}, {@code HistogramBins.sturgesEdges} and {@code counts} bin
 * the same values, and {@code WassersteinDistance.populationStandardDeviation} sums the reference
 * in its original order. {@code SortedColumnAnalysisTest} holds the report to the straightforward
 * computation.
 */
final class NumericComparison implements TwoSampleOrder.Runs {

  private final double[] referenceShares;
  private final double[] currentShares;
  private final double[] edges;
  private final long[] referenceBins;
  private final long[] currentBins;
  private final double referenceSpread;
  private int inReference;
  private int inCurrent;
  private double previous;
  private long distinct;
  private double wasserstein;
  private double ks;
  private int edgesBelow;

  private NumericComparison(double[] referenceShares, double[] currentShares, double min,
      double max, double referenceSpread) {
    this.referenceShares = referenceShares;
    this.currentShares = currentShares;
    int referenceSize = referenceShares.length - 1;
    int currentSize = currentShares.length - 1;
    this.edges = HistogramBins.sturgesEdges(min, max, (long) referenceSize + currentSize);
    this.referenceBins = new long[edges.length - 1];
    this.currentBins = new long[edges.length - 1];
    this.referenceSpread = referenceSpread;
    this.previous = min;
  }

  /**
   * Compares two non-empty samples, or returns null when a value is not finite (the tests then
   * reject the feature with their own messages).
   *
   * @param reference the reference values, in their original order; not modified
   * @param current the current values; not modified
   * @param workspace the calling thread's workspace
   */
  static @Nullable NumericComparison of(double[] reference, double[] current, Workspace workspace) {
    double[] referenceRange = finiteRange(reference);
    double[] currentRange = finiteRange(current);
    if (referenceRange == null || currentRange == null) {
      return null;
    }
    double min = Math.min(referenceRange[0], currentRange[0]);
    double max = Math.max(referenceRange[1], currentRange[1]);
    NumericComparison comparison = new NumericComparison(workspace.shares(reference.length),
        workspace.shares(current.length), min, max,
        WassersteinDistance.populationStandardDeviation(reference));
    workspace.order.walk(reference, current, min, max, comparison);
    return comparison;
  }

  @Override
  public void run(double[] values, byte[] inSecond, int size) {
    double[] referenceShare = referenceShares;
    double[] currentShare = currentShares;
    int i = inReference;
    int j = inCurrent;
    double last = previous;
    double area = wasserstein;
    double d = ks;
    long groups = distinct;
    int k = 0;
    while (k < size) {
      double value = values[k];
      int start = k;
      int second = 0;
      do {
        second += inSecond[k++];
      } while (k < size && values[k] == value);
      int first = k - start - second;
      // |F(x) - G(x)| just below this value: the KS gap after the previous value, and the height
      // of the area between the two distribution functions from the previous value to this one.
      double gap = Math.abs(referenceShare[i] - currentShare[j]);
      d = gap > d ? gap : d; // Math.max, for these non-negative gaps
      area += gap * (value - last);
      i += first;
      j += second;
      last = value;
      groups++;
      count(value, first, second);
    }
    inReference = i;
    inCurrent = j;
    previous = last;
    wasserstein = area;
    ks = d;
    distinct = groups;
  }

  /** As {@code HistogramBins.counts}: bins {@code [e_i, e_(i+1))}, the last one closed. */
  private void count(double value, int inFirst, int inSecond) {
    while (edgesBelow < edges.length && edges[edgesBelow] <= value) {
      edgesBelow++;
    }
    int bins = referenceBins.length;
    int index = edgesBelow - 1;
    if (index < 0 || (index >= bins && value != edges[bins])) {
      return;
    }
    index = Math.min(index, bins - 1);
    referenceBins[index] += inFirst;
    currentBins[index] += inSecond;
  }

  long distinct() {
    return distinct;
  }

  /** The Wasserstein-1 distance, as {@code WassersteinDistance.distance(reference, current)}. */
  double wassersteinDistance() {
    return wasserstein;
  }

  /** D, as {@code KolmogorovSmirnovTest.statistic(reference, current)}. */
  double ksStatistic() {
    return ks;
  }

  /** The reference's population standard deviation, as {@code numpy.std}. */
  double referenceSpread() {
    return referenceSpread;
  }

  double[] histogramEdges() {
    return edges;
  }

  long[] referenceHistogram() {
    return referenceBins;
  }

  long[] currentHistogram() {
    return currentBins;
  }

  /** The minimum and maximum (as Math.min and Math.max find them), or null if a value is not finite. */
  private static double @Nullable [] finiteRange(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return null;
      }
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return new double[] {min, max};
  }

  /**
   * One thread's scratch space for comparisons: the walk's arrays, and the shares {@code i / n}
   * for the last two sample sizes, since a table's features usually share their sizes and a
   * lookup is cheaper than the division each distinct value would otherwise take.
   */
  static final class Workspace {
    final TwoSampleOrder order = new TwoSampleOrder();
    private double[] shares = new double[1];
    private double[] otherShares = new double[1];

    /** {@code i / (double) n} for i from 0 to n, the exact quotients the tests compute. */
    double[] shares(int n) {
      if (shares.length != n + 1) {
        double[] swap = shares;
        shares = otherShares;
        otherShares = swap;
      }
      if (shares.length != n + 1) {
        double size = n;
        shares = new double[n + 1];
        for (int i = 0; i <= n; i++) {
          shares[i] = i / size;
        }
      }
      return shares;
    }
  }
}

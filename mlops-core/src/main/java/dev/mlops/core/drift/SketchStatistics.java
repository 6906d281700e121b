package dev.mlops.core.drift;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Drift statistics estimated from two {@link NumericProfile}s. Each profile is read as a weighted
 * sample with a step CDF: its exact value counts while it tracks them (few distinct values), else
 * the retained items of its KLL sketch with their weights, whose CDF is within the sketch's rank
 * error of the true empirical CDF. So:
 *
 * <ul>
 *   <li>the KS statistic (the largest CDF gap) is within {@code eps1 + eps2} of the exact one, and
 *       exact while both profiles hold every value or count every distinct value;
 *   <li>the Wasserstein-1 distance is the area between the two step CDFs, as scipy's {@code
 *       wasserstein_distance} computes it for samples;
 *   <li>bin shares are the weights of the items in each bin, each within {@code 2 eps} of exact.
 * </ul>
 */
final class SketchStatistics {

  private SketchStatistics() {}

  /**
   * The two-sample Kolmogorov-Smirnov statistic between the profiled distributions.
   *
   * @param reference a profile with at least one value
   * @param current a profile with at least one value
   * @return sup |F_ref(x) - F_cur(x)|, in [0, 1]
   */
  static double ksStatistic(NumericProfile reference, NumericProfile current) {
    StepCdf a = StepCdf.of(reference);
    StepCdf b = StepCdf.of(current);
    double d = 0.0;
    while (a.hasNext() || b.hasNext()) {
      double x = Math.min(a.peek(), b.peek());
      a.advanceTo(x);
      b.advanceTo(x);
      d = Math.max(d, Math.abs(a.value() - b.value()));
    }
    return d;
  }

  /**
   * The Wasserstein-1 distance between the profiled distributions: the integral of |F_ref -
   * F_cur| over the real line.
   *
   * @param reference a profile with at least one value
   * @param current a profile with at least one value
   * @return the distance, in the unit of the feature
   */
  static double wasserstein(NumericProfile reference, NumericProfile current) {
    StepCdf a = StepCdf.of(reference);
    StepCdf b = StepCdf.of(current);
    double area = 0.0;
    double previousX = Double.NaN;
    double previousGap = 0.0;
    while (a.hasNext() || b.hasNext()) {
      double x = Math.min(a.peek(), b.peek());
      if (!Double.isNaN(previousX)) {
        area += previousGap * (x - previousX);
      }
      a.advanceTo(x);
      b.advanceTo(x);
      previousX = x;
      previousGap = Math.abs(a.value() - b.value());
    }
    return area;
  }

  /**
   * The estimated number of a profile's values in each bin, where bin {@code i} is {@code
   * [edges[i], edges[i+1])} and the last bin also holds its upper edge, as numpy's {@code
   * histogram} counts. Values outside the edges are not counted.
   *
   * <p>While the profile holds every value (or counts every distinct value) the counts are exact.
   * Once the sketch has compacted, each retained item stands for {@code w} values near it; the
   * counts then come from the CDF interpolated linearly between consecutive retained items (an
   * item's weight spread over the gap since the previous one, anchored at the exact minimum), which
   * estimates sparse tail bins far better than placing all {@code w} values on the item.
   *
   * @param profile a profile
   * @param edges increasing bin edges, at least two
   * @return one count per bin; they sum to the profile's count when the edges span its range
   */
  static long[] binCounts(NumericProfile profile, double[] edges) {
    StepCdf cdf = StepCdf.of(profile);
    int bins = edges.length - 1;
    long[] counts = new long[bins];
    if (profile.valueCounts().isPresent() || !profile.sketch().isEstimationMode()) {
      long previous = 0;
      for (int i = 0; i < cdf.values.length; i++) {
        long weight = cdf.cumulativeWeights[i] - previous;
        previous = cdf.cumulativeWeights[i];
        int bin = Binning.binOf(edges, cdf.values[i]);
        if (bin >= 0) {
          counts[bin] += weight;
        }
      }
      return counts;
    }
    double below = cdf.interpolated(edges[0], profile.min());
    for (int i = 0; i < bins; i++) {
      double upTo = i == bins - 1 && edges[bins] >= profile.max()
          ? cdf.n : cdf.interpolated(edges[i + 1], profile.min());
      counts[i] = Math.round(upTo) - Math.round(below);
      below = upTo;
    }
    return counts;
  }

  /**
   * The estimated number of a profile's values equal to each of the given values, and in a last
   * entry the number of all other values.
   *
   * @param profile a profile
   * @param values distinct values in increasing order
   * @return {@code values.length + 1} counts summing to the profile's count
   */
  static long[] pointCounts(NumericProfile profile, double[] values) {
    StepCdf cdf = StepCdf.of(profile);
    long[] counts = new long[values.length + 1];
    long previous = 0;
    for (int i = 0; i < cdf.values.length; i++) {
      long weight = cdf.cumulativeWeights[i] - previous;
      previous = cdf.cumulativeWeights[i];
      int position = Arrays.binarySearch(values, cdf.values[i]);
      counts[position >= 0 ? position : values.length] += weight;
    }
    return counts;
  }

  /** A weighted sample in increasing order, read as a right-continuous step CDF. */
  private static final class StepCdf {
    private final double[] values;
    private final long[] cumulativeWeights;
    private final double n;
    private int next;

    private StepCdf(double[] values, long[] cumulativeWeights, long n) {
      this.values = values;
      this.cumulativeWeights = cumulativeWeights;
      this.n = n;
    }

    static StepCdf of(NumericProfile profile) {
      SortedMap<Double, Long> counts = profile.valueCounts().orElse(null);
      if (counts != null) {
        double[] values = new double[counts.size()];
        long[] cumulative = new long[counts.size()];
        long total = 0;
        int i = 0;
        for (Map.Entry<Double, Long> entry : counts.entrySet()) {
          total += entry.getValue();
          values[i] = entry.getKey();
          cumulative[i++] = total;
        }
        return new StepCdf(values, cumulative, total);
      }
      DoublesSortedView view = profile.sketch().getSortedView();
      return new StepCdf(view.getQuantiles(), view.getCumulativeWeights(), view.getN());
    }

    boolean hasNext() {
      return next < values.length;
    }

    double peek() {
      return hasNext() ? values[next] : Double.POSITIVE_INFINITY;
    }

    void advanceTo(double x) {
      while (next < values.length && values[next] <= x) {
        next++;
      }
    }

    double value() {
      return next == 0 ? 0.0 : cumulativeWeights[next - 1] / n;
    }

    /**
     * The number of values below x, with each item's weight spread evenly over the gap since the
     * previous item (the first item's from the exact minimum).
     */
    double interpolated(double x, double min) {
      if (x <= min) {
        return 0.0;
      }
      int after = upperBound(x);
      if (after == values.length) {
        return n;
      }
      double left = after == 0 ? min : values[after - 1];
      long base = after == 0 ? 0 : cumulativeWeights[after - 1];
      long weight = cumulativeWeights[after] - base;
      if (!(values[after] > left)) {
        return base;
      }
      return base + weight * (x - left) / (values[after] - left);
    }

    /** The index of the first item greater than x. */
    private int upperBound(double x) {
      int low = 0;
      int high = values.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (values[mid] <= x) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }
}

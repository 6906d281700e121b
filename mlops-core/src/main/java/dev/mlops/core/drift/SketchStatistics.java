package dev.mlops.core.drift;

import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Drift statistics estimated from the KLL sketches of two {@link NumericProfile}s. Each sketch's
 * sorted view is a weighted sample whose step CDF is within the sketch's rank error of the true
 * empirical CDF, so:
 *
 * <ul>
 *   <li>the KS statistic (the largest CDF gap) is within {@code eps1 + eps2} of the exact one, and
 *       exact while both sketches still hold every value;
 *   <li>the Wasserstein-1 distance (the area between the CDFs) is the same integral over the
 *       sketched CDFs;
 *   <li>bin probabilities come from the sketches' CDFs at the bin edges, each within {@code 2 eps}.
 * </ul>
 */
final class SketchStatistics {

  private SketchStatistics() {}

  /**
   * The two-sample Kolmogorov-Smirnov statistic between the sketched distributions.
   *
   * @param reference a profile with at least one value
   * @param current a profile with at least one value
   * @return sup |F_ref(x) - F_cur(x)|, in [0, 1]
   */
  static double ksStatistic(NumericProfile reference, NumericProfile current) {
    StepCdf a = new StepCdf(reference.sketch().getSortedView());
    StepCdf b = new StepCdf(current.sketch().getSortedView());
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
   * The Wasserstein-1 distance between the sketched distributions: the integral of |F_ref - F_cur|
   * over the real line, as scipy's {@code wasserstein_distance} computes it for samples.
   *
   * @param reference a profile with at least one value
   * @param current a profile with at least one value
   * @return the distance, in the unit of the feature
   */
  static double wasserstein(NumericProfile reference, NumericProfile current) {
    StepCdf a = new StepCdf(reference.sketch().getSortedView());
    StepCdf b = new StepCdf(current.sketch().getSortedView());
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
   * The estimated share of a profile's values in each bin; bin {@code i} is {@code [edges[i],
   * edges[i+1])}, the last bin also holds its upper edge, as numpy's {@code histogram} counts.
   *
   * @param profile a profile with at least one value, all within [edges[0], edges[last]]
   * @param edges increasing bin edges, at least two
   * @return one share per bin, summing to 1
   */
  static double[] binShares(NumericProfile profile, double[] edges) {
    int bins = edges.length - 1;
    if (bins == 1) {
      return new double[] {1.0};
    }
    double[] interior = new double[bins - 1];
    System.arraycopy(edges, 1, interior, 0, bins - 1);
    // EXCLUSIVE ranks split at each interior edge with the edge itself in the upper bin: [a, b)
    return profile.sketch().getPMF(interior, QuantileSearchCriteria.EXCLUSIVE);
  }

  /** Walks a sketch's sorted view as a right-continuous step CDF. */
  private static final class StepCdf {
    private final double[] quantiles;
    private final long[] cumulativeWeights;
    private final double n;
    private int next;

    StepCdf(DoublesSortedView view) {
      this.quantiles = view.getQuantiles();
      this.cumulativeWeights = view.getCumulativeWeights();
      this.n = view.getN();
    }

    boolean hasNext() {
      return next < quantiles.length;
    }

    double peek() {
      return hasNext() ? quantiles[next] : Double.POSITIVE_INFINITY;
    }

    void advanceTo(double x) {
      while (next < quantiles.length && quantiles[next] <= x) {
        next++;
      }
    }

    double value() {
      return next == 0 ? 0.0 : cumulativeWeights[next - 1] / n;
    }
  }
}

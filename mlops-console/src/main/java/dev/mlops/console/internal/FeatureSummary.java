package dev.mlops.console.internal;

import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Summary statistics of one side (reference or current) of a feature in a stored drift report.
 * A report keeps each feature's distribution, not its values, so for numeric features the mean,
 * standard deviation and quantiles are estimated from the histogram: every value is taken at its
 * bin's midpoint for the mean and standard deviation, and quantiles are interpolated linearly
 * within the bin where the cumulative count crosses them. The missing share is exact.
 *
 * @param present values present (the report's count)
 * @param missing values missing
 * @param mean the estimated mean, NaN without a histogram or values
 * @param std the estimated population standard deviation, NaN likewise
 * @param quantiles the estimated 5th, 25th, 50th, 75th and 95th percentiles, empty likewise
 * @param topCategories for categorical distributions, up to five categories with their share of
 *     the listed values, most frequent first
 */
record FeatureSummary(long present, long missing, double mean, double std, List<Double> quantiles,
    List<Map.Entry<String, Double>> topCategories) {

  /** The quantile ranks of {@link #quantiles}. */
  static final double[] RANKS = {0.05, 0.25, 0.5, 0.75, 0.95};

  private static final int TOP = 5;

  FeatureSummary {
    quantiles = List.copyOf(quantiles);
    topCategories = List.copyOf(topCategories);
  }

  /**
   * The share of values that are missing.
   *
   * @return between 0 and 1; 0 when there are no values at all
   */
  double missingShare() {
    long all = present + missing;
    return all == 0 ? 0.0 : (double) missing / all;
  }

  /**
   * The reference side of a feature.
   *
   * @param feature the feature
   * @return the summary
   */
  static FeatureSummary reference(FeatureDrift feature) {
    FeatureDistribution d = feature.distribution();
    if (d instanceof FeatureDistribution.Histogram h) {
      return numeric(feature.referenceCount(), feature.referenceMissing(), h.edges(), h.referenceCounts());
    }
    if (d instanceof FeatureDistribution.Categories c) {
      return categorical(feature.referenceCount(), feature.referenceMissing(), c.categories(),
          c.referenceCounts(), c.referenceOther());
    }
    return empty(feature.referenceCount(), feature.referenceMissing());
  }

  /**
   * The current side of a feature.
   *
   * @param feature the feature
   * @return the summary
   */
  static FeatureSummary current(FeatureDrift feature) {
    FeatureDistribution d = feature.distribution();
    if (d instanceof FeatureDistribution.Histogram h) {
      return numeric(feature.currentCount(), feature.currentMissing(), h.edges(), h.currentCounts());
    }
    if (d instanceof FeatureDistribution.Categories c) {
      return categorical(feature.currentCount(), feature.currentMissing(), c.categories(),
          c.currentCounts(), c.currentOther());
    }
    return empty(feature.currentCount(), feature.currentMissing());
  }

  /**
   * Estimates from a histogram.
   *
   * @param present values present
   * @param missing values missing
   * @param edges the bin edges, one more than the counts
   * @param counts values per bin
   * @return the summary
   */
  static FeatureSummary numeric(long present, long missing, List<Double> edges, List<Long> counts) {
    long total = counts.stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return empty(present, missing);
    }
    double sum = 0;
    for (int i = 0; i < counts.size(); i++) {
      sum += counts.get(i) * midpoint(edges, i);
    }
    double mean = sum / total;
    double squares = 0;
    for (int i = 0; i < counts.size(); i++) {
      double gap = midpoint(edges, i) - mean;
      squares += counts.get(i) * gap * gap;
    }
    List<Double> quantiles = new ArrayList<>();
    for (double rank : RANKS) {
      quantiles.add(quantile(edges, counts, total, rank));
    }
    return new FeatureSummary(present, missing, mean, Math.sqrt(squares / total), quantiles, List.of());
  }

  private static FeatureSummary categorical(long present, long missing, List<String> categories,
      List<Long> counts, long other) {
    long total = counts.stream().mapToLong(Long::longValue).sum() + other;
    List<Map.Entry<String, Double>> top = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      top.add(Map.entry(categories.get(i), total == 0 ? 0.0 : (double) counts.get(i) / total));
    }
    top.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return new FeatureSummary(present, missing, Double.NaN, Double.NaN, List.of(),
        top.subList(0, Math.min(TOP, top.size())));
  }

  private static FeatureSummary empty(long present, long missing) {
    return new FeatureSummary(present, missing, Double.NaN, Double.NaN, List.of(), List.of());
  }

  private static double midpoint(List<Double> edges, int bin) {
    return (edges.get(bin) + edges.get(bin + 1)) / 2;
  }

  private static double quantile(List<Double> edges, List<Long> counts, long total, double rank) {
    double target = rank * total;
    double cumulative = 0;
    for (int i = 0; i < counts.size(); i++) {
      long count = counts.get(i);
      if (count > 0 && cumulative + count >= target) {
        double within = (target - cumulative) / count;
        return edges.get(i) + within * (edges.get(i + 1) - edges.get(i));
      }
      cumulative += count;
    }
    return edges.get(edges.size() - 1);
  }
}

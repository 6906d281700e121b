package dev.mlops.core.drift.stats;

import dev.mlops.drift.FeatureColumn;

/**
 * The per-bin counts of the two samples for the binned distances, chosen as Evidently's
 * {@code get_binned_data} chooses them: Sturges bins over both samples for a numeric feature with
 * more than {@value #MAX_VALUES_AS_CATEGORIES} distinct reference values, otherwise one bin per
 * value (category) of the union of both samples.
 *
 * @param reference the reference count of each bin
 * @param current the current count of each bin
 */
record BinnedCounts(long[] reference, long[] current) {

  /** Up to this many distinct reference values, a numeric feature is binned by value. */
  static final int MAX_VALUES_AS_CATEGORIES = 20;

  static BinnedCounts of(FeatureColumn reference, FeatureColumn current, String method) {
    if (reference instanceof FeatureColumn.Numeric && current instanceof FeatureColumn.Numeric) {
      double[] ref = Columns.numeric(reference, "reference", method);
      double[] cur = Columns.numeric(current, "current", method);
      if (HistogramBins.distinct(ref) > MAX_VALUES_AS_CATEGORIES) {
        double[] edges = HistogramBins.sturgesEdges(ref, cur);
        return new BinnedCounts(HistogramBins.counts(ref, edges), HistogramBins.counts(cur, edges));
      }
    }
    CategoryCounts counts = CategoryCounts.of(reference, current, method);
    return new BinnedCounts(counts.reference(), counts.current());
  }

  /** Each count divided by the total, as shares of the sample. */
  static double[] shares(long[] counts) {
    double total = CategoryCounts.total(counts);
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = counts[i] / total;
    }
    return shares;
  }
}

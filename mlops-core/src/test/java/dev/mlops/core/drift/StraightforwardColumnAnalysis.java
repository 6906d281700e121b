package dev.mlops.core.drift;

import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The exact analysis of one feature as it was computed before the values were sorted once per
 * column: every value boxed into a hash set to count the distinct ones, each test sorting its own
 * copies, and the histogram found by a binary search per value. Kept as the reference that the
 * fast path must match bit for bit (custom detectors are not covered; they never took the fast
 * path).
 */
final class StraightforwardColumnAnalysis {

  private StraightforwardColumnAnalysis() {}

  static FeatureDrift run(
      DriftAnalyzer analyzer, String feature, FeatureColumn reference, FeatureColumn current) {
    FeatureKind kind = FeatureKind.of(reference);
    DistinctValues distinct = distinctValues(reference, current);
    TestChoice choice = analyzer.choose(feature, kind, reference.size(), distinct);
    DriftResult result = MethodRunner.onColumns(feature, choice, reference, current);
    return new FeatureDrift(feature, kind, result, choice.reason(), choice.minEffectSize(),
        reference.size(), current.size(), reference.missing(), current.missing(),
        distribution(kind, distinct, reference, current));
  }

  static DistinctValues distinctValues(FeatureColumn reference, FeatureColumn current) {
    Set<Object> values = new HashSet<>();
    for (FeatureColumn column : List.of(reference, current)) {
      if (column instanceof FeatureColumn.Numeric numeric) {
        for (double value : numeric.values()) {
          values.add(value + 0.0); // -0.0 and 0.0 are one value
        }
      } else {
        values.addAll(((FeatureColumn.Categorical) column).values());
      }
    }
    return DistinctValues.exactly(values.size());
  }

  private static FeatureDistribution distribution(
      FeatureKind kind, DistinctValues distinct, FeatureColumn reference, FeatureColumn current) {
    if (kind == FeatureKind.NUMERIC && distinct.moreThan(DriftAnalyzer.FEW_VALUES_MAX)) {
      double[] ref = ((FeatureColumn.Numeric) reference).values();
      double[] cur = ((FeatureColumn.Numeric) current).values();
      double[] edges = HistogramBins.sturgesEdges(ref, cur);
      return Distributions.histogram(edges, HistogramBins.counts(ref, edges),
          HistogramBins.counts(cur, edges));
    }
    return CategoryTable.of(reference, current).toDistribution(DriftAnalyzer.DISPLAYED_CATEGORIES);
  }
}

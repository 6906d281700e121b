package dev.mlops.core.drift;

import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The exact drift test of one feature from its raw reference and current values. */
final class ColumnAnalysis {

  private final DriftAnalyzer analyzer;
  private final String feature;
  private final FeatureColumn reference;
  private final FeatureColumn current;
  private final FeatureKind kind;

  ColumnAnalysis(
      DriftAnalyzer analyzer, String feature, FeatureColumn reference, FeatureColumn current) {
    this.analyzer = analyzer;
    this.feature = feature;
    this.reference = reference;
    this.current = current;
    this.kind = FeatureKind.of(reference);
  }

  FeatureDrift run() {
    DistinctValues distinct = distinctValues();
    DriftDetector detector = analyzer.detectorFor(feature);
    DriftResult result;
    String reason;
    Double minEffect;
    if (detector != null) {
      minEffect = analyzer.minEffectSizeFor(feature);
      result = CustomDetectors.apply(detector, feature, reference, current, minEffect);
      reason = "detector set for this feature: " + result.method()
          + (minEffect == null ? "" : ", and effect size >= " + HtmlText.number(minEffect));
    } else {
      TestChoice choice = analyzer.choose(feature, kind, reference.size(), distinct);
      result = MethodRunner.onColumns(feature, choice, reference, current);
      reason = choice.reason();
      minEffect = choice.minEffectSize();
    }
    return new FeatureDrift(feature, kind, result, reason, minEffect, reference.size(),
        current.size(), reference.missing(), current.missing(), distribution(distinct));
  }

  private DistinctValues distinctValues() {
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

  private FeatureDistribution distribution(DistinctValues distinct) {
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

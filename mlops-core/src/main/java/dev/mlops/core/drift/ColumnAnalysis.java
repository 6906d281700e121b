package dev.mlops.core.drift;

import dev.mlops.core.drift.internal.HtmlText;
import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.core.drift.stats.WassersteinDistance;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.util.HashSet;
import org.jspecify.annotations.Nullable;

/**
 * The exact drift test of one feature from its raw reference and current values. A numeric
 * feature's values are sorted once ({@link SortedSamples}); the distinct count, the Wasserstein
 * distance and the histogram read the sorted arrays, which gives the same numbers as the tests'
 * own sorting and binary searches at a fraction of the cost.
 */
final class ColumnAnalysis {

  private final DriftAnalyzer analyzer;
  private final String feature;
  private final FeatureColumn reference;
  private final FeatureColumn current;
  private final FeatureKind kind;
  private final @Nullable SortedSamples sorted;

  ColumnAnalysis(
      DriftAnalyzer analyzer, String feature, FeatureColumn reference, FeatureColumn current) {
    this.analyzer = analyzer;
    this.feature = feature;
    this.reference = reference;
    this.current = current;
    this.kind = FeatureKind.of(reference);
    this.sorted = reference instanceof FeatureColumn.Numeric ref
            && current instanceof FeatureColumn.Numeric cur
        ? SortedSamples.of(ref, cur) : null;
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
      result = test(choice);
      reason = choice.reason();
      minEffect = choice.minEffectSize();
    }
    return new FeatureDrift(feature, kind, result, reason, minEffect, reference.size(),
        current.size(), reference.missing(), current.missing(), distribution(distinct));
  }

  private DriftResult test(TestChoice choice) {
    SortedSamples finite = sortedFinite();
    if (choice.method() == DriftMethod.WASSERSTEIN && finite != null
        && reference.feature().equals(current.feature())) {
      // What WassersteinDistance.detect computes, without sorting both samples again; the
      // standard deviation sums the values in their original order, as detect does.
      double[] ref = ((FeatureColumn.Numeric) reference).values();
      return new WassersteinDistance(choice.threshold()).fromDistance(feature,
          WassersteinDistance.distanceOfSorted(finite.reference(), finite.current()),
          WassersteinDistance.populationStandardDeviation(ref));
    }
    // Other methods, and non-finite values (the tests reject them with their own messages).
    return MethodRunner.onColumns(feature, choice, reference, current);
  }

  private DistinctValues distinctValues() {
    if (sorted != null) {
      return DistinctValues.exactly(sorted.distinct());
    }
    HashSet<Object> values = new HashSet<>(((FeatureColumn.Categorical) reference).values());
    values.addAll(((FeatureColumn.Categorical) current).values());
    return DistinctValues.exactly(values.size());
  }

  private FeatureDistribution distribution(DistinctValues distinct) {
    if (kind == FeatureKind.NUMERIC && distinct.moreThan(DriftAnalyzer.FEW_VALUES_MAX)) {
      SortedSamples finite = sortedFinite();
      if (finite != null) {
        double[] edges = HistogramBins.sturgesEdges(finite.reference(), finite.current());
        return Distributions.histogram(edges,
            HistogramBins.countsOfSorted(finite.reference(), edges),
            HistogramBins.countsOfSorted(finite.current(), edges));
      }
      double[] ref = ((FeatureColumn.Numeric) reference).values();
      double[] cur = ((FeatureColumn.Numeric) current).values();
      double[] edges = HistogramBins.sturgesEdges(ref, cur);
      return Distributions.histogram(edges, HistogramBins.counts(ref, edges),
          HistogramBins.counts(cur, edges));
    }
    return CategoryTable.of(reference, current).toDistribution(DriftAnalyzer.DISPLAYED_CATEGORIES);
  }

  /** The sorted samples when numeric with only finite values (as DataTable ensures), else null. */
  private @Nullable SortedSamples sortedFinite() {
    return sorted != null && sorted.finite() ? sorted : null;
  }
}

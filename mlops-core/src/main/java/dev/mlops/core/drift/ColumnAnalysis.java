package dev.mlops.core.drift;

import dev.mlops.core.drift.internal.HtmlText;
import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.core.drift.stats.KolmogorovSmirnovTest;
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
 * feature with finite values is walked once in ascending order ({@link NumericComparison}): the
 * distinct count, the Wasserstein distance, the KS statistic and the histogram come from that
 * walk, with the same numbers as the tests' own sorting and binary searches at a fraction of the
 * cost.
 */
final class ColumnAnalysis {

  private final DriftAnalyzer analyzer;
  private final String feature;
  private final FeatureColumn reference;
  private final FeatureColumn current;
  private final FeatureKind kind;
  private final @Nullable NumericComparison numbers;

  ColumnAnalysis(DriftAnalyzer analyzer, String feature, FeatureColumn reference,
      FeatureColumn current, NumericComparison.Workspace workspace) {
    this.analyzer = analyzer;
    this.feature = feature;
    this.reference = reference;
    this.current = current;
    this.kind = FeatureKind.of(reference);
    this.numbers = reference instanceof FeatureColumn.Numeric ref
            && current instanceof FeatureColumn.Numeric cur
        ? NumericComparison.of(ref.values(), cur.values(), workspace) : null;
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
    if (numbers != null && reference.feature().equals(current.feature())) {
      // What WassersteinDistance.detect and KolmogorovSmirnovTest.detect compute, from the walk.
      if (choice.method() == DriftMethod.WASSERSTEIN) {
        return new WassersteinDistance(choice.threshold()).fromDistance(feature,
            numbers.wassersteinDistance(), numbers.referenceSpread());
      }
      if (choice.method() == DriftMethod.KS) {
        return new KolmogorovSmirnovTest(choice.threshold(), choice.minEffectSizeOrZero())
            .fromStatistic(feature, numbers.ksStatistic(), reference.size(), current.size());
      }
    }
    // Other methods, and non-finite values (the tests reject them with their own messages).
    return MethodRunner.onColumns(feature, choice, reference, current);
  }

  private DistinctValues distinctValues() {
    if (numbers != null) {
      return DistinctValues.exactly(numbers.distinct());
    }
    if (reference instanceof FeatureColumn.Numeric ref
        && current instanceof FeatureColumn.Numeric cur) {
      return DistinctValues.exactly(SortedSamples.distinct(ref, cur));
    }
    HashSet<Object> values = new HashSet<>(((FeatureColumn.Categorical) reference).values());
    values.addAll(((FeatureColumn.Categorical) current).values());
    return DistinctValues.exactly(values.size());
  }

  private FeatureDistribution distribution(DistinctValues distinct) {
    if (kind == FeatureKind.NUMERIC && distinct.moreThan(DriftAnalyzer.FEW_VALUES_MAX)) {
      if (numbers != null) {
        return Distributions.histogram(numbers.histogramEdges(), numbers.referenceHistogram(),
            numbers.currentHistogram());
      }
      double[] ref = ((FeatureColumn.Numeric) reference).values();
      double[] cur = ((FeatureColumn.Numeric) current).values();
      double[] edges = HistogramBins.sturgesEdges(ref, cur);
      return Distributions.histogram(edges, HistogramBins.counts(ref, edges),
          HistogramBins.counts(cur, edges));
    }
    return CategoryTable.of(reference, current).toDistribution(DriftAnalyzer.DISPLAYED_CATEGORIES);
  }
}

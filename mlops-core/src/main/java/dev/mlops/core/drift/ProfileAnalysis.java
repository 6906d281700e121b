package dev.mlops.core.drift;

import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;

/** The drift test of one feature estimated from its reference and current profiles. */
final class ProfileAnalysis {

  private final DriftAnalyzer analyzer;
  private final String feature;
  private final FeatureProfile reference;
  private final FeatureProfile current;
  private final FeatureKind kind;

  ProfileAnalysis(
      DriftAnalyzer analyzer, String feature, FeatureProfile reference, FeatureProfile current) {
    this.analyzer = analyzer;
    this.feature = feature;
    this.reference = reference;
    this.current = current;
    this.kind = reference.kind();
  }

  FeatureDrift run() {
    if (analyzer.detectorFor(feature) != null) {
      throw new IllegalArgumentException(
          "Feature '" + feature + "' has a custom detector, which needs raw values; analyse"
              + " DataTables, or choose a built-in DriftMethod for profiles");
    }
    DistinctValues distinct = distinctValues();
    TestChoice choice = analyzer.choose(feature, kind, reference.count(), distinct);
    DriftResult result = test(choice);
    return new FeatureDrift(feature, kind, result, choice.reason(), choice.minEffectSize(),
        reference.count(), current.count(), reference.missing() + reference.invalid(),
        current.missing() + current.invalid(), distribution(distinct));
  }

  private DriftResult test(TestChoice choice) {
    return switch (choice.method()) {
      case KS -> {
        NumericProfile ref = (NumericProfile) reference;
        NumericProfile cur = (NumericProfile) current;
        yield MethodRunner.ksFromStatistic(feature, choice,
            SketchStatistics.ksStatistic(ref, cur), ref.count(), cur.count());
      }
      case CHI_SQUARE, Z_TEST -> {
        CategoryTable table = categories(choice.method());
        yield MethodRunner.onCounts(feature, choice, table.reference(), table.current());
      }
      case WASSERSTEIN -> {
        NumericProfile ref = (NumericProfile) reference;
        NumericProfile cur = (NumericProfile) current;
        yield MethodRunner.wassersteinFromDistance(feature, choice,
            SketchStatistics.wasserstein(ref, cur), ref.standardDeviation());
      }
      case JENSEN_SHANNON, PSI -> {
        long[][] bins = binnedCounts();
        yield MethodRunner.onCounts(feature, choice, bins[0], bins[1]);
      }
      case ANDERSON_DARLING, CRAMER_VON_MISES -> throw new IllegalArgumentException(
          "The " + choice.method().id() + " test set for feature '" + feature + "' needs the"
              + " raw values, which a profile does not keep; analyse DataTables, or choose ks or"
              + " wasserstein for profiles");
    };
  }

  /**
   * Reference and current counts per bin for the binned distances, as their exact versions bin
   * raw values (Evidently's rule): categories for categorical features; for numeric ones one bin
   * per value while the reference has at most {@value NumericProfile#TRACKED_VALUES_LIMIT}
   * distinct values, else Sturges bins over both samples.
   */
  private long[][] binnedCounts() {
    if (reference instanceof CategoricalProfile ref) {
      CategoryTable table = CategoryTable.of(ref, (CategoricalProfile) current);
      return new long[][] {table.reference(), table.current()};
    }
    NumericProfile ref = (NumericProfile) reference;
    NumericProfile cur = (NumericProfile) current;
    SortedMap<Double, Long> refValues = ref.valueCounts().orElse(null);
    if (refValues == null) {
      double[] edges = edges(ref, cur);
      return new long[][] {
        SketchStatistics.binCounts(ref, edges), SketchStatistics.binCounts(cur, edges)
      };
    }
    SortedMap<Double, Long> curValues = cur.valueCounts().orElse(null);
    if (curValues != null) {
      CategoryTable table = CategoryTable.of(refValues, curValues);
      return new long[][] {table.reference(), table.current()};
    }
    // The reference has few values but the current window many: count the current values at the
    // reference's values from its sketch and pool the values the reference never had in one bin.
    double[] values = refValues.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    long[] referenceCounts = new long[values.length + 1];
    long[] currentCounts = SketchStatistics.pointCounts(cur, values);
    int i = 0;
    for (long count : refValues.values()) {
      referenceCounts[i++] = count;
    }
    return new long[][] {referenceCounts, currentCounts};
  }

  /** Category counts: exact for categorical profiles and for numeric ones counting each value. */
  private CategoryTable categories(DriftMethod method) {
    if (reference instanceof CategoricalProfile ref) {
      return CategoryTable.of(ref, (CategoricalProfile) current);
    }
    SortedMap<Double, Long> ref = ((NumericProfile) reference).valueCounts().orElse(null);
    SortedMap<Double, Long> cur = ((NumericProfile) current).valueCounts().orElse(null);
    if (ref == null || cur == null) {
      throw new IllegalArgumentException(
          "The " + method.id() + " test of numeric feature '" + feature + "' needs counts per"
              + " value, which a profile keeps only up to "
              + NumericProfile.TRACKED_VALUES_LIMIT + " distinct values, and this feature has"
              + " more; choose ks, wasserstein, jensenshannon or psi for it");
    }
    return CategoryTable.of(ref, cur);
  }

  private DistinctValues distinctValues() {
    if (reference instanceof NumericProfile ref) {
      SortedMap<Double, Long> refValues = ref.valueCounts().orElse(null);
      SortedMap<Double, Long> curValues = ((NumericProfile) current).valueCounts().orElse(null);
      if (refValues == null || curValues == null) {
        return DistinctValues.atLeast(NumericProfile.TRACKED_VALUES_LIMIT + 1);
      }
      Set<Double> union = new HashSet<>(refValues.keySet());
      union.addAll(curValues.keySet());
      return DistinctValues.exactly(union.size());
    }
    CategoricalProfile ref = (CategoricalProfile) reference;
    CategoricalProfile cur = (CategoricalProfile) current;
    Set<String> union = new HashSet<>(ref.counts().keySet());
    union.addAll(cur.counts().keySet());
    boolean exact = ref.isExact() && cur.isExact();
    return exact ? DistinctValues.exactly(union.size()) : DistinctValues.atLeast(union.size() + 1);
  }

  private FeatureDistribution distribution(DistinctValues distinct) {
    if (reference instanceof NumericProfile ref) {
      NumericProfile cur = (NumericProfile) current;
      if (!distinct.moreThan(DriftAnalyzer.FEW_VALUES_MAX)) {
        return categories(DriftMethod.CHI_SQUARE)
            .toDistribution(DriftAnalyzer.DISPLAYED_CATEGORIES);
      }
      double[] edges = edges(ref, cur);
      return Distributions.histogram(edges, SketchStatistics.binCounts(ref, edges),
          SketchStatistics.binCounts(cur, edges));
    }
    return CategoryTable.of((CategoricalProfile) reference, (CategoricalProfile) current)
        .toDistribution(DriftAnalyzer.DISPLAYED_CATEGORIES);
  }

  /** Sturges bins over both samples combined, from the exact extremes and counts. */
  static double[] edges(NumericProfile reference, NumericProfile current) {
    return Binning.sturgesEdges(
        Math.min(reference.min(), current.min()),
        Math.max(reference.max(), current.max()),
        reference.count() + current.count());
  }
}

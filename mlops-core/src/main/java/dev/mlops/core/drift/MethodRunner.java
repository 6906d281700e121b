package dev.mlops.core.drift;

import dev.mlops.core.drift.stats.AndersonDarlingTest;
import dev.mlops.core.drift.stats.ChiSquareTest;
import dev.mlops.core.drift.stats.CramerVonMisesTest;
import dev.mlops.core.drift.stats.JensenShannonDistance;
import dev.mlops.core.drift.stats.KolmogorovSmirnovTest;
import dev.mlops.core.drift.stats.PopulationStabilityIndex;
import dev.mlops.core.drift.stats.TwoProportionZTest;
import dev.mlops.core.drift.stats.WassersteinDistance;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;

/**
 * Runs a chosen {@link DriftMethod} with the exact tests of {@code dev.mlops.core.drift.stats}, on
 * raw values or on what profiles provide (a statistic, counts, binned counts).
 */
final class MethodRunner {

  private MethodRunner() {}

  static DriftResult onColumns(
      String feature, TestChoice choice, FeatureColumn reference, FeatureColumn current) {
    double threshold = choice.threshold();
    double minEffect = choice.minEffectSizeOrZero();
    return switch (choice.method()) {
      case KS -> new KolmogorovSmirnovTest(threshold, minEffect).detect(reference, current);
      case CHI_SQUARE -> new ChiSquareTest(threshold, minEffect).detect(reference, current);
      case Z_TEST -> new TwoProportionZTest(threshold, minEffect).detect(reference, current);
      case WASSERSTEIN -> new WassersteinDistance(threshold).detect(reference, current);
      case JENSEN_SHANNON -> new JensenShannonDistance(threshold).detect(reference, current);
      case PSI -> new PopulationStabilityIndex(threshold).detect(reference, current);
      case ANDERSON_DARLING ->
          new AndersonDarlingTest(threshold, minEffect).detect(reference, current);
      case CRAMER_VON_MISES ->
          new CramerVonMisesTest(threshold, minEffect).detect(reference, current);
    };
  }

  /** The KS test from a statistic estimated from sketches. */
  static DriftResult ksFromStatistic(
      String feature, TestChoice choice, double d, long referenceSize, long currentSize) {
    return new KolmogorovSmirnovTest(choice.threshold(), choice.minEffectSizeOrZero())
        .fromStatistic(feature, d, size(referenceSize), size(currentSize));
  }

  /** A categorical method from counts per category (the same categories in both arrays). */
  static DriftResult onCounts(
      String feature, TestChoice choice, long[] referenceCounts, long[] currentCounts) {
    double threshold = choice.threshold();
    double minEffect = choice.minEffectSizeOrZero();
    return switch (choice.method()) {
      case CHI_SQUARE -> new ChiSquareTest(threshold, minEffect)
          .detectCounts(feature, referenceCounts, currentCounts);
      case Z_TEST -> new TwoProportionZTest(threshold, minEffect)
          .detectCounts(feature, referenceCounts, currentCounts);
      case JENSEN_SHANNON -> new JensenShannonDistance(threshold)
          .detectCounts(feature, referenceCounts, currentCounts);
      case PSI -> new PopulationStabilityIndex(threshold)
          .detectCounts(feature, referenceCounts, currentCounts);
      case KS, WASSERSTEIN, ANDERSON_DARLING, CRAMER_VON_MISES -> throw new IllegalArgumentException(
          "The " + choice.method().id() + " test of feature '" + feature + "' needs values, not"
              + " counts per category");
    };
  }

  /** The normalised Wasserstein distance from a raw distance estimated from sketches. */
  static DriftResult wassersteinFromDistance(
      String feature, TestChoice choice, double distance, double referenceStandardDeviation) {
    return new WassersteinDistance(choice.threshold())
        .fromDistance(feature, distance, referenceStandardDeviation);
  }

  /**
   * A sample size for the p-value formulas, which take ints: beyond 2^31 - 1 values any visible
   * shift has a p-value of 0 anyway, so the size is capped.
   */
  private static int size(long count) {
    return (int) Math.min(count, Integer.MAX_VALUE);
  }
}

package dev.mlops.core.comparison;

import dev.mlops.core.drift.stats.internal.ContinuousDistributions;

/**
 * The pooled two-proportion z-test, for accuracies measured on different rows (the two sides of a
 * canary, where McNemar's paired test does not apply): {@code z = (p2 - p1) / sqrt(P (1 - P) (1/n1
 * + 1/n2))} with {@code P} the pooled share of correct rows, and the one-sided p-value {@code P(Z
 * >= z)} for "the second proportion is higher".
 */
final class ProportionTest {

  private ProportionTest() {}

  /**
   * The z statistic; NaN when a side has no rows, and 0 when every row or none is correct on both
   * sides (no variance, no difference).
   */
  static double z(long correct1, long rows1, long correct2, long rows2) {
    if (rows1 == 0 || rows2 == 0) {
      return Double.NaN;
    }
    double p1 = (double) correct1 / rows1;
    double p2 = (double) correct2 / rows2;
    double pooled = (double) (correct1 + correct2) / (rows1 + rows2);
    double variance = pooled * (1 - pooled) * (1.0 / rows1 + 1.0 / rows2);
    return variance == 0.0 ? 0.0 : (p2 - p1) / Math.sqrt(variance);
  }

  /** {@code P(Z >= z)}; 1 for NaN. */
  static double greater(double z) {
    return Double.isNaN(z) ? 1.0 : ContinuousDistributions.normalSf(z);
  }
}

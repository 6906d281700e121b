package dev.mlops.core.drift.stats;

/** Validation of the settings the tests share. */
final class Settings {

  private Settings() {}

  /** A significance level for a p-value: strictly between 0 and 1. */
  static double significance(double threshold) {
    if (!(threshold > 0.0 && threshold < 1.0)) {
      throw new IllegalArgumentException("threshold must be a p-value in (0, 1) but was " + threshold);
    }
    return threshold;
  }

  /** A threshold for a distance: positive and finite. */
  static double distanceThreshold(double threshold) {
    if (!(threshold > 0.0 && Double.isFinite(threshold))) {
      throw new IllegalArgumentException("threshold must be positive and finite but was " + threshold);
    }
    return threshold;
  }

  /** A minimum effect size: zero (off) or positive, finite. */
  static double minEffectSize(double minEffectSize) {
    if (!(minEffectSize >= 0.0 && Double.isFinite(minEffectSize))) {
      throw new IllegalArgumentException("minEffectSize must be zero (off) or positive but was "
          + minEffectSize);
    }
    return minEffectSize;
  }

  /**
   * The verdict of a hypothesis test: a small enough p-value and, when required, a large enough
   * effect.
   *
   * @param inclusive whether a p-value equal to the threshold counts as drift
   */
  static boolean drifted(double pValue, double threshold, boolean inclusive, double effectSize,
      double minEffectSize) {
    boolean significant = inclusive ? pValue <= threshold : pValue < threshold;
    return significant && effectSize >= minEffectSize;
  }
}

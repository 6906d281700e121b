package dev.mlops.core.metrics;

/**
 * Whether a metric improves upwards (accuracy, ROC AUC, R²) or downwards (log loss, errors).
 *
 * @since 0.1
 */
public enum MetricDirection {
  /** Larger values are better, as for accuracy or ROC AUC. */
  HIGHER_IS_BETTER,
  /** Smaller values are better, as for log loss or mean absolute error. */
  LOWER_IS_BETTER;

  /**
   * Whether a candidate value is strictly better than a reference value in this direction. Equal
   * values are not better, and a NaN on either side is never better, so an undefined metric never
   * wins a comparison.
   *
   * @param candidate the value being judged, for example the new model's
   * @param reference the value it must beat, for example the current model's
   * @return true if the candidate is strictly better than the reference
   * @since 0.1
   */
  public boolean better(double candidate, double reference) {
    if (Double.isNaN(candidate) || Double.isNaN(reference)) {
      return false;
    }
    return this == HIGHER_IS_BETTER ? candidate > reference : candidate < reference;
  }
}

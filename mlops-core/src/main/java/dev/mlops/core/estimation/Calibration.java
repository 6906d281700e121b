package dev.mlops.core.estimation;

/**
 * How a performance estimator turns a model's scores into the probabilities it sums.
 *
 * @since 0.1
 */
public enum Calibration {
  /**
   * Isotonic regression of the label on the score, fitted on the reference, with scikit-learn's
   * semantics ({@code IsotonicRegression(out_of_bounds="clip", increasing=True)}): tied scores
   * pooled, linear interpolation between fitted points, scores outside the reference's range
   * clipped to it. Corrects a model whose scores are monotone but not probabilities.
   */
  ISOTONIC,
  /** None: the scores are taken as the probabilities, so they must lie in [0, 1]. */
  NONE
}

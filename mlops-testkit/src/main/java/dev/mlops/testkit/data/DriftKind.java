package dev.mlops.testkit.data;

/**
 * What changes when a {@link ChurnDataGenerator} drifts.
 *
 * @since 0.1
 */
public enum DriftKind {
  /**
   * Covariate shift: the customers change but the rule that makes them churn does not. Support
   * calls and payment failures rise, app sessions fall, and the plan mix moves towards the basic
   * plan.
   */
  COVARIATE,
  /**
   * Concept drift: the customers look the same but churn for other reasons. A competitor undercuts
   * prices, so that churn grows with monthly spend, long tenure protects less, and payment failures
   * weigh more.
   */
  CONCEPT,
  /** Both {@link #COVARIATE} and {@link #CONCEPT} at once. */
  BOTH;

  boolean shiftsFeatures() {
    return this != CONCEPT;
  }

  boolean changesRule() {
    return this != COVARIATE;
  }
}

package dev.mlops.lifecycle;

import java.util.List;

/**
 * Whether to retrain, and why. The reasons are logged and written to the audit trail, so they say
 * what was observed ("feature tenure drifted: wasserstein 0.31 >= 0.1").
 *
 * @param retrain true to retrain now
 * @param reasons why, at least one
 * @since 0.1
 */
public record RetrainDecision(boolean retrain, List<String> reasons) {

  /**
   * Validates and copies the reasons.
   *
   * @param retrain true to retrain now
   * @param reasons why, at least one
   * @throws IllegalArgumentException if no reason is given
   */
  public RetrainDecision {
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("A retrain decision needs at least one reason");
    }
  }

  /**
   * A decision to retrain.
   *
   * @param reason why
   * @return the decision
   */
  public static RetrainDecision retrain(String reason) {
    return new RetrainDecision(true, List.of(reason));
  }

  /**
   * A decision not to retrain.
   *
   * @param reason why not
   * @return the decision
   */
  public static RetrainDecision skip(String reason) {
    return new RetrainDecision(false, List.of(reason));
  }
}

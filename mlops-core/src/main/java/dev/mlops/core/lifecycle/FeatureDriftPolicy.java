package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.util.Map;

/** Retrains when one feature's drift score reaches a minimum. */
final class FeatureDriftPolicy implements RetrainPolicy {

  private final String feature;
  private final double minScore;

  FeatureDriftPolicy(String feature, double minScore) {
    this.feature = feature;
    this.minScore = minScore;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    Map<String, Double> scores = context.featureDriftScores();
    if (scores.isEmpty()) {
      return RetrainDecision.skip("feature " + feature + " drift: not measured in the current window");
    }
    Double score = scores.get(feature);
    if (score == null) {
      // Drift was measured, so a missing feature is a misconfigured policy, not a quiet window.
      throw new IllegalArgumentException("Retrain policy onFeatureDrift('" + feature + "') names a feature"
          + " that the drift report of model '" + context.champion().name() + "' does not contain; it has "
          + scores.keySet() + ". Fix the feature name.");
    }
    String method = context.featureDriftMethods().getOrDefault(feature, "score");
    String measured = method + " " + DecimalText.of(score);
    return score >= minScore
        ? RetrainDecision.retrain("feature " + feature + " drifted: " + measured + " >= "
            + DecimalText.of(minScore))
        : RetrainDecision.skip("feature " + feature + " within bounds: " + measured + " < "
            + DecimalText.of(minScore));
  }

  @Override
  public String toString() {
    return "onFeatureDrift(" + feature + ", " + DecimalText.of(minScore) + ")";
  }
}

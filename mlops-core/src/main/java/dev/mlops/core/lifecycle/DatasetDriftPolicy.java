package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.util.Map;
import java.util.OptionalDouble;

/** Retrains when the current window's inputs drifted as a whole. */
final class DatasetDriftPolicy implements RetrainPolicy {

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    OptionalDouble share = context.driftedFeatureShare();
    if (share.isEmpty()) {
      return RetrainDecision.skip("dataset drift: not measured in the current window");
    }
    String measured = DecimalText.percent(share.getAsDouble()) + " of features drifted"
        + driftedNames(context.featureDrifted());
    return context.datasetDrifted()
        ? RetrainDecision.retrain("dataset drifted: " + measured)
        : RetrainDecision.skip("dataset did not drift: " + measured);
  }

  private static String driftedNames(Map<String, Boolean> verdicts) {
    var names = verdicts.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
  }

  @Override
  public String toString() {
    return "onDatasetDrift()";
  }
}

package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.util.Optional;

/** Retrains when the model's outputs (score drift) or the labels (target drift) drifted. */
final class OutputDriftPolicy implements RetrainPolicy {

  private final boolean scores;

  OutputDriftPolicy(boolean scores) {
    this.scores = scores;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    String what = scores ? "score drift" : "target drift";
    Optional<Boolean> drifted = scores ? context.scoreDrifted() : context.targetDrifted();
    if (drifted.isEmpty()) {
      return RetrainDecision.skip(what + ": not measured in the current window");
    }
    return drifted.get()
        ? RetrainDecision.retrain(what + ": the " + (scores ? "outputs" : "labels")
            + " drifted from the reference's")
        : RetrainDecision.skip(what + ": none");
  }

  @Override
  public String toString() {
    return scores ? "onScoreDrift()" : "onTargetDrift()";
  }
}

package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Holds back another policy's decision to retrain until a minimum interval has passed since the
 * last retrain, so that a condition that persists (drift that a retrain does not cure at once)
 * retrains once per interval rather than at every check.
 */
final class MinimumIntervalPolicy implements RetrainPolicy {

  private final RetrainPolicy policy;
  private final Duration interval;

  MinimumIntervalPolicy(RetrainPolicy policy, Duration interval) {
    this.policy = policy;
    this.interval = interval;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    RetrainDecision decision = policy.evaluate(context);
    Optional<Instant> last = context.lastRetrainAt();
    if (!decision.retrain() || last.isEmpty()) {
      return decision;
    }
    Instant allowedFrom = last.get().plus(interval);
    if (!context.now().isBefore(allowedFrom)) {
      return decision;
    }
    List<String> reasons = new ArrayList<>();
    reasons.add("held back by minimum interval " + interval + ": last retrain at " + last.get()
        + ", next allowed at " + allowedFrom);
    decision.reasons().forEach(r -> reasons.add("would retrain: " + r));
    return new RetrainDecision(false, reasons);
  }

  @Override
  public String toString() {
    return "withMinimumInterval(" + policy + ", " + interval + ")";
  }
}

package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Retrains when all of its policies do. The reasons are all policies' reasons when it retrains,
 * and the reasons of those that held it back when it does not.
 */
final class AllOfPolicy implements RetrainPolicy {

  private final List<RetrainPolicy> policies;

  AllOfPolicy(List<RetrainPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    List<String> fired = new ArrayList<>();
    List<String> quiet = new ArrayList<>();
    for (RetrainPolicy policy : policies) {
      RetrainDecision decision = policy.evaluate(context);
      (decision.retrain() ? fired : quiet).addAll(decision.reasons());
    }
    return quiet.isEmpty() ? new RetrainDecision(true, fired) : new RetrainDecision(false, quiet);
  }

  @Override
  public String toString() {
    return "allOf" + policies;
  }
}

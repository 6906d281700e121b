package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Retrains when any of its policies does. Every policy is evaluated, so that the reasons name all
 * that fired (or, when none did, why each did not).
 */
final class AnyOfPolicy implements RetrainPolicy {

  private final List<RetrainPolicy> policies;

  AnyOfPolicy(List<RetrainPolicy> policies) {
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
    return fired.isEmpty() ? new RetrainDecision(false, quiet) : new RetrainDecision(true, fired);
  }

  @Override
  public String toString() {
    return "anyOf" + policies;
  }
}

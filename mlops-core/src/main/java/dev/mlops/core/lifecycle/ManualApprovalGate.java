package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.Optional;

/**
 * A gate that leaves the decision to a person: every challenger is
 * {@link GateDecision.Verdict#PENDING_APPROVAL pending}. The lifecycle controller points the
 * {@code staging} alias at it and waits for {@link LifecycleController#approve} or
 * {@link LifecycleController#reject} (or {@code mlops approve} / {@code mlops reject}). Combine it
 * with a {@link MetricThresholdGate} through {@link PromotionGates#allOf} so that only challengers
 * that pass the thresholds reach a person.
 *
 * @since 0.1
 */
public enum ManualApprovalGate implements PromotionGate {
  /** The gate. */
  INSTANCE;

  @Override
  public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
    String against = champion.map(c -> "champion version " + c.version()).orElse("no champion");
    return new GateDecision(GateDecision.Verdict.PENDING_APPROVAL, List.of(
        "version " + challenger.version() + " awaits a person's approval against " + against
            + ": mlops approve " + challenger.name() + " " + challenger.version() + ", or mlops reject "
            + challenger.name() + " " + challenger.version() + " --reason ..."));
  }
}

package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.GateDecision.Verdict;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compositions of {@link PromotionGate}s.
 *
 * @since 0.1
 */
public final class PromotionGates {

  private PromotionGates() {}

  /**
   * A gate that asks every gate: a rejection wins (with the reasons of the gates that rejected),
   * then a pending approval (with every gate's reasons), and the challenger is approved only when
   * every gate approves (with every gate's reasons). Typical: metric thresholds, then a person.
   *
   * @param gates at least one gate
   * @return the composition
   * @throws IllegalArgumentException if no gate is given
   */
  public static PromotionGate allOf(PromotionGate... gates) {
    if (gates.length == 0) {
      throw new IllegalArgumentException("allOf needs at least one gate");
    }
    List<PromotionGate> all = List.of(gates);
    all.forEach(g -> Objects.requireNonNull(g, "allOf was given a null gate"));
    return new AllOfGate(all);
  }

  /** Asks every gate; reject wins, then pending, then approve. */
  private record AllOfGate(List<PromotionGate> gates) implements PromotionGate {

    @Override
    public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
      List<String> all = new ArrayList<>();
      List<String> rejections = new ArrayList<>();
      boolean pending = false;
      for (PromotionGate gate : gates) {
        GateDecision decision = gate.evaluate(challenger, champion);
        all.addAll(decision.reasons());
        if (decision.verdict() == Verdict.REJECT) {
          rejections.addAll(decision.reasons());
        }
        pending |= decision.verdict() == Verdict.PENDING_APPROVAL;
      }
      if (!rejections.isEmpty()) {
        return GateDecision.reject(rejections);
      }
      return new GateDecision(pending ? Verdict.PENDING_APPROVAL : Verdict.APPROVE, all);
    }
  }
}

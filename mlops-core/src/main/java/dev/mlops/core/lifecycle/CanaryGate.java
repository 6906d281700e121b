package dev.mlops.core.lifecycle;

import dev.mlops.core.comparison.CanaryOutcomes;
import dev.mlops.core.comparison.MetricComparison;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A gate on a canary's live outcomes: the challenger answered a share of the calls, the champion
 * the rest, and once their actual classes are recorded in {@link CanaryOutcomes} the challenger is
 * promoted only when the {@link ComparisonRules} hold on them, with the tests for different rows
 * (the two-proportion z-test for accuracy, DeLong's test for independent samples for ROC AUC).
 * Until each side has {@code minOutcomesPerVersion} outcomes it rejects, saying how many it has.
 *
 * <pre>{@code
 * PromotionGate gate = new CanaryGate(outcomes, rules, 500);
 * GateDecision decision = gate.evaluate(canaryVersion, Optional.of(championVersion));
 * if (decision.approved()) {
 *   Promotions.of(registry).promote("churn", canary, champion, decision.reasons());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class CanaryGate implements PromotionGate {

  private final CanaryOutcomes outcomes;
  private final ComparisonRules rules;
  private final int minOutcomesPerVersion;

  /**
   * Creates the gate.
   *
   * @param outcomes the recorded outcomes of both sides
   * @param rules when the challenger is better
   * @param minOutcomesPerVersion the fewest outcomes each side needs before a verdict, at least 1
   * @throws IllegalArgumentException if the minimum is not positive
   * @since 0.1
   */
  public CanaryGate(CanaryOutcomes outcomes, ComparisonRules rules, int minOutcomesPerVersion) {
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    this.rules = Objects.requireNonNull(rules, "rules");
    if (minOutcomesPerVersion < 1) {
      throw new IllegalArgumentException("minOutcomesPerVersion must be positive but was " + minOutcomesPerVersion);
    }
    this.minOutcomesPerVersion = minOutcomesPerVersion;
  }

  /**
   * Judges the canary on its recorded outcomes against the champion's.
   *
   * @param challenger the canary's version
   * @param champion the champion's version, empty if none
   * @return approve when every rule holds, reject otherwise (also when a side has too few
   *     outcomes), with the reasons
   * @since 0.1
   */
  @Override
  public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
    if (champion.isEmpty()) {
      return GateDecision.approve(List.of("no champion to compare with"));
    }
    Optional<String> tooFew = tooFewOutcomes(challenger.version(), champion.get().version());
    if (tooFew.isPresent()) {
      return GateDecision.reject(List.of(tooFew.get()));
    }
    ComparisonRules.Judgement judgement =
        rules.promotion(compare(challenger.version(), champion.get().version()));
    List<String> reasons = new ArrayList<>();
    reasons.add(describe(challenger.version(), champion.get().version()));
    reasons.addAll(judgement.reasons());
    return judgement.holds() ? GateDecision.approve(reasons) : GateDecision.reject(reasons);
  }

  /**
   * Whether the canary is significantly worse than the champion on some metric of the rules.
   *
   * @param challenger the canary's version
   * @param champion the champion's version
   * @return the judgement; it does not hold while a side has too few outcomes
   * @since 0.1
   */
  public ComparisonRules.Judgement regression(int challenger, int champion) {
    Optional<String> tooFew = tooFewOutcomes(challenger, champion);
    if (tooFew.isPresent()) {
      return new ComparisonRules.Judgement(false, List.of(tooFew.get()));
    }
    ComparisonRules.Judgement judgement = rules.regression(compare(challenger, champion));
    List<String> reasons = new ArrayList<>();
    reasons.add(describe(challenger, champion));
    reasons.addAll(judgement.reasons());
    return new ComparisonRules.Judgement(judgement.holds(), reasons);
  }

  private List<MetricComparison> compare(int challenger, int champion) {
    List<MetricComparison> comparisons = new ArrayList<>();
    for (String metric : rules.metrics()) {
      comparisons.add(outcomes.compare(metric, champion, challenger));
    }
    return comparisons;
  }

  private Optional<String> tooFewOutcomes(int challenger, int champion) {
    int canary = outcomes.count(challenger);
    int served = outcomes.count(champion);
    if (canary < minOutcomesPerVersion || served < minOutcomesPerVersion) {
      return Optional.of("too few outcomes to judge canary version " + challenger + ": " + canary
          + " for it and " + served + " for champion version " + champion + ", " + minOutcomesPerVersion
          + " needed for each");
    }
    return Optional.empty();
  }

  private String describe(int challenger, int champion) {
    return "canary version " + challenger + " judged on " + outcomes.count(challenger)
        + " outcomes of its calls against " + outcomes.count(champion) + " of champion version " + champion;
  }
}

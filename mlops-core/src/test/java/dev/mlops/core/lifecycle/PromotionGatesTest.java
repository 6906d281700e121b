package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.GateDecision.Verdict;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PromotionGatesTest {

  private static final ModelVersion CHAMPION = Fixtures.version(3, Map.of("roc_auc", 0.84, "log_loss", 0.40));

  private static GateDecision judge(PromotionGate gate, Map<String, Double> challengerMetrics) {
    return gate.evaluate(Fixtures.version(5, challengerMetrics), Optional.of(CHAMPION));
  }

  @Nested
  class MetricThresholds {
    @Test
    void aFloorAcceptsTheBoundAndRejectsBelowIt() {
      PromotionGate gate = MetricThresholdGate.builder().floor("roc_auc", 0.8).build();

      assertThat(judge(gate, Map.of("roc_auc", 0.8)).reasons()).containsExactly("roc_auc 0.8 >= floor 0.8");
      GateDecision below = judge(gate, Map.of("roc_auc", 0.7999));
      assertThat(below.verdict()).isEqualTo(Verdict.REJECT);
      assertThat(below.reasons()).containsExactly("roc_auc 0.7999 < floor 0.8");
    }

    @Test
    void aFloorOfAMetricWhereLowerIsBetterIsACeiling() {
      PromotionGate gate = MetricThresholdGate.builder().floor("log_loss", 0.5).build();

      assertThat(judge(gate, Map.of("log_loss", 0.5)).reasons()).containsExactly("log_loss 0.5 <= ceiling 0.5");
      assertThat(judge(gate, Map.of("log_loss", 0.51)).reasons()).containsExactly("log_loss 0.51 > ceiling 0.5");
    }

    @Test
    void anAbsoluteImprovementIsRequiredOverTheChampion() {
      PromotionGate gate = MetricThresholdGate.builder().minImprovement("roc_auc", 0.01).build();

      GateDecision enough = judge(gate, Map.of("roc_auc", 0.85));
      assertThat(enough.approved()).isTrue();
      assertThat(enough.reasons()).containsExactly("roc_auc 0.85 >= champion 0.84 + 0.01 (champion version 3)");
      GateDecision short1 = judge(gate, Map.of("roc_auc", 0.8499));
      assertThat(short1.verdict()).isEqualTo(Verdict.REJECT);
      assertThat(short1.reasons()).containsExactly("roc_auc 0.8499 < champion 0.84 + 0.01 (champion version 3)");
    }

    @Test
    void anImprovementOfAMetricWhereLowerIsBetterIsADecrease() {
      PromotionGate gate = MetricThresholdGate.builder().minImprovement("log_loss", 0.05).build();

      assertThat(judge(gate, Map.of("log_loss", 0.35)).reasons())
          .containsExactly("log_loss 0.35 <= champion 0.4 - 0.05 (champion version 3)");
      assertThat(judge(gate, Map.of("log_loss", 0.36)).approved()).isFalse();
    }

    @Test
    void aRelativeImprovementIsAShareOfTheChampionsValue() {
      PromotionGate gate = MetricThresholdGate.builder().minRelativeImprovement("roc_auc", 0.05).build();

      GateDecision enough = judge(gate, Map.of("roc_auc", 0.882));
      assertThat(enough.approved()).isTrue();
      assertThat(enough.reasons()).containsExactly("roc_auc 0.882 improved 5% >= 5% over champion 0.84 (champion version 3)");
      assertThat(judge(gate, Map.of("roc_auc", 0.88)).reasons())
          .containsExactly("roc_auc 0.88 improved 4.762% < 5% over champion 0.84 (champion version 3)");
    }

    @Test
    void aGuardMetricMayRegressWithinItsToleranceOnly() {
      PromotionGate gate = MetricThresholdGate.builder().minImprovement("roc_auc", 0).guard("log_loss", 0.02).build();

      GateDecision within = judge(gate, Map.of("roc_auc", 0.9, "log_loss", 0.42));
      assertThat(within.approved()).isTrue();
      assertThat(within.reasons()).contains("guard log_loss 0.42 within 0.02 of champion 0.4 (champion version 3)");
      GateDecision beyond = judge(gate, Map.of("roc_auc", 0.9, "log_loss", 0.43));
      assertThat(beyond.verdict()).isEqualTo(Verdict.REJECT);
      assertThat(beyond.reasons()).containsExactly(
          "guard log_loss 0.43 regressed by 0.03, more than 0.02 of champion 0.4 (champion version 3)");
    }

    @Test
    void withoutAChampionOnlyFloorsApply() {
      PromotionGate gate = MetricThresholdGate.builder().floor("roc_auc", 0.8).minImprovement("roc_auc", 0.5)
          .guard("log_loss", 0).build();

      GateDecision decision = gate.evaluate(Fixtures.version(1, Map.of("roc_auc", 0.81)), Optional.empty());

      assertThat(decision.approved()).isTrue();
      assertThat(decision.reasons()).containsExactly("roc_auc 0.81 >= floor 0.8", "no champion: only floors apply");
    }

    @Test
    void aMissingMetricRejectsNamingTheMetricAndTheVersion() {
      PromotionGate gate = MetricThresholdGate.builder().floor("roc_auc", 0.8).guard("log_loss", 0).build();

      GateDecision noChallengerMetric = judge(gate, Map.of("log_loss", 0.3));
      assertThat(noChallengerMetric.verdict()).isEqualTo(Verdict.REJECT);
      assertThat(noChallengerMetric.reasons()).containsExactly(
          "version 5 of model 'churn' has no metric 'roc_auc', which the gate checks; it has [log_loss]");

      GateDecision noChampionMetric = MetricThresholdGate.builder().guard("pr_auc", 0).build()
          .evaluate(Fixtures.version(5, Map.of("pr_auc", 0.5)), Optional.of(CHAMPION));
      assertThat(noChampionMetric.verdict()).isEqualTo(Verdict.REJECT);
      assertThat(noChampionMetric.reasons().get(0))
          .startsWith("champion version 3 of model 'churn' has no metric 'pr_auc' to compare with");
    }

    @Test
    void everyRuleIsCheckedAndOnlyTheFailuresAreGivenForARejection() {
      PromotionGate gate = MetricThresholdGate.builder().floor("roc_auc", 0.8).minImprovement("roc_auc", 0.01)
          .guard("log_loss", 0.0).build();

      GateDecision decision = judge(gate, Map.of("roc_auc", 0.82, "log_loss", 0.5));

      assertThat(decision.reasons()).hasSize(2)
          .anySatisfy(r -> assertThat(r).startsWith("roc_auc 0.82 < champion 0.84 + 0.01"))
          .anySatisfy(r -> assertThat(r).startsWith("guard log_loss 0.5 regressed by 0.1"));
    }

    @Test
    void directionsComeFromMetricNamesAndCanBeOverridden() {
      assertThatThrownBy(() -> MetricThresholdGate.builder().floor("profit", 10).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'profit'")
          .hasMessageContaining("direction");
      PromotionGate gate = MetricThresholdGate.builder().floor("profit", 10)
          .direction("profit", MetricDirection.HIGHER_IS_BETTER).build();
      assertThat(judge(gate, Map.of("profit", 11.0)).approved()).isTrue();
      PromotionGate reversed = MetricThresholdGate.builder().floor("roc_auc", 0.5)
          .direction("roc_auc", MetricDirection.LOWER_IS_BETTER).build();
      assertThat(judge(reversed, Map.of("roc_auc", 0.6)).approved()).isFalse();
    }

    @Test
    void theBuilderRejectsRepeatedContradictoryAndEmptySettings() {
      assertThatThrownBy(() -> MetricThresholdGate.builder().floor("roc_auc", 0.8).floor("roc_auc", 0.9))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("floor of metric 'roc_auc' was already set to 0.8");
      assertThatThrownBy(() -> MetricThresholdGate.builder().minImprovement("roc_auc", -0.1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
      assertThatThrownBy(() -> MetricThresholdGate.builder().build()).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> MetricThresholdGate.builder().direction("x", MetricDirection.HIGHER_IS_BETTER).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("no rule");
    }
  }

  @Nested
  class Compositions {
    private final PromotionGate approve = (c, p) -> GateDecision.approve(List.of("metrics fine"));
    private final PromotionGate reject = (c, p) -> GateDecision.reject(List.of("too slow"));

    @Test
    void manualApprovalIsAlwaysPendingAndSaysHowToDecide() {
      GateDecision decision = ManualApprovalGate.INSTANCE.evaluate(Fixtures.version(5, Map.of()), Optional.of(CHAMPION));

      assertThat(decision.verdict()).isEqualTo(Verdict.PENDING_APPROVAL);
      assertThat(decision.reasons().get(0)).contains("champion version 3").contains("mlops approve churn 5");
    }

    @Test
    void aRejectionWinsThenAPendingApprovalThenApproval() {
      PromotionGate manual = ManualApprovalGate.INSTANCE;

      GateDecision rejected = judge(PromotionGates.allOf(approve, manual, reject), Map.of());
      assertThat(rejected.verdict()).isEqualTo(Verdict.REJECT);
      assertThat(rejected.reasons()).containsExactly("too slow");
      GateDecision pending = judge(PromotionGates.allOf(approve, manual), Map.of());
      assertThat(pending.verdict()).isEqualTo(Verdict.PENDING_APPROVAL);
      assertThat(pending.reasons()).hasSize(2).startsWith("metrics fine");
      GateDecision approved = judge(PromotionGates.allOf(approve, approve), Map.of());
      assertThat(approved.verdict()).isEqualTo(Verdict.APPROVE);
      assertThatThrownBy(PromotionGates::allOf).isInstanceOf(IllegalArgumentException.class);
    }
  }
}

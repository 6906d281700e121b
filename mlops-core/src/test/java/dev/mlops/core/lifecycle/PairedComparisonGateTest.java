package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.comparison.McNemarTest;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.registry.ModelVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedComparisonGateTest {

  private static final int ROWS = 1000;
  private static final int TRIALS = 200;

  /** Fresh rows and the two versions scripted on them. */
  private record Trial(TabularDataset rows, ScriptedClassifier champion, ScriptedClassifier challenger) {

    static Trial of(long seed, double championAccuracy, double challengerAccuracy) {
      Random random = new Random(seed);
      boolean[] actualYes = new boolean[ROWS];
      TabularDataset rows = ScriptedClassifier.rows(random, ROWS, actualYes);
      return new Trial(rows,
          ScriptedClassifier.of(1, ScriptedClassifier.CLASSES, random, actualYes, championAccuracy),
          // The challenger orders its classes the other way: the gate must match them by name.
          ScriptedClassifier.of(2, List.of("yes", "no"), random, actualYes, challengerAccuracy));
    }

    GateDecision judge(ComparisonRules rules) {
      Map<Integer, ScriptedClassifier> byVersion = new HashMap<>();
      byVersion.put(1, champion);
      byVersion.put(2, challenger);
      PairedComparisonGate gate = PairedComparisonGate.builder(() -> rows, v -> byVersion.get(v.version()))
          .rules(rules).build();
      return gate.evaluate(challenger.modelVersion(), Optional.of(champion.modelVersion()));
    }
  }

  private static ComparisonRules accuracyRule(double margin) {
    return ComparisonRules.builder().require("accuracy", margin).build();
  }

  @Test
  void aChallengerBetterByNoiseOnlyIsNotPromotedInAtLeast95PercentOfTrials() {
    int promoted = 0;
    int aheadByAPoint = 0;
    for (int seed = 0; seed < TRIALS; seed++) {
      Trial trial = Trial.of(seed, 0.80, 0.80);
      promoted += trial.judge(accuracyRule(0.0)).approved() ? 1 : 0;
      double ahead = trial.challenger().accuracy() - trial.champion().accuracy();
      aheadByAPoint += ahead >= 0.01 ? 1 : 0;
    }
    System.out.printf("Equal models (accuracy 0.80, %d rows): McNemar exact at 5%% promoted %d of %d;"
        + " the challenger was ahead by a point or more in %d%n", ROWS, promoted, TRIALS, aheadByAPoint);
    assertThat(promoted).as("promotions of an equally good challenger").isLessThanOrEqualTo(TRIALS / 20);
    assertThat(aheadByAPoint).as("trials where a threshold gate on one point would have promoted")
        .isGreaterThan(TRIALS / 5);
  }

  @Test
  void aChallengerBetterByNoiseOnlyInRocAucIsNotPromotedInAtLeast95PercentOfTrials() {
    ComparisonRules rules = ComparisonRules.builder().require("roc_auc", 0.0).build();
    int promoted = 0;
    for (int seed = 0; seed < TRIALS; seed++) {
      promoted += Trial.of(1000 + seed, 0.80, 0.80).judge(rules).approved() ? 1 : 0;
    }
    System.out.printf("Equal models: DeLong at 5%% promoted %d of %d%n", promoted, TRIALS);
    assertThat(promoted).isLessThanOrEqualTo(TRIALS / 20);
  }

  @Test
  void aClearlyBetterChallengerIsPromotedWithReasonsNamingTheTest() {
    ComparisonRules rules = ComparisonRules.builder().require("accuracy", 0.01).guard("roc_auc", 0.02).build();
    for (int seed = 0; seed < 20; seed++) {
      GateDecision decision = Trial.of(seed, 0.80, 0.87).judge(rules);
      if (seed == 0) {
        System.out.println("Reasons of an approval:\n" + String.join("\n", decision.reasons()));
      }

      assertThat(decision.approved()).as("seed %d: %s", seed, decision.reasons()).isTrue();
      assertThat(decision.reasons().get(0)).isEqualTo("both versions scored on the same 1000 fresh labelled rows");
      assertThat(decision.reasons().get(1)).startsWith("accuracy 0.8").contains("significant (McNemar exact one-sided p = ")
          .contains("challenger alone right on ");
      assertThat(decision.reasons().get(2)).startsWith("guard roc_auc ");
    }
  }

  @Test
  void anImprovementBelowTheMarginIsRejectedEvenWhenSignificant() {
    GateDecision decision = Trial.of(3, 0.80, 0.87).judge(accuracyRule(0.2));

    assertThat(decision.approved()).isFalse();
    assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).contains(" < margin 0.2, significant"));
  }

  @Test
  void aWorseChallengerIsRejectedAndBothPredictorsAreClosed() {
    Trial trial = Trial.of(5, 0.85, 0.75);

    GateDecision decision = trial.judge(accuracyRule(0.0));

    assertThat(decision.approved()).isFalse();
    assertThat(decision.reasons().get(1)).contains("not significant");
    assertThat(trial.champion().closed()).isTrue();
    assertThat(trial.challenger().closed()).isTrue();
  }

  @Test
  void withoutAChampionOrWithTooFewRowsTheGateSaysSo() {
    Trial trial = Trial.of(1, 0.8, 0.8);
    PairedComparisonGate gate = PairedComparisonGate.builder(() -> trial.rows(), v -> trial.challenger())
        .rules(accuracyRule(0.0)).minRows(ROWS + 1).build();

    assertThat(gate.evaluate(trial.challenger().modelVersion(), Optional.empty()).reasons())
        .containsExactly("no champion to compare with");
    GateDecision tooFew = gate.evaluate(trial.challenger().modelVersion(), Optional.of(trial.champion().modelVersion()));
    assertThat(tooFew.approved()).isFalse();
    assertThat(tooFew.reasons()).containsExactly("only 1000 fresh labelled rows, fewer than the 1001 the gate needs"
        + " to compare version 2 with version 1");
  }

  @Test
  void aVersionThatDoesNotScoreTheFreshClassesIsNamed() {
    Trial trial = Trial.of(1, 0.8, 0.8);
    ModelVersion other = ScriptedClassifier.version(2, List.of("stayed", "left"));
    PairedComparisonGate gate = PairedComparisonGate.builder(() -> trial.rows(), v -> trial.challenger())
        .rules(accuracyRule(0.0)).build();

    assertThatThrownBy(() -> gate.evaluate(other, Optional.of(trial.champion().modelVersion())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2 of model 'churn' does not score class 'no'");
  }

  @Test
  void rulesFailFastOnMetricsWithoutATestAndOnMissingSettings() {
    assertThatThrownBy(() -> ComparisonRules.builder().require("f1", 0.01))
        .hasMessageContaining("Metric 'f1' cannot be compared with a significance test");
    assertThatThrownBy(() -> ComparisonRules.builder().guard("roc_auc", 0.01).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one required metric");
    assertThatThrownBy(() -> ComparisonRules.builder().require("accuracy", -0.01))
        .hasMessageContaining("must be a finite number >= 0 but was -0.01");
    assertThatThrownBy(() -> PairedComparisonGate.builder(() -> null, v -> null).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs rules");
    assertThat(ComparisonRules.builder().require("accuracy", 0).mcNemar(McNemarTest.Variant.MID_P).build().mcNemar())
        .isEqualTo(McNemarTest.Variant.MID_P);
  }
}

package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.comparison.CanaryOutcomes;
import dev.mlops.lifecycle.GateDecision;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CanaryGateTest {

  private static final ComparisonRules RULES =
      ComparisonRules.builder().require("accuracy", 0.01).guard("roc_auc", 0.02).build();

  /** Records {@code rows} outcomes of a version right with probability {@code accuracy}. */
  private static void serve(CanaryOutcomes outcomes, int version, int rows, double accuracy, Random random) {
    for (int i = 0; i < rows; i++) {
      boolean yes = random.nextDouble() < 0.4;
      boolean right = random.nextDouble() < accuracy;
      double confidence = 0.5005 + 0.499 * random.nextDouble();
      double pActual = right ? confidence : 1 - confidence;
      double pYes = yes ? pActual : 1 - pActual;
      outcomes.record(version, new double[] {1 - pYes, pYes}, yes ? "yes" : "no");
    }
  }

  @Test
  void aSignificantlyBetterCanaryIsApprovedOnItsLiveOutcomes() {
    CanaryOutcomes outcomes = new CanaryOutcomes(ScriptedClassifier.CLASSES);
    Random random = new Random(1);
    serve(outcomes, 1, 4000, 0.78, random);
    serve(outcomes, 2, 1000, 0.86, random);
    CanaryGate gate = new CanaryGate(outcomes, RULES, 500);

    GateDecision decision = gate.evaluate(ScriptedClassifier.version(2, ScriptedClassifier.CLASSES),
        Optional.of(ScriptedClassifier.version(1, ScriptedClassifier.CLASSES)));

    assertThat(decision.approved()).as("%s", decision.reasons()).isTrue();
    assertThat(decision.reasons().get(0))
        .isEqualTo("canary version 2 judged on 1000 outcomes of its calls against 4000 of champion version 1");
    assertThat(decision.reasons().get(1)).contains("two-proportion z one-sided p = ");
    assertThat(gate.regression(2, 1).holds()).isFalse();
  }

  @Test
  void aSignificantlyWorseCanaryIsARegressionAndIsNotApproved() {
    CanaryOutcomes outcomes = new CanaryOutcomes(ScriptedClassifier.CLASSES);
    Random random = new Random(2);
    serve(outcomes, 1, 4000, 0.85, random);
    serve(outcomes, 2, 800, 0.75, random);
    CanaryGate gate = new CanaryGate(outcomes, RULES, 500);

    ComparisonRules.Judgement regression = gate.regression(2, 1);

    assertThat(regression.holds()).isTrue();
    assertThat(regression.reasons()).anySatisfy(r -> assertThat(r).startsWith("accuracy 0.7")
        .contains("significantly worse (two-proportion z one-sided p = "));
    assertThat(gate.evaluate(ScriptedClassifier.version(2, ScriptedClassifier.CLASSES),
        Optional.of(ScriptedClassifier.version(1, ScriptedClassifier.CLASSES))).approved()).isFalse();
  }

  @Test
  void equalSidesAreNeitherBetterNorWorseMostOfTheTime() {
    int regressions = 0;
    int approvals = 0;
    for (int seed = 0; seed < 100; seed++) {
      CanaryOutcomes outcomes = new CanaryOutcomes(ScriptedClassifier.CLASSES);
      Random random = new Random(seed);
      serve(outcomes, 1, 2000, 0.8, random);
      serve(outcomes, 2, 500, 0.8, random);
      CanaryGate gate = new CanaryGate(outcomes, ComparisonRules.builder().require("accuracy", 0.0).build(), 100);
      regressions += gate.regression(2, 1).holds() ? 1 : 0;
      approvals += gate.evaluate(ScriptedClassifier.version(2, ScriptedClassifier.CLASSES),
          Optional.of(ScriptedClassifier.version(1, ScriptedClassifier.CLASSES))).approved() ? 1 : 0;
    }
    System.out.printf("Equal canary sides, 100 trials at 5%%: %d rolled back, %d promoted%n", regressions, approvals);
    assertThat(regressions).isLessThanOrEqualTo(10);
    assertThat(approvals).isLessThanOrEqualTo(10);
  }

  @Test
  void tooFewOutcomesOnEitherSideDecideNothing() {
    CanaryOutcomes outcomes = new CanaryOutcomes(ScriptedClassifier.CLASSES);
    serve(outcomes, 1, 600, 0.9, new Random(3));
    serve(outcomes, 2, 20, 0.1, new Random(4));
    CanaryGate gate = new CanaryGate(outcomes, RULES, 500);

    assertThat(gate.regression(2, 1).holds()).isFalse();
    assertThat(gate.regression(2, 1).reasons()).containsExactly("too few outcomes to judge canary version 2: 20"
        + " for it and 600 for champion version 1, 500 needed for each");
  }

  @Test
  void outcomesRecordedFromManyThreadsAreAllCounted() throws InterruptedException {
    CanaryOutcomes outcomes = new CanaryOutcomes(ScriptedClassifier.CLASSES);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int version = 1 + t % 2;
      pool.execute(() -> {
        for (int i = 0; i < 5000; i++) {
          outcomes.record(version, new double[] {0.3, 0.7}, i % 3 == 0 ? "no" : "yes");
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

    assertThat(outcomes.count(1)).isEqualTo(10000);
    assertThat(outcomes.count(2)).isEqualTo(10000);
  }

  @Test
  void outcomesBeyondTheBoundAreDroppedAndBadOnesRejected() {
    CanaryOutcomes outcomes = new CanaryOutcomes(ScriptedClassifier.CLASSES, "yes", 2);
    for (int i = 0; i < 5; i++) {
      outcomes.record(1, new double[] {0.3, 0.7}, "yes");
    }

    assertThat(outcomes.count(1)).isEqualTo(2);
    assertThat(outcomes.dropped(1)).isEqualTo(3);
    assertThatThrownBy(() -> outcomes.record(2, new double[] {0.3, 0.7}, "maybe"))
        .hasMessageContaining("Unknown actual class 'maybe'");
    assertThat(outcomes.count(2)).isZero();
    assertThatThrownBy(() -> new CanaryOutcomes(List.of("no", "yes"), "perhaps", 10))
        .hasMessageContaining("the positive class 'perhaps' is not one of the classes");
  }
}

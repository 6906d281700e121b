package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.comparison.CanaryOutcomes;
import dev.mlops.core.lifecycle.ComparisonRules;
import dev.mlops.core.lifecycle.LifecycleTags;
import dev.mlops.core.lifecycle.Promotions;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelUri;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary of the fixture models: version 1 predicts "downgrade" for every fixture row, version 2
 * mostly "churn". Which one is right is up to the test: the actual class is drawn per call.
 */
class CanaryControllerTest {

  private static final ModelUri PRODUCTION = ModelUri.alias("churn", "production");
  private static final ComparisonRules RULES = ComparisonRules.builder().require("accuracy", 0.02).build();

  InMemoryModelRegistry registry;
  DjlPredictors predictors;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    predictors = DjlPredictors.builder().registry(registry).meterRegistry(new SimpleMeterRegistry())
        .poolSize(2).unknownFeatures(UnknownFeaturePolicy.IGNORE).build();
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
  }

  @AfterEach
  void close() {
    registry.close();
  }

  /** Calls the deployment, and reports each outcome: "downgrade" with the given probability, else "churn". */
  private static List<CanaryController.Verdict> serve(RoutedDeployment deployment, CanaryController controller,
      int calls, double downgradeShare, long seed) {
    Random random = new Random(seed);
    List<CanaryController.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      Map<String, Object> row = new LinkedHashMap<>(ChurnFixtures.rows().get(i % 5));
      row.put("customer_id", "customer-" + seed + "-" + i);
      Prediction p = deployment.predict(row);
      String actual = random.nextDouble() < downgradeShare ? "downgrade" : "churn";
      controller.recordOutcome(p, actual).ifPresent(verdicts::add);
    }
    return verdicts;
  }

  @Test
  void aSignificantlyWorseCanaryIsRolledBackAutomaticallyAndTheChampionAnswersEveryCallAfter() {
    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.version("churn", 2), 0.3).stickyBy(row -> row.get("customer_id")))) {
      CanaryController controller = CanaryController.builder(deployment, RULES).autoRollback(true)
          .minOutcomesPerVersion(200).checkEvery(50).build();

      List<CanaryController.Verdict> verdicts = serve(deployment, controller, 3000, 0.8, 1);

      assertThat(verdicts).extracting(CanaryController.Verdict::kind).contains(CanaryController.Verdict.Kind.ROLLED_BACK);
      CanaryController.Verdict rollback = verdicts.stream()
          .filter(v -> v.kind() == CanaryController.Verdict.Kind.ROLLED_BACK).findFirst().orElseThrow();
      assertThat(rollback.reasons()).anySatisfy(r -> assertThat(r).contains("significantly worse"));
      assertThat(deployment.canaryStopped()).isTrue();
      int canaryCallsBefore = controller.outcomes().count(2);
      serve(deployment, controller, 500, 0.8, 2);
      assertThat(controller.outcomes().count(2)).as("calls answered by the canary after the rollback")
          .isEqualTo(canaryCallsBefore);
      assertThat(controller.check().kind()).isEqualTo(CanaryController.Verdict.Kind.STOPPED);
      assertThat(registry.getModel("churn").aliases()).containsEntry("production", 1);
    }
  }

  @Test
  void aSettingGivenTwiceIsRefused() {
    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.version("churn", 2), 0.3).stickyBy(row -> row.get("customer_id")))) {
      assertThatThrownBy(() -> CanaryController.builder(deployment, RULES).autoRollback(true).autoRollback(false))
          .isInstanceOf(IllegalStateException.class).hasMessage("autoRollback was already set");
      assertThatThrownBy(() -> CanaryController.builder(deployment, RULES).minOutcomesPerVersion(200)
              .minOutcomesPerVersion(500))
          .isInstanceOf(IllegalStateException.class).hasMessage("minOutcomesPerVersion was already set");
      assertThatThrownBy(() -> CanaryController.builder(deployment, RULES).checkEvery(10).checkEvery(20))
          .isInstanceOf(IllegalStateException.class).hasMessage("checkEvery was already set");
      CanaryOutcomes outcomes = new CanaryOutcomes(List.of("churn", "downgrade"));
      assertThatThrownBy(() -> CanaryController.builder(deployment, RULES).outcomes(outcomes).outcomes(outcomes))
          .isInstanceOf(IllegalStateException.class).hasMessage("outcomes was already set to " + outcomes);
    }
  }

  @Test
  void withoutAutomaticRollbackAWorseCanaryIsOnlyReported() {

    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.version("churn", 2), 0.3).stickyBy(row -> row.get("customer_id")))) {
      CanaryController controller = CanaryController.builder(deployment, RULES).minOutcomesPerVersion(200).build();

      assertThat(serve(deployment, controller, 2000, 0.8, 3)).isEmpty();

      assertThat(controller.check().kind()).isEqualTo(CanaryController.Verdict.Kind.WORSE);
      assertThat(deployment.canaryStopped()).isFalse();
    }
  }

  @Test
  void aBetterCanaryIsPromotedThroughTheGateWithItsReasonsAudited() {
    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.version("churn", 2), 0.3).stickyBy(row -> row.get("customer_id")))) {
      CanaryController controller = CanaryController.builder(deployment, RULES).autoRollback(true)
          .minOutcomesPerVersion(200).build();
      serve(deployment, controller, 200, 0.2, 4);

      CanaryController.Promotion early = controller.promoteIfBetter(Promotions.of(registry));
      assertThat(early.result()).isNull();
      assertThat(early.decision().reasons().get(0)).startsWith("too few outcomes to judge canary version 2");

      serve(deployment, controller, 2000, 0.2, 5);
      CanaryController.Promotion promotion = controller.promoteIfBetter(Promotions.of(registry));

      assertThat(promotion.decision().approved()).as("%s", promotion.decision().reasons()).isTrue();
      assertThat(promotion.result()).isNotNull();
      assertThat(registry.getModel("churn").aliases()).containsEntry("production", 2);
      assertThat(registry.getVersion("churn", 2).tags()).containsEntry(LifecycleTags.GATE, "approved");
      assertThat(registry.getVersion("churn", 2).tags().get(LifecycleTags.GATE_REASONS))
          .contains("two-proportion z one-sided p = ");
      assertThat(deployment.canaryStopped()).isTrue();
    }
  }

  @Test
  void aRoutingWithoutACanaryIsRefused() {
    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION, Routing.shadow(ModelUri.version("churn", 2)))) {
      assertThatThrownBy(() -> CanaryController.builder(deployment, RULES))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a canary routing");
      assertThat(deployment.stopCanary("no canary")).isFalse();
    }
  }
}

package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.comparison.CanaryOutcomes;
import dev.mlops.core.lifecycle.ComparisonRules;
import dev.mlops.core.lifecycle.LifecycleTags;
import dev.mlops.core.lifecycle.Promotions;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelUri;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  /** A clock the test moves: the monitor's windows close while the labels are still unknown. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /**
   * Calls the monitored deployment and returns each prediction's actual class by id, to be
   * reported later: "downgrade" with the given probability, else "churn".
   */
  private static Map<String, String> serveUnlabelled(Deployment<Map<String, Object>, Prediction> deployment,
      int calls, double downgradeShare, long seed) {
    Random random = new Random(seed);
    Map<String, String> actuals = new LinkedHashMap<>();
    for (int i = 0; i < calls; i++) {
      Map<String, Object> row = new LinkedHashMap<>(ChurnFixtures.rows().get(i % 5));
      row.put("customer_id", "customer-" + seed + "-" + i);
      Prediction p = deployment.predict(row);
      actuals.put(p.predictionId(), random.nextDouble() < downgradeShare ? "downgrade" : "churn");
    }
    return actuals;
  }

  @Test
  void outcomesJoinedLateByTheMonitorRollBackASignificantlyWorseCanary() {
    MovableClock clock = new MovableClock();
    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.version("churn", 2), 0.3).stickyBy(row -> row.get("customer_id")));
        ModelMonitor monitor = ModelMonitor.builder().registry(registry).clock(clock)
            .tumblingWindow(Duration.ofMinutes(1)).build()) {
      CanaryController controller = CanaryController.builder(deployment, RULES).autoRollback(true)
          .minOutcomesPerVersion(200).checkEvery(50).outcomesFrom(monitor).build();
      Deployment<Map<String, Object>, Prediction> monitored = monitor.wrap(deployment);

      Map<String, String> actuals = serveUnlabelled(monitored, 3000, 0.8, 1);
      assertThat(controller.outcomes().count(1) + controller.outcomes().count(2))
          .as("outcomes recorded on the prediction path").isZero();
      assertThat(deployment.canaryStopped()).isFalse();

      // The labels arrive an hour later, after the windows of their predictions closed, and are
      // reported to the monitor alone, by prediction id.
      clock.now = clock.now.plus(Duration.ofHours(1));
      assertThat(monitor.closeElapsedWindows()).isNotEmpty();
      actuals.forEach(monitor::recordOutcome);

      assertThat(deployment.canaryStopped()).isTrue();
      assertThat(controller.check().kind()).isEqualTo(CanaryController.Verdict.Kind.STOPPED);
      assertThat(controller.check().reasons()).anySatisfy(r -> assertThat(r).contains("significantly worse"));
      int canary = controller.outcomes().count(2);
      assertThat(canary).isGreaterThanOrEqualTo(200);
      assertThat(controller.outcomes().count(1) + canary).isEqualTo(actuals.size());
      assertThat(monitor.closedWindows().stream().filter(w -> w.version() == 2)
          .mapToLong(w -> w.outcomes().joined()).sum()).as("late outcomes in the canary's closed windows")
          .isEqualTo(canary);
      assertThat(registry.getModel("churn").aliases()).containsEntry("production", 1);

      // After the rollback the champion answers every call; closed, the controller hears no more.
      Map<String, String> after = serveUnlabelled(monitored, 300, 0.8, 2);
      controller.close();
      after.forEach(monitor::recordOutcome);
      assertThat(controller.outcomes().count(2)).isEqualTo(canary);
      assertThat(controller.outcomes().count(1) + canary).isEqualTo(actuals.size());
    }
  }

  @Test
  void theMonitorFeedsTheControllerTheSameOutcomesAsTheApplication() {
    try (RoutedDeployment deployment = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.version("churn", 2), 0.3).stickyBy(row -> row.get("customer_id")));
        ModelMonitor monitor = ModelMonitor.builder().registry(registry).build()) {
      CanaryController fromMonitor = CanaryController.builder(deployment, RULES).minOutcomesPerVersion(200)
          .outcomesFrom(monitor).build();
      CanaryController fromApplication = CanaryController.builder(deployment, RULES).minOutcomesPerVersion(200)
          .build();
      Deployment<Map<String, Object>, Prediction> monitored = monitor.wrap(deployment);

      Random random = new Random(6);
      for (int i = 0; i < 2000; i++) {
        Map<String, Object> row = new LinkedHashMap<>(ChurnFixtures.rows().get(i % 5));
        row.put("customer_id", "customer-6-" + i);
        Prediction p = monitored.predict(row);
        String actual = random.nextDouble() < 0.8 ? "downgrade" : "churn";
        fromApplication.recordOutcome(p, actual);
        monitor.recordOutcome(p.predictionId(), actual);
      }

      for (int version : List.of(1, 2)) {
        assertThat(fromMonitor.outcomes().count(version)).as("version %d", version)
            .isPositive().isEqualTo(fromApplication.outcomes().count(version));
      }
      assertThat(fromMonitor.outcomes().compare("accuracy", 1, 2))
          .isEqualTo(fromApplication.outcomes().compare("accuracy", 1, 2));
      CanaryController.Verdict verdict = fromMonitor.check();
      assertThat(verdict.kind()).isEqualTo(CanaryController.Verdict.Kind.WORSE);
      assertThat(verdict).isEqualTo(fromApplication.check());
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

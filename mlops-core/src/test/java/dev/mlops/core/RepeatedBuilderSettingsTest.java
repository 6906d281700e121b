package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.alert.FleetAlerts;
import dev.mlops.core.alert.LogAlertSink;
import dev.mlops.core.comparison.McNemarTest;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.estimation.DirectLossEstimator;
import dev.mlops.core.lifecycle.ComparisonRules;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.lifecycle.ManualApprovalGate;
import dev.mlops.core.lifecycle.PairedComparisonGate;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.training.GradientDescentTrainer;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every builder of this module refuses a setting given twice, naming the setting (and the value
 * given first where the builder keeps no default for it), instead of letting the last value win.
 */
class RepeatedBuilderSettingsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final InMemoryMonitorStore store = new InMemoryMonitorStore();

  @Nested
  @DisplayName("FleetSnapshots")
  class Fleet {

    @Test
    void aRegistryGivenTwiceIsRefusedNamingTheFirst() {
      try (FileModelRegistry registry = FileModelRegistry.builder().root(dir).open()) {
        FleetSnapshots.Builder builder = FleetSnapshots.builder(store).registry(registry);

        assertThatThrownBy(() -> builder.registry(registry))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("registry was already set to " + registry);
      }
    }

    @Test
    void settingsWithDefaultsAreRefusedTheSecondTime() {
      assertThatThrownBy(() -> FleetSnapshots.builder(store).clock(CLOCK).clock(CLOCK))
          .isInstanceOf(IllegalStateException.class).hasMessage("clock was already set");
      assertThatThrownBy(() -> FleetSnapshots.builder(store).minRowsForDrift(10).minRowsForDrift(20))
          .isInstanceOf(IllegalStateException.class).hasMessage("minRowsForDrift was already set");
      assertThatThrownBy(() -> FleetSnapshots.builder(store).decisionThreshold(0.4).decisionThreshold(0.6))
          .isInstanceOf(IllegalStateException.class).hasMessage("decisionThreshold was already set");
      assertThatThrownBy(() -> FleetSnapshots.builder(store).driftAnalyzer(DriftAnalyzer.withDefaults())
              .driftAnalyzer(DriftAnalyzer.withDefaults()))
          .isInstanceOf(IllegalStateException.class).hasMessage("driftAnalyzer was already set");
    }

    @Test
    void anInvalidValueIsAnArgumentErrorEvenWhenRepeated() {
      assertThatThrownBy(() -> FleetSnapshots.builder(store).minRowsForDrift(10).minRowsForDrift(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minRowsForDrift");
    }

    @TempDir Path dir;
  }

  @Test
  void fleetAlertsRefuseARepeatedDispatcherDelayIntervalOrClock() {
    FleetSnapshots fleet = FleetSnapshots.builder(store).build();
    try (AlertDispatcher dispatcher = AlertDispatcher.builder().rule(AlertRules.datasetDrift())
        .sink(new LogAlertSink()).build()) {
      assertThatThrownBy(() -> FleetAlerts.builder(store, fleet, "churn").dispatcher(dispatcher)
              .dispatcher(dispatcher))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("dispatcher was already set to " + dispatcher);
    }

    assertThatThrownBy(() -> FleetAlerts.builder(store, fleet, "churn")
            .settleDelay(Duration.ofSeconds(5)).settleDelay(Duration.ofSeconds(6)))
        .isInstanceOf(IllegalStateException.class).hasMessage("settleDelay was already set");
    assertThatThrownBy(() -> FleetAlerts.builder(store, fleet, "churn")
            .checkInterval(Duration.ofSeconds(5)).checkInterval(Duration.ofSeconds(6)))
        .isInstanceOf(IllegalStateException.class).hasMessage("checkInterval was already set");
    assertThatThrownBy(() -> FleetAlerts.builder(store, fleet, "churn").clock(CLOCK).clock(CLOCK))
        .isInstanceOf(IllegalStateException.class).hasMessage("clock was already set");
  }

  @Test
  void comparisonRulesRefuseARepeatedLevelOrMcNemarVariant() {
    assertThatThrownBy(() -> ComparisonRules.builder().significanceLevel(0.05).significanceLevel(0.01))
        .isInstanceOf(IllegalStateException.class).hasMessage("significanceLevel was already set");
    assertThatThrownBy(() -> ComparisonRules.builder().mcNemar(McNemarTest.Variant.EXACT)
            .mcNemar(McNemarTest.Variant.MID_P))
        .isInstanceOf(IllegalStateException.class).hasMessage("mcNemar was already set");
  }

  @Test
  void thePairedComparisonGateRefusesRepeatedRulesRowsOrPositiveClass() {
    ComparisonRules rules = ComparisonRules.builder().require("accuracy", 0.0).build();

    assertThatThrownBy(() -> paired().rules(rules).rules(rules))
        .isInstanceOf(IllegalStateException.class).hasMessage("rules was already set to " + rules);
    assertThatThrownBy(() -> paired().minRows(10).minRows(20))
        .isInstanceOf(IllegalStateException.class).hasMessage("minRows was already set");
    assertThatThrownBy(() -> paired().positiveClass("yes").positiveClass("no"))
        .isInstanceOf(IllegalStateException.class).hasMessage("positiveClass was already set to yes");
  }

  private static PairedComparisonGate.Builder paired() {
    return PairedComparisonGate.builder(() -> {
      throw new AssertionError("no data is read while configuring");
    }, version -> {
      throw new AssertionError("no model is loaded while configuring");
    });
  }

  @Test
  void theDirectLossEstimatorRefusesEachRepeatedSetting() {
    GradientDescentTrainer trainer = new GradientDescentTrainer();

    assertThatThrownBy(() -> DirectLossEstimator.builder(trainer).seed(1).seed(2))
        .isInstanceOf(IllegalStateException.class).hasMessage("seed was already set");
    assertThatThrownBy(() -> DirectLossEstimator.builder(trainer).predictionFeature("p").predictionFeature("q"))
        .isInstanceOf(IllegalStateException.class).hasMessage("predictionFeature was already set");
    assertThatThrownBy(() -> DirectLossEstimator.builder(trainer).referenceChunks(5).referenceChunks(6))
        .isInstanceOf(IllegalStateException.class).hasMessage("referenceChunks was already set");
    assertThatThrownBy(() -> DirectLossEstimator.builder(trainer).confidenceLevel(0.9).confidenceLevel(0.99))
        .isInstanceOf(IllegalStateException.class).hasMessage("confidenceLevel was already set");
  }

  @Nested
  @DisplayName("LifecycleController")
  class Lifecycle {

    @TempDir Path dir;

    @Test
    void refusesEachRepeatedSettingButTheTrainingJob() {
      try (ModelRegistry registry = FileModelRegistry.builder().root(dir).open()) {
        assertThatThrownBy(() -> LifecycleController.builder(registry, "churn")
                .gate(ManualApprovalGate.INSTANCE).gate(ManualApprovalGate.INSTANCE))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("gate was already set to " + ManualApprovalGate.INSTANCE);
        assertThatThrownBy(() -> LifecycleController.builder(registry, "churn")
                .retrainPolicy(RetrainPolicies.every(Duration.ofDays(1)))
                .retrainPolicy(RetrainPolicies.every(Duration.ofDays(2))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("retrainPolicy was already set to ");
        assertThatThrownBy(() -> LifecycleController.builder(registry, "churn")
                .checkInterval(Duration.ofMinutes(1)).checkInterval(Duration.ofMinutes(2)))
            .isInstanceOf(IllegalStateException.class).hasMessage("checkInterval was already set");
        assertThatThrownBy(() -> LifecycleController.builder(registry, "churn")
                .productionAlias("live").productionAlias("prod"))
            .isInstanceOf(IllegalStateException.class).hasMessage("productionAlias was already set");
        assertThatThrownBy(() -> LifecycleController.builder(registry, "churn").clock(CLOCK).clock(CLOCK))
            .isInstanceOf(IllegalStateException.class).hasMessage("clock was already set");
      }
    }

    @Test
    void theTrainingJobMayBeReplacedByEitherForm() {
      try (ModelRegistry registry = FileModelRegistry.builder().root(dir).open()) {
        assertThatCode(() -> LifecycleController.builder(registry, "churn")
                .trainingJob(() -> {
                  throw new AssertionError("not run");
                })
                .retrainJob(tags -> {
                  throw new AssertionError("not run");
                })
                .trainingJob(() -> {
                  throw new AssertionError("not run");
                }))
            .doesNotThrowAnyException();
      }
    }
  }
}

package dev.mlops.testkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.lifecycle.CycleResult;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.lifecycle.LifecycleEvent;
import dev.mlops.core.lifecycle.LifecycleEvent.Kind;
import dev.mlops.core.lifecycle.MetricThresholdGate;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.testkit.ManualClock;
import dev.mlops.testkit.data.DriftingDataGenerator;
import dev.mlops.testkit.data.DriftingRow;
import dev.mlops.testkit.data.FeatureShift;
import dev.mlops.training.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle loop over real drift statistics: a drifting data stream under a manual clock, drift
 * measured by the drift analyzer on a sliding window of the stream against the training window, and
 * the lifecycle controller deciding, training (a stand-in job that registers versions), gating and
 * promoting.
 */
class DriftRetrainScenarioTest {

  private static final Instant START = ManualClock.DEFAULT_START;
  private static final Instant ONSET = START.plus(Duration.ofDays(3));
  private static final int WINDOW = 500;

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(START);
  private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
  private final List<Instant> trainedAt = new ArrayList<>();
  private final DriftingDataGenerator data = DriftingDataGenerator.builder()
      .seed(11)
      .numeric("tenure", 24, 6)
      .numeric("charges", 70, 15)
      .categorical("plan", List.of("basic", "plus", "premium"))
      .start(START)
      .rowInterval(Duration.ofMinutes(1))
      .shift(FeatureShift.meanShift("tenure", 9).from(ONSET))
      .build();
  private final DataTable reference = table(data.rows(0, 2000));
  private InMemoryModelRegistry registry;

  @BeforeEach
  void registerTheChampion() throws Exception {
    registry = InMemoryModelRegistry.builder().clock(clock).actor("scenario").build();
    ModelVersion v1 = register(0.80);
    registry.setAlias("churn", "production", v1.version(), AliasPrecondition.absent(), "first version");
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private ModelVersion register(double rocAuc) throws Exception {
    Path artifact = Files.writeString(Files.createTempFile(dir, "model", ".onnx"), "weights " + rocAuc);
    return registry.register(RegistrationRequest.builder("churn").artifact(artifact).format(ModelFormat.of("opaque"))
        .metric("roc_auc", rocAuc).build());
  }

  private static DataTable table(List<DriftingRow> rows) {
    List<Double> tenure = new ArrayList<>();
    List<Double> charges = new ArrayList<>();
    List<String> plan = new ArrayList<>();
    for (DriftingRow row : rows) {
      tenure.add(((Number) row.features().get("tenure")).doubleValue());
      charges.add(((Number) row.features().get("charges")).doubleValue());
      plan.add((String) row.features().get("plan"));
    }
    return DataTable.builder().numeric("tenure", tenure).numeric("charges", charges).categorical("plan", plan)
        .build();
  }

  /** What a monitor would report now: the last WINDOW rows of the stream against the training rows. */
  private Optional<MonitorSnapshot> snapshot() {
    long now = Duration.between(START, clock.instant()).toMinutes();
    if (now < WINDOW) {
      return Optional.empty();
    }
    DriftReport drift = DriftAnalyzer.builder().clock(clock).build()
        .analyze(reference, table(data.rows(now - WINDOW, WINDOW)));
    int serving = registry.getModel("churn").aliases().get("production");
    return Optional.of(new MonitorSnapshot("churn", serving, data.timeOf(now - WINDOW), clock.instant(), false,
        WINDOW, 0, WINDOW, LatencySummary.empty(), drift, Map.of(), Map.of(), OutcomeCounts.none()));
  }

  private TrainingRun train(double rocAuc) {
    try {
      trainedAt.add(clock.instant());
      ModelVersion v = register(rocAuc);
      return new TrainingRun("run-" + v.version(), "churn", TrainingRun.Status.SUCCEEDED, v, v.metrics(), null,
          clock.instant(), clock.instant());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // Without drift, the normalised Wasserstein distance of a 500-row window from the 2000 training
  // rows stays below about 0.11 in this stream; the 1.5-sd shift of tenure drives it towards 1.5.
  @Test
  void driftRetrainsOnceAfterItsOnsetAndTheBetterChallengerIsPromoted() {
    LifecycleController controller = LifecycleController.builder(registry, "churn")
        .snapshots(this::snapshot)
        .retrainPolicy(RetrainPolicies.withMinimumInterval(RetrainPolicies.onFeatureDrift("tenure", 0.3),
            Duration.ofDays(7)))
        .trainingJob(() -> train(0.86))
        .gate(MetricThresholdGate.builder().minImprovement("roc_auc", 0.01).build())
        .clock(clock)
        .listener(events::add)
        .build();

    List<CycleResult> results = new ArrayList<>();
    for (int hour = 1; hour <= 6 * 24; hour++) {
      clock.setInstant(START.plus(Duration.ofHours(hour)));
      results.add(controller.runOnce());
    }
    controller.close();

    assertThat(trainedAt).singleElement().satisfies(t -> assertThat(t).isAfterOrEqualTo(ONSET)
        .isBefore(ONSET.plus(Duration.ofMinutes(WINDOW))));
    assertThat(results).filteredOn(r -> r.outcome() == CycleResult.Outcome.PROMOTED).hasSize(1);
    assertThat(registry.getModel("churn").aliases()).containsEntry("production", 2);
    LifecycleEvent decided = events.stream().filter(e -> e.kind() == Kind.RETRAIN_DECIDED).findFirst().orElseThrow();
    assertThat(decided.reasons().get(0)).matches("feature tenure drifted: wasserstein 0\\.\\d+ >= 0\\.3");
    // Drift persists (the stand-in job does not change the stream): held back by the interval since.
    assertThat(events.stream().filter(e -> e.kind() == Kind.RETRAIN_SKIPPED && e.time().isAfter(decided.time()))
        .map(e -> e.reasons().get(0))).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("held back"));
  }

  @Test
  void aWeeklyScheduleUnderTheManualClockRetrainsWeeklyAndAWorseChallengerIsNotPromoted() {
    double[] auc = {0.75, 0.9, 0.85, 0.95};
    LifecycleController controller = LifecycleController.builder(registry, "churn")
        .retrainPolicy(RetrainPolicies.weekly(DayOfWeek.SUNDAY, LocalTime.of(4, 0), ZoneOffset.UTC))
        .trainingJob(() -> train(auc[trainedAt.size()]))
        .gate(MetricThresholdGate.builder().minImprovement("roc_auc", 0.0).build())
        .clock(clock)
        .listener(events::add)
        .build();

    for (int hour = 1; hour <= 4 * 7 * 24; hour++) {
      clock.setInstant(START.plus(Duration.ofHours(hour)));
      controller.runOnce();
    }
    controller.close();

    assertThat(trainedAt).hasSize(4).allSatisfy(t -> assertThat(t.atZone(ZoneOffset.UTC).getDayOfWeek())
        .isEqualTo(DayOfWeek.SUNDAY));
    assertThat(events.stream().filter(e -> e.kind() == Kind.GATE_REJECTED).map(LifecycleEvent::version))
        .containsExactly(2, 4);
    assertThat(events.stream().filter(e -> e.kind() == Kind.PROMOTED).map(LifecycleEvent::version))
        .containsExactly(3, 5);
    assertThat(registry.getModel("churn").aliases()).containsEntry("production", 5);
  }
}

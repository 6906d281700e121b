package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.estimation.BinaryPerformanceEstimator;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Three monitors sharing one in-memory store stand for three instances of a service: what the
 * fleet reports equals what one monitor fed all their traffic and outcomes reports.
 */
class FleetMonitoringTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryMonitorStore store = new InMemoryMonitorStore();
  private final Random random = new Random(23);
  private final DatasetProfile reference = DriftAndMemoryTest.reference(new Random(5));
  private final BinaryPerformanceEstimator estimator = estimator(new Random(11));

  @Test
  void theFleetSnapshotEqualsOneMonitorFedAllTheTraffic() {
    List<ModelMonitor> fleet = List.of(instance("a"), instance("b"), instance("c"));
    List<Predictor<Map<String, Object>, Prediction>> predictors = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      predictors.add(fleet.get(i).wrap(
          new ScriptedDeployment(Models.classifier(1), "abc".charAt(i) + "-")));
    }
    ModelMonitor single = ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .referenceProfile(1, reference).performanceEstimator(1, estimator).build();
    Predictor<Map<String, Object>, Prediction> all =
        single.wrap(new ScriptedDeployment(Models.classifier(1), "single-"));

    Map<String, String> singleIdOf = new HashMap<>();
    List<String> fleetIds = new ArrayList<>();
    for (int minute = 0; minute < 3; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      for (int row = 0; row < 150; row++) {
        clock.set(clock.instant().plusMillis(100));
        int member = random.nextInt(3);
        // Drift is injected on instance c only, in the second minute.
        double shift = member == 2 && minute == 1 ? 3.0 : 0.0;
        Map<String, Object> input = new HashMap<>(DriftAndMemoryTest.row(random, shift));
        input.put("latencyMicros", 200 + random.nextInt(5000));
        if (member == 1 && random.nextInt(10) == 0) {
          input.put("invalid", true);
          callFailing(predictors.get(member), input);
          callFailing(all, input);
          continue;
        }
        Prediction p = predictors.get(member).predict(input);
        Prediction q = all.predict(input);
        assertThat(p.scores()).isEqualTo(q.scores());
        singleIdOf.put(p.predictionId(), q.predictionId());
        fleetIds.add(p.predictionId());
      }
      // Outcomes for most predictions, to any instance (not the one that predicted), some twice,
      // some for predictions nobody made.
      fleet.forEach(ModelMonitor::flush);
      for (String id : fleetIds.subList(0, fleetIds.size() * 3 / 4)) {
        Object actual = random.nextBoolean() ? "yes" : "no";
        int to = random.nextInt(3);
        assertOutcome(fleet.get(to), single, id, singleIdOf.get(id), actual);
        if (random.nextInt(8) == 0) {
          assertOutcome(fleet.get((to + 1) % 3), single, id, singleIdOf.get(id), "yes");
        }
      }
      fleetIds.subList(0, fleetIds.size() * 3 / 4).clear();
      assertOutcome(fleet.get(random.nextInt(3)), single, "nobody-" + minute, "nobody-" + minute,
          "no");
    }
    // Late outcomes after the windows closed still count in their predictions' windows.
    clock.set(START.plus(Duration.ofMinutes(3)).plusSeconds(5));
    fleet.forEach(ModelMonitor::flush);
    for (String id : fleetIds.subList(0, fleetIds.size() / 2)) {
      assertOutcome(fleet.get(random.nextInt(3)), single, id, singleIdOf.get(id), "yes");
    }
    fleet.forEach(ModelMonitor::flush);
    single.closeElapsedWindows();

    List<MonitorSnapshot> merged = fleet.get(0).fleet().closedWindows("churn", START,
        START.plus(Duration.ofMinutes(3)));
    List<MonitorSnapshot> expected = single.closedWindows();
    assertThat(merged).hasSize(3).hasSameSizeAs(expected);
    for (int w = 0; w < merged.size(); w++) {
      assertSameWindow(merged.get(w), expected.get(w));
    }
    // Drift injected on one instance in the second minute shows in the fleet's window; the other
    // windows' scores are the noise of 150 rows.
    assertThat(merged.get(1).datasetDrifted()).isTrue();
    assertThat(merged).extracting(w -> w.drift().driftScores().get("x")).satisfies(scores ->
        assertThat(scores.get(1)).isGreaterThan(3 * Math.max(scores.get(0), scores.get(2))));
    assertThat(merged.get(0).outcomes().joined()).isPositive();
    assertThat(merged.get(0).outcomes().duplicates()).isPositive();
    assertThat(merged.get(0).errors()).isPositive();
  }

  @Test
  void outcomesReportedToAnotherInstanceAfterTheOneThatPredictedRestartedAreJoinedOnce() {
    ModelMonitor a = instance("a");
    ModelMonitor b = instance("b");
    Predictor<Map<String, Object>, Prediction> predictor =
        a.wrap(new ScriptedDeployment(Models.classifier(1), "a-"));
    b.wrap(new ScriptedDeployment(Models.classifier(1), "b-"));
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      predictions.add(predictor.predict(DriftAndMemoryTest.row(random, 0)));
    }
    a.close();
    ModelMonitor restarted = instance("a-after-restart");
    restarted.wrap(new ScriptedDeployment(Models.classifier(1), "a2-"));

    Map<String, Object> half = new HashMap<>();
    Map<String, Object> rest = new HashMap<>();
    for (int i = 0; i < predictions.size(); i++) {
      (i % 2 == 0 ? half : rest).put(predictions.get(i).predictionId(), i % 3 == 0 ? "yes" : "no");
    }
    assertThat(b.recordOutcomes(half)).isEqualTo(new OutcomeReceipt(10, 0, 0));
    assertThat(restarted.recordOutcomes(rest)).isEqualTo(new OutcomeReceipt(10, 0, 0));
    // Reported again, to either instance: duplicates, not joined twice.
    assertThat(restarted.recordOutcomes(half)).isEqualTo(new OutcomeReceipt(0, 10, 0));
    assertThat(b.recordOutcome(predictions.get(1).predictionId(), "yes"))
        .isEqualTo(JoinResult.ALREADY_JOINED);

    clock.set(START.plus(Duration.ofMinutes(1)));
    b.flush();
    restarted.flush();
    MonitorSnapshot window = b.fleet().closedWindows("churn", START.minusSeconds(1),
        START.plus(Duration.ofMinutes(1))).get(0);
    assertThat(window.predictions()).isEqualTo(20);
    assertThat(window.outcomes()).isEqualTo(new OutcomeCounts(20, 11, 0, 0, 0));
    assertThat(window.metrics()).containsKey("accuracy");
  }

  @Test
  void duplicatesReportedToAnInstanceWithoutTrafficInThatWindowAddUpAcrossWindowCloses() {
    ModelMonitor a = instance("a");
    ModelMonitor b = instance("b");
    Predictor<Map<String, Object>, Prediction> predictor =
        a.wrap(new ScriptedDeployment(Models.classifier(1), "a-"));
    b.wrap(new ScriptedDeployment(Models.classifier(1), "b-"));
    String id = predictor.predict(DriftAndMemoryTest.row(random, 0)).predictionId();
    a.flush();
    assertThat(b.recordOutcome(id, "yes")).isEqualTo(JoinResult.JOINED);
    for (int minute = 1; minute <= 3; minute++) {
      // Each time after a window closed on b, which keeps no pane of the prediction's window.
      clock.set(START.plus(Duration.ofMinutes(minute)).plusSeconds(1));
      b.closeElapsedWindows();
      assertThat(b.recordOutcome(id, "no")).isEqualTo(JoinResult.ALREADY_JOINED);
      b.flush();
    }
    a.flush();

    MonitorSnapshot window = b.fleet().closedWindows("churn", START.minusSeconds(1),
        START.plus(Duration.ofMinutes(1))).get(0);
    assertThat(window.outcomes()).isEqualTo(new OutcomeCounts(1, 3, 0, 0, 0));
    assertThat(window.predictions()).isEqualTo(1);
  }

  @Test
  void aFullBufferDropsAndCountsWhileTheStoreIsDownAndWritesTheRestWhenItIsBack() {
    SwitchableStore flaky = new SwitchableStore(store);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).meterRegistry(meters)
        .tumblingWindow(Duration.ofMinutes(1)).store(flaky).storeBuffer(100)
        .storeFlushInterval(Duration.ofHours(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    flaky.down = true;
    for (int i = 0; i < 250; i++) {
      predictor.predict(DriftAndMemoryTest.row(random, 0));
    }
    assertThatThrownBy(monitor::flush).hasMessageContaining("store is down");
    flaky.down = false;
    monitor.flush();

    assertThat(store.pendingCounts("churn")).containsEntry(1, 100L);
    assertThat(monitor.fleet().currentAndLastClosed("churn").get(0).predictions())
        .as("every call is still counted in the pane's partial").isEqualTo(250);
    assertThat(meters.get(MonitorMeterNames.STORE_DROPPED)
        .tag(MonitorMeterNames.TAG_KIND, "prediction").counter().count()).isEqualTo(150);
    assertThat(meters.get(MonitorMeterNames.STORE_BACKLOG).gauge().value()).isZero();
  }

  @Test
  void withoutBeingAskedTheWriterPublishesTheWindowsPredictionsAndGaugesWithinAFewFlushes()
      throws InterruptedException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).meterRegistry(meters)
        .tumblingWindow(Duration.ofMinutes(1)).referenceProfile(1, reference).store(store)
        .storeFlushInterval(Duration.ofMillis(20)).settleDelay(Duration.ofSeconds(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    for (int i = 0; i < 150; i++) {
      predictor.predict(DriftAndMemoryTest.row(random, 3.0));
    }
    clock.set(START.plus(Duration.ofMinutes(1)).plusSeconds(5));
    // Nothing asks the monitor anything: its own thread writes and reads the store.
    FleetSnapshots fleet = FleetSnapshots.builder(store).clock(clock).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((meters.find(MonitorMeterNames.DRIFT_SHARE).gauge() == null
        || meters.get(MonitorMeterNames.PENDING_OUTCOMES).gauge().value() == 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(fleet.isMonitored("churn")).isTrue();
    assertThat(store.pendingCounts("churn")).containsEntry(1, 150L);
    assertThat(meters.get(MonitorMeterNames.DRIFT_SHARE).gauge().value())
        .as("the fleet's last settled window drifted").isEqualTo(0.5);
    assertThat(meters.get(MonitorMeterNames.PENDING_OUTCOMES).gauge().value()).isEqualTo(150);
    monitor.close();
  }

  private ModelMonitor instance(String name) {
    // Writes happen when the test flushes, not on the writer's schedule.
    return ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .referenceProfile(1, reference).performanceEstimator(1, estimator).store(store)
        .instanceName(name)
        .storeFlushInterval(Duration.ofHours(1)).build();
  }

  private static void callFailing(Predictor<Map<String, Object>, Prediction> predictor,
      Map<String, Object> input) {
    try {
      predictor.predict(input);
    } catch (InvalidInputException expected) {
      // Counted as an error by the monitor.
    }
  }

  private static void assertOutcome(ModelMonitor member, ModelMonitor single, String fleetId,
      String singleId, Object actual) {
    assertThat(member.recordOutcome(fleetId, actual))
        .isEqualTo(single.recordOutcome(singleId, actual));
  }

  private static void assertSameWindow(MonitorSnapshot fleet, MonitorSnapshot single) {
    assertThat(fleet.windowStart()).isEqualTo(single.windowStart());
    assertThat(fleet.windowEnd()).isEqualTo(single.windowEnd());
    assertThat(fleet.predictions()).isEqualTo(single.predictions());
    assertThat(fleet.errors()).isEqualTo(single.errors());
    assertThat(fleet.sampledRows()).isEqualTo(single.sampledRows());
    assertThat(fleet.latency()).as("latency sketches below their capacity merge exactly")
        .isEqualTo(single.latency());
    assertThat(fleet.outcomes()).isEqualTo(single.outcomes());
    assertThat(fleet.metrics().keySet()).isEqualTo(single.metrics().keySet());
    fleet.metrics().forEach((metric, value) ->
        assertThat(value).as(metric).isCloseTo(single.metrics().get(metric), within(1e-12)));
    assertThat(fleet.drift()).isNotNull();
    assertThat(fleet.datasetDrifted()).isEqualTo(single.datasetDrifted());
    for (FeatureDrift feature : fleet.drift().features()) {
      assertThat(feature.result().statistic()).as(feature.feature()).isCloseTo(
          single.drift().feature(feature.feature()).orElseThrow().result().statistic(),
          within(1e-12));
    }
    assertThat(fleet.trainingMetrics()).isEqualTo(single.trainingMetrics());
    EstimatedPerformance merged = fleet.estimated();
    EstimatedPerformance one = single.estimated();
    assertThat(merged.rows()).isEqualTo(one.rows()).isEqualTo(single.sampledRows());
    assertThat(merged.metrics()).containsOnlyKeys(
        "accuracy", "precision", "recall", "f1", "roc_auc");
    for (String metric : merged.metrics().keySet()) {
      assertThat(merged.metrics().get(metric)).as(metric)
          .isCloseTo(one.metrics().get(metric), within(1e-12));
      assertThat(merged.lower().get(metric)).as(metric)
          .isCloseTo(one.lower().get(metric), within(1e-12));
      assertThat(merged.upper().get(metric)).as(metric)
          .isCloseTo(one.upper().get(metric), within(1e-12));
    }
  }

  /** CBPE fitted on 2,000 scores sigmoid(x) of rows whose label is drawn with that probability. */
  static BinaryPerformanceEstimator estimator(Random random) {
    double[] scores = new double[2000];
    boolean[] labels = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = 1 / (1 + Math.exp(-random.nextGaussian()));
      labels[i] = random.nextDouble() < scores[i];
    }
    return BinaryPerformanceEstimator.builder().fit(scores, labels);
  }
}

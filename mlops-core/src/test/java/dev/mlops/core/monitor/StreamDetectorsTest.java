package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertState;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.drift.stream.Adwin;
import dev.mlops.core.drift.stream.Ddm;
import dev.mlops.core.drift.stream.Eddm;
import dev.mlops.core.drift.stream.HddmA;
import dev.mlops.core.drift.stream.Kswin;
import dev.mlops.core.drift.stream.PageHinkley;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.lifecycle.SnapshotRetrainContext;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.StreamDetection;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Streaming detectors attached to a monitored model: an error stream whose rate jumps from 0.1 to
 * 0.4 at a known minute, and a score stream whose mean shifts; their detections land in the
 * window in which they fired, and alert rules and retrain policies read them there.
 */
class StreamDetectorsTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final int ROWS_PER_MINUTE = 500;
  private static final int CHANGE_MINUTE = 4;
  private static final int MINUTES = 8;

  private final MutableClock clock = new MutableClock(START);
  private final Random random = new Random(7);

  @Test
  void errorStreamDetectorsFireAfterTheErrorRateJumpsAndNotBefore() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .errorStreamDetector("errors-adwin", Adwin::withDefaults)
        // DDM's default 30 warm-up errors let an early lucky run set its minimum too low.
        .errorStreamDetector("errors-ddm", () -> Ddm.builder().minInstances(300).build())
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

    // x = 3 scores P(yes) = 0.95: every prediction is "yes"; an outcome "no" is an error, with
    // probability 0.1 before the change minute and 0.4 from it on.
    for (int minute = 0; minute < MINUTES; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      double errorRate = minute < CHANGE_MINUTE ? 0.1 : 0.4;
      for (int i = 0; i < ROWS_PER_MINUTE; i++) {
        Prediction p = predictor.predict(Map.of("x", 3.0, "plan", "a"));
        monitor.recordOutcome(p.predictionId(), random.nextDouble() < errorRate ? "no" : "yes");
      }
    }
    clock.set(START.plus(Duration.ofMinutes(MINUTES)));
    monitor.closeElapsedWindows();
    List<MonitorSnapshot> windows = monitor.closedWindows();

    assertThat(windows).hasSize(MINUTES);
    long changeAt = (long) CHANGE_MINUTE * ROWS_PER_MINUTE;
    for (String detector : List.of("errors-adwin", "errors-ddm")) {
      List<StreamDetection> detections = windows.stream()
          .flatMap(w -> w.detections().stream()).filter(d -> d.detector().equals(detector))
          .toList();
      assertThat(detections).as(detector).isNotEmpty().allSatisfy(d -> {
        assertThat(d.source()).isEqualTo(StreamDetection.Source.ERRORS);
        assertThat(d.elementsSeen()).isGreaterThan(changeAt);
        assertThat(d.detectedAt()).isAfterOrEqualTo(START.plus(Duration.ofMinutes(CHANGE_MINUTE)));
      });
      // Detected within two windows of the change, in the window in which it fired.
      StreamDetection first = detections.get(0);
      assertThat(first.elementsSeen()).isLessThanOrEqualTo(changeAt + 2L * ROWS_PER_MINUTE);
      MonitorSnapshot firing = windows.stream().filter(w -> w.detected(detector)).findFirst()
          .orElseThrow();
      assertThat(firing.windowStart()).isBeforeOrEqualTo(first.detectedAt());
      assertThat(firing.windowEnd()).isAfter(first.detectedAt());
    }
    assertThat(windows.subList(0, CHANGE_MINUTE)).allSatisfy(w ->
        assertThat(w.detections()).isEmpty());
    assertThat(windows).allSatisfy(w ->
        assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(w))).isEqualTo(w));

    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (AlertDispatcher dispatcher = AlertDispatcher.builder()
        .rule(AlertRules.streamDetection("errors-adwin")).sink(alerts::add).build()) {
      windows.forEach(dispatcher);
    }
    assertThat(alerts).filteredOn(a -> a.state() == AlertState.FIRING).hasSize(1)
        .first().satisfies(a -> assertThat(a.message()).contains("errors-adwin", "adwin"));

    RetrainPolicy policy = RetrainPolicies.onStreamDetection("errors-ddm");
    assertThat(windows).extracting(w -> policy.evaluate(SnapshotRetrainContext.of(
            w.windowEnd(), Models.classifier(1), Optional.empty(), Optional.of(w), 0)).retrain())
        .containsExactlyElementsOf(windows.stream().map(w -> w.detected("errors-ddm")).toList())
        .contains(true);
  }

  @Test
  void eddmAndHddmAOnAClassifiersErrorStreamFireAfterTheErrorRateJumps() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .errorStreamDetector("errors-eddm", Eddm::withDefaults)
        .errorStreamDetector("errors-hddm-a", HddmA::withDefaults)
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

    // As in the ADWIN and DDM test: every prediction is "yes"; an outcome "no" is an error, with
    // probability 0.1 before the change minute and 0.4 from it on.
    for (int minute = 0; minute < MINUTES; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      double errorRate = minute < CHANGE_MINUTE ? 0.1 : 0.4;
      for (int i = 0; i < ROWS_PER_MINUTE; i++) {
        Prediction p = predictor.predict(Map.of("x", 3.0, "plan", "a"));
        monitor.recordOutcome(p.predictionId(), random.nextDouble() < errorRate ? "no" : "yes");
      }
    }
    clock.set(START.plus(Duration.ofMinutes(MINUTES)));
    monitor.closeElapsedWindows();
    List<MonitorSnapshot> windows = monitor.closedWindows();

    assertFiresWithinTwoWindowsOfTheChange(windows, "errors-eddm", "eddm", ROWS_PER_MINUTE);
    assertFiresWithinTwoWindowsOfTheChange(windows, "errors-hddm-a", "hddm-a", ROWS_PER_MINUTE);
    assertThat(windows.subList(0, CHANGE_MINUTE)).allSatisfy(w ->
        assertThat(w.detected("errors-hddm-a")).isFalse());
    // EDDM watches the distance between errors; at a 10 % error rate a short run of errors looks
    // like a drift to it, and with this seed it also fires in the windows before the change.
  }

  @Test
  void scoreStreamPageHinkleyDetectsAMeanShiftOfThePositiveClassProbability() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .scoreStreamDetector("scores-ph", PageHinkley::withDefaults)
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

    // P(yes) = sigmoid(x): mean about 0.5 with x ~ N(0, 1), about 0.85 with x ~ N(2, 1).
    for (int minute = 0; minute < MINUTES; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      for (int i = 0; i < ROWS_PER_MINUTE; i++) {
        predictor.predict(DriftAndMemoryTest.row(random, minute < CHANGE_MINUTE ? 0 : 2));
      }
    }
    clock.set(START.plus(Duration.ofMinutes(MINUTES)));
    monitor.closeElapsedWindows();
    List<MonitorSnapshot> windows = monitor.closedWindows();

    assertThat(windows.subList(0, CHANGE_MINUTE)).allSatisfy(w ->
        assertThat(w.detections()).isEmpty());
    assertThat(windows.get(CHANGE_MINUTE).detections()).isNotEmpty().first().satisfies(d -> {
      assertThat(d.detector()).isEqualTo("scores-ph");
      assertThat(d.algorithm()).isEqualTo(PageHinkley.withDefaults().name());
      assertThat(d.source()).isEqualTo(StreamDetection.Source.SCORES);
      assertThat(d.elementsSeen()).isGreaterThan((long) CHANGE_MINUTE * ROWS_PER_MINUTE);
    });
    assertThat(AlertRules.streamDetection("scores-ph").check(windows.get(CHANGE_MINUTE)))
        .isPresent();
    assertThat(AlertRules.streamDetection("other").check(windows.get(CHANGE_MINUTE))).isEmpty();
  }

  @Test
  void aRegressionModelsAbsoluteErrorsFeedItsErrorDetector() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .errorStreamDetector("abs-error-ph", PageHinkley::withDefaults)
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.regressor(1)));

    // The regressor predicts 2x; the actual value is 2x plus noise of mean 0, then of mean 3.
    for (int minute = 0; minute < MINUTES; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      double bias = minute < CHANGE_MINUTE ? 0 : 3;
      for (int i = 0; i < ROWS_PER_MINUTE / 5; i++) {
        double x = random.nextGaussian();
        Prediction p = predictor.predict(Map.of("x", x));
        monitor.recordOutcome(p.predictionId(), 2 * x + bias + 0.5 * random.nextGaussian());
      }
    }
    clock.set(START.plus(Duration.ofMinutes(MINUTES)));
    monitor.closeElapsedWindows();
    List<MonitorSnapshot> windows = monitor.closedWindows();

    assertThat(windows.subList(0, CHANGE_MINUTE)).allSatisfy(w ->
        assertThat(w.detections()).isEmpty());
    assertThat(windows.get(CHANGE_MINUTE).detected("abs-error-ph")).isTrue();
  }

  @Test
  void kswinOnARegressionModelsAbsoluteErrorsFiresAfterTheirDistributionShifts() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .errorStreamDetector("abs-error-kswin", Kswin::withDefaults)
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.regressor(1)));

    // KSWIN compares distributions of continuous values, so it watches absolute errors: the
    // regressor predicts 2x, the actual value is 2x plus noise of mean 0, then of mean 3.
    int rowsPerMinute = ROWS_PER_MINUTE / 5;
    for (int minute = 0; minute < MINUTES; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      double bias = minute < CHANGE_MINUTE ? 0 : 3;
      for (int i = 0; i < rowsPerMinute; i++) {
        double x = random.nextGaussian();
        Prediction p = predictor.predict(Map.of("x", x));
        monitor.recordOutcome(p.predictionId(), 2 * x + bias + 0.5 * random.nextGaussian());
      }
    }
    clock.set(START.plus(Duration.ofMinutes(MINUTES)));
    monitor.closeElapsedWindows();

    // KSWIN tests at every value at level 0.005, so a stable stream sees an occasional alarm too.
    assertFiresWithinTwoWindowsOfTheChange(monitor.closedWindows(), "abs-error-kswin", "kswin",
        rowsPerMinute);
  }

  /**
   * The detector's first detection after the change comes within two windows of it, from the error
   * stream, and lands in the window in which it fired.
   */
  private static void assertFiresWithinTwoWindowsOfTheChange(List<MonitorSnapshot> windows,
      String detector, String algorithm, int rowsPerMinute) {
    long changeAt = (long) CHANGE_MINUTE * rowsPerMinute;
    StreamDetection first = windows.stream().flatMap(w -> w.detections().stream())
        .filter(d -> d.detector().equals(detector) && d.elementsSeen() > changeAt)
        .findFirst().orElseThrow(() -> new AssertionError(detector + " never fired after the change"));
    assertThat(first.algorithm()).isEqualTo(algorithm);
    assertThat(first.source()).isEqualTo(StreamDetection.Source.ERRORS);
    assertThat(first.elementsSeen()).as(detector).isLessThanOrEqualTo(changeAt + 2L * rowsPerMinute);
    MonitorSnapshot firing = windows.stream()
        .filter(w -> w.detections().contains(first)).findFirst().orElseThrow();
    assertThat(firing.windowStart()).isBeforeOrEqualTo(first.detectedAt());
    assertThat(firing.windowEnd()).isAfter(first.detectedAt());
  }

  @Test
  void eachVersionHasItsOwnDetectorAndOutcomesAloneOpenNoWindow() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .errorStreamDetector("errors", () -> Ddm.builder().minInstances(30).build())
        .build();
    ScriptedDeployment deployment = new ScriptedDeployment(Models.classifier(1));
    var monitored = monitor.wrap(deployment);
    List<Prediction> first = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      first.add(monitored.predict(Map.of("x", 3.0, "plan", "a")));
    }
    deployment.swapTo(Models.classifier(2));
    // Version 1's outcomes are all right, version 2's all wrong: only version 2's detector fires.
    for (int i = 0; i < 200; i++) {
      Prediction p = monitored.predict(Map.of("x", 3.0, "plan", "a"));
      monitor.recordOutcome(first.get(i).predictionId(), "yes");
      monitor.recordOutcome(p.predictionId(), i < 100 ? "yes" : "no");
    }
    clock.set(START.plus(Duration.ofMinutes(1)));
    monitor.closeElapsedWindows();
    assertThat(monitor.closedWindows()).hasSize(2).allSatisfy(w ->
        assertThat(w.detected("errors")).isEqualTo(w.version() == 2));
  }

  @Test
  void concurrentPredictionsFeedTheScoreDetectorOneAtATimeEverySampledRow() throws Exception {
    CountingDetector counting = new CountingDetector();
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1))
        .scoreStreamDetector("counting", () -> counting)
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    int threads = 4;
    int calls = 2_000;
    ExecutorService pool =
        Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < calls; i++) {
            predictor.predict(Map.of("x", 0.0, "plan", "a"));
          }
        }));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(monitor.snapshot(1).predictions()).isEqualTo((long) threads * calls);
    assertThat(counting.count()).isEqualTo((long) threads * calls);
    assertThat(counting.overlapped).isFalse();
  }

  /** Counts its updates and notes whether two threads were ever inside it at once. */
  private static final class CountingDetector implements StreamDriftDetector {
    private final AtomicBoolean inside =
        new AtomicBoolean();
    private volatile boolean overlapped;
    private long count;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public DetectorState update(double value) {
      if (!inside.compareAndSet(false, true)) {
        overlapped = true;
      }
      count++;
      Thread.onSpinWait();
      inside.set(false);
      return DetectorState.STABLE;
    }

    @Override
    public DetectorState state() {
      return DetectorState.STABLE;
    }

    @Override
    public long count() {
      return count;
    }

    @Override
    public void reset() {
      count = 0;
    }
  }

  @Test
  void detectorsAreNamedOnceAndRefusedInFleets() {
    assertThatThrownBy(() -> ModelMonitor.builder().errorStreamDetector("d", Adwin::withDefaults)
        .scoreStreamDetector("d", PageHinkley::withDefaults))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'d'");
    assertThatThrownBy(() -> ModelMonitor.builder().errorStreamDetector(" ", Adwin::withDefaults))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelMonitor.builder().scoreStreamDetector("none", () -> null)
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("'none'");
    assertThatThrownBy(() -> ModelMonitor.builder().store(new InMemoryMonitorStore())
        .errorStreamDetector("errors", Adwin::withDefaults).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("errors", "shared store");
  }
}

package dev.mlops.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import dev.mlops.alert.AlertState;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.testkit.ManualClock;
import dev.mlops.testkit.data.DriftingDataGenerator;
import dev.mlops.testkit.data.DriftingRow;
import dev.mlops.testkit.data.FeatureShift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The whole alerting path on a simulated stream: a generator whose inputs drift at a known minute
 * and recover at another, a monitor with one-minute windows under a manual clock, and a dispatcher
 * with the built-in drift rules sending to a recording sink.
 */
class DriftAlertScenarioTest {

  private static final Instant START = ManualClock.DEFAULT_START;
  private static final Duration WINDOW = Duration.ofMinutes(1);
  /**
   * Fifty rows a second: 3,000 rows in each one-minute window, enough that sampling noise in the
   * Wasserstein distance (about 0.03 here) stays well below the drift threshold of 0.1; with 600
   * rows a window, noise alone crosses it now and then.
   */
  private static final Duration ROW_INTERVAL = Duration.ofMillis(20);
  private static final int DRIFT_FROM_MINUTE = 5;
  private static final int RECOVERY_AT_MINUTE = 9;
  private static final int MINUTES = 14;

  @Test
  void theDriftAlertFiresInTheFirstWindowAfterTheChangeAndNotBeforeAndResolvesAfterRecovery() {
    Instant change = START.plus(WINDOW.multipliedBy(DRIFT_FROM_MINUTE));
    Instant recovery = START.plus(WINDOW.multipliedBy(RECOVERY_AT_MINUTE));
    DriftingDataGenerator stream = generator(11)
        .shift(FeatureShift.meanShift("x0", 1.5).from(change).until(recovery))
        .shift(FeatureShift.meanShift("x1", -1.5).from(change).until(recovery))
        .build();
    ManualClock clock = new ManualClock(START);
    RecordingSink sink = new RecordingSink();
    List<MonitorSnapshot> windows = new ArrayList<>();
    AlertDispatcher alerts = AlertDispatcher.builder()
        .rule(AlertRules.datasetDrift().withCooldown(Duration.ofHours(1)))
        .rule(AlertRules.featureDrifted("x0").withCooldown(Duration.ofHours(1)))
        .sink(sink)
        .build();
    try (ModelMonitor monitor = ModelMonitor.builder()
        .clock(clock)
        .tumblingWindow(WINDOW)
        .referenceProfile(1, reference())
        .build()) {
      monitor.onWindowClosed(windows::add);
      monitor.onWindowClosed(alerts);
      Predictor<Map<String, Object>, Prediction> predictor = monitor.wrap(new FormulaPredictor());

      int rows = (int) (WINDOW.toMillis() / ROW_INTERVAL.toMillis()) * MINUTES;
      for (DriftingRow row : stream.rows(0, rows)) {
        clock.setInstant(row.time());
        predictor.predict(row.features());
      }
      clock.setInstant(START.plus(WINDOW.multipliedBy(MINUTES)));
      monitor.closeElapsedWindows();
    }
    alerts.close();

    assertThat(windows).hasSize(MINUTES);
    List<Boolean> expectedDrift = new ArrayList<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      expectedDrift.add(minute >= DRIFT_FROM_MINUTE && minute < RECOVERY_AT_MINUTE);
    }
    assertThat(windows).extracting(MonitorSnapshot::datasetDrifted)
        .as("the monitor's verdict per window").containsExactlyElementsOf(expectedDrift);
    Instant firstDriftedWindowEnd = START.plus(WINDOW.multipliedBy(DRIFT_FROM_MINUTE + 1));
    Instant firstRecoveredWindowEnd = START.plus(WINDOW.multipliedBy(RECOVERY_AT_MINUTE + 1));
    assertThat(sink.received())
        .extracting(Alert::rule, Alert::state, Alert::at)
        .containsExactlyInAnyOrder(
            tuple("dataset-drift", AlertState.FIRING, firstDriftedWindowEnd),
            tuple("feature-drift-x0", AlertState.FIRING, firstDriftedWindowEnd),
            tuple("dataset-drift", AlertState.RESOLVED, firstRecoveredWindowEnd),
            tuple("feature-drift-x0", AlertState.RESOLVED, firstRecoveredWindowEnd));
    assertThat(sink.received()).filteredOn(a -> a.state() == AlertState.FIRING)
        .allSatisfy(a -> {
          assertThat(a.modelName()).isEqualTo("churn");
          assertThat(a.version()).isEqualTo(1);
          assertThat(a.message()).contains("x0").endsWith("model churn v1");
        });
    assertThat(alerts.sent()).isEqualTo(4);
    assertThat(alerts.dropped()).isZero();
  }

  private static DriftingDataGenerator.Builder generator(long seed) {
    return DriftingDataGenerator.builder()
        .seed(seed)
        .numericFeatures(2)
        .categoricalFeatures(1, 3)
        .start(START)
        .rowInterval(ROW_INTERVAL);
  }

  /** The training data's profile: 5,000 rows of the same stream without shifts, another seed. */
  private static DatasetProfile reference() {
    DatasetProfile profile =
        DatasetProfile.builder().numeric("x0").numeric("x1").categorical("c0").build();
    for (DriftingRow row : generator(7).build().rows(0, 5_000)) {
      profile.update(row.features());
    }
    return profile;
  }

  /** Collects alerts. */
  private static final class RecordingSink implements AlertSink {
    private final List<Alert> received = new CopyOnWriteArrayList<>();

    @Override
    public void send(Alert alert) {
      received.add(alert);
    }

    List<Alert> received() {
      return List.copyOf(received);
    }
  }

  /** Churn v1 scoring P(yes) = sigmoid(x0), so the test needs no engine. */
  private static final class FormulaPredictor
      implements Predictor<Map<String, Object>, Prediction> {
    private final AtomicLong ids = new AtomicLong();
    private final ModelVersion version = new ModelVersion("churn", 1, ModelFormat.ONNX,
        List.of(new ArtifactRef("model.onnx", 1, "0".repeat(64))),
        ModelSignature.of(
            List.of(FieldSpec.scalar("x0", DataType.FLOAT64),
                FieldSpec.scalar("x1", DataType.FLOAT64),
                FieldSpec.categorical("c0", List.of("a", "b", "c"))),
            List.of(FieldSpec.categorical("churn", List.of("no", "yes")))),
        Map.of(), Map.of(), Map.of(), Lineage.empty(), ModelVersionStatus.READY, Set.of(), null,
        START, "test");

    @Override
    public Prediction predict(Map<String, Object> input) {
      double yes = 1 / (1 + Math.exp(-((Number) input.get("x0")).doubleValue()));
      return new Prediction("p" + ids.incrementAndGet(), "churn", 1, List.of(1 - yes, yes),
          yes >= 0.5 ? "yes" : "no", Duration.ofMillis(1));
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      return inputs.stream().map(this::predict).toList();
    }

    @Override
    public ModelVersion modelVersion() {
      return version;
    }

    @Override
    public void close() {}
  }
}

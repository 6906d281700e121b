package dev.mlops.testkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.testkit.ManualClock;
import dev.mlops.testkit.data.DriftingDataGenerator;
import dev.mlops.testkit.data.DriftingRow;
import dev.mlops.testkit.data.FeatureShift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated production stream under a manual clock: feature {@code x1} shifts (and labels turn
 * noisy) from minute 3 to minute 6 of the stream, and the monitor of a model registered with its
 * training-data profile sees it in exactly those one-minute windows.
 */
class MonitorDriftScenarioTest {

  private static final Instant START = ManualClock.DEFAULT_START;
  private static final int ROWS_PER_MINUTE = 600;

  private final DriftingDataGenerator data = DriftingDataGenerator.builder()
      .seed(7)
      .numericFeatures(2)
      .categoricalFeatures(1, 3)
      .labelWeight("x0", 2.0)
      .rowInterval(Duration.ofMillis(100))
      .shift(FeatureShift.meanShift("x1", 1.5).from(START.plus(Duration.ofMinutes(3)))
          .until(START.plus(Duration.ofMinutes(6))))
      .shift(FeatureShift.labelFlip(0.4).from(START.plus(Duration.ofMinutes(3)))
          .until(START.plus(Duration.ofMinutes(6))))
      .build();

  @Test
  void driftShowsInTheFirstWindowAfterTheChangeNotBeforeAndIsGoneAfterRecovery(
      @TempDir Path dir) throws IOException {
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    ModelVersion version = register(registry, dir);
    ManualClock clock = new ManualClock(START);
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).registry(registry)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new RulePredictor(version, data));

    List<Prediction> lastMinute = new ArrayList<>();
    List<DriftingRow> lastRows = new ArrayList<>();
    for (int minute = 0; minute < 8; minute++) {
      List<Prediction> predictions = new ArrayList<>();
      List<DriftingRow> rows = data.rows((long) minute * ROWS_PER_MINUTE, ROWS_PER_MINUTE);
      for (DriftingRow row : rows) {
        clock.setInstant(row.time());
        predictions.add(predictor.predict(row.features()));
      }
      // Labels of the previous minute arrive a minute late, after their window closed.
      for (int i = 0; i < lastMinute.size(); i++) {
        monitor.recordOutcome(lastMinute.get(i).predictionId(), lastRows.get(i).label());
      }
      lastMinute = predictions;
      lastRows = rows;
    }
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < lastMinute.size(); i++) {
      monitor.recordOutcome(lastMinute.get(i).predictionId(), lastRows.get(i).label());
    }
    monitor.closeElapsedWindows();

    List<MonitorSnapshot> windows = monitor.closedWindows();
    assertThat(windows).hasSize(8).allSatisfy(w -> {
      assertThat(w.predictions()).isEqualTo(ROWS_PER_MINUTE);
      assertThat(w.drift()).isNotNull();
      assertThat(w.outcomes().joined()).isEqualTo(ROWS_PER_MINUTE);
      assertThat(w.trainingMetrics()).containsEntry("accuracy", 0.8);
    });
    assertThat(windows).extracting(w -> w.drift().driftedFeatures()).containsExactly(
        List.of(), List.of(), List.of(), List.of("x1"), List.of("x1"), List.of("x1"), List.of(),
        List.of());
    double calm = windows.get(2).metrics().get("accuracy");
    double noisy = windows.get(3).metrics().get("accuracy");
    assertThat(noisy).isLessThan(calm - 0.15);
  }

  private ModelVersion register(InMemoryModelRegistry registry, Path dir) throws IOException {
    DatasetProfile reference = DatasetProfile.builder().numeric("x0").numeric("x1")
        .categorical("c0").build();
    // Rows long after the shifts' end are drawn from the training distribution.
    data.rows(1_000_000, 5000).forEach(row -> reference.update(row.features()));
    Files.writeString(dir.resolve("model.bin"), "weights");
    ReferenceProfiles.write(reference, dir);
    return registry.register(RegistrationRequest.builder("churn").artifact(dir)
        .format(ModelFormat.of("opaque")).metric("accuracy", 0.8)
        .signature(ModelSignature.of(data.features(), List.<FieldSpec>of(data.label())))
        .build());
  }

  /** Scores rows with the generator's own rule: the best model there is for unshifted data. */
  private static final class RulePredictor implements Predictor<Map<String, Object>, Prediction> {

    private final ModelVersion version;
    private final DriftingDataGenerator data;
    private final AtomicLong ids = new AtomicLong();

    RulePredictor(ModelVersion version, DriftingDataGenerator data) {
      this.version = version;
      this.data = data;
    }

    @Override
    public Prediction predict(Map<String, Object> input) {
      double yes = data.labelProbability(input);
      return new Prediction("p-" + ids.incrementAndGet(), version.name(), version.version(),
          List.of(1 - yes, yes), yes >= 0.5 ? "yes" : "no", Duration.ofMillis(2));
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

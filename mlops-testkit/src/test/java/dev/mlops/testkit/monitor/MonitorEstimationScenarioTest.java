package dev.mlops.testkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.estimation.ReferenceScores;
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
 * A miscalibrated classifier registered with its hold-out scores ({@link ReferenceScores}) serves
 * a stream whose decisive feature {@code x0} squeezes towards the decision boundary from minute 4:
 * the monitor, reading the reference scores from the registry, estimates each window's accuracy
 * from the scores alone, close to the accuracy realized once the labels (a minute late) join, and
 * the estimate falls in the window of the drift, before any of its labels.
 */
class MonitorEstimationScenarioTest {

  private static final Instant START = ManualClock.DEFAULT_START;
  private static final int ROWS_PER_MINUTE = 600;
  private static final int MINUTES = 8;
  private static final int DRIFT_MINUTE = 4;

  private final DriftingDataGenerator data = generator(7)
      .shift(FeatureShift.scale("x0", 0.25).from(START.plus(Duration.ofMinutes(DRIFT_MINUTE))))
      .build();

  @Test
  void estimatedAccuracyFollowsTheRealizedOneAndFallsInTheWindowOfTheDrift(@TempDir Path dir)
      throws IOException {
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    ModelVersion version = register(registry, dir);
    ManualClock clock = new ManualClock(START);
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).registry(registry)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new UnderconfidentPredictor(version, data));

    List<Double> estimatedBeforeLabels = new ArrayList<>();
    List<Prediction> lastMinute = new ArrayList<>();
    List<DriftingRow> lastRows = new ArrayList<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      List<Prediction> predictions = new ArrayList<>();
      List<DriftingRow> rows = data.rows((long) minute * ROWS_PER_MINUTE, ROWS_PER_MINUTE);
      for (DriftingRow row : rows) {
        clock.setInstant(row.time());
        predictions.add(predictor.predict(row.features()));
      }
      MonitorSnapshot open = monitor.snapshot();
      assertThat(open.outcomes().joined()).isZero();
      estimatedBeforeLabels.add(open.estimated().metrics().get("accuracy"));
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
    assertThat(windows).hasSize(MINUTES);
    int covered = 0;
    for (int w = 0; w < MINUTES; w++) {
      MonitorSnapshot window = windows.get(w);
      double estimated = window.estimated().metrics().get("accuracy");
      double realized = window.metrics().get("accuracy");
      boolean inBand = window.estimated().lower().get("accuracy") <= realized
          && realized <= window.estimated().upper().get("accuracy");
      covered += inBand ? 1 : 0;
      System.out.printf("minute %d: estimated accuracy %.3f [%.3f, %.3f], realized %.3f%s%n", w,
          estimated, window.estimated().lower().get("accuracy"),
          window.estimated().upper().get("accuracy"), realized, inBand ? "" : " (outside)");
      assertThat(window.estimated().rows()).isEqualTo(ROWS_PER_MINUTE);
      assertThat(estimated).as("minute %d", w).isCloseTo(realized,
          org.assertj.core.api.Assertions.within(0.06));
      assertThat(estimatedBeforeLabels.get(w)).isEqualTo(estimated);
    }
    System.out.printf("realized accuracy inside the 95%% band in %d of %d windows%n", covered,
        MINUTES);
    assertThat(covered).isGreaterThanOrEqualTo(6);
    double before = estimatedBeforeLabels.subList(0, DRIFT_MINUTE).stream()
        .mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(estimatedBeforeLabels.get(DRIFT_MINUTE)).isLessThan(before - 0.1);
    assertThat(windows.get(DRIFT_MINUTE).estimated().upper().get("accuracy"))
        .as("the whole band of the drift window lies below the accuracy before")
        .isLessThan(before);
  }

  private static DriftingDataGenerator.Builder generator(long seed) {
    return DriftingDataGenerator.builder().seed(seed).numericFeatures(2).labelWeight("x0", 3.0)
        .rowInterval(Duration.ofMillis(100));
  }

  /** Registers the model with the scores and labels of 4,000 rows drawn before any drift. */
  private ModelVersion register(InMemoryModelRegistry registry, Path dir) throws IOException {
    DriftingDataGenerator holdout = generator(99).build();
    List<DriftingRow> rows = holdout.rows(0, 4000);
    double[][] scores = new double[rows.size()][];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      double yes = UnderconfidentPredictor.score(holdout.labelProbability(rows.get(i).features()));
      scores[i] = new double[] {1 - yes, yes};
      labels.add(rows.get(i).label());
    }
    Files.writeString(dir.resolve("model.bin"), "weights");
    ReferenceScores.of(List.of("no", "yes"), scores, labels).write(dir);
    return registry.register(RegistrationRequest.builder("churn").artifact(dir)
        .format(ModelFormat.of("opaque"))
        .signature(ModelSignature.of(data.features(), List.<FieldSpec>of(data.label())))
        .build());
  }

  /**
   * Ranks rows as the generator's rule does, with probabilities pulled towards 0.5 (half the
   * log-odds): the calibration fitted on the reference scores has work to do.
   */
  private static final class UnderconfidentPredictor
      implements Predictor<Map<String, Object>, Prediction> {

    private final ModelVersion version;
    private final DriftingDataGenerator data;
    private final AtomicLong ids = new AtomicLong();

    UnderconfidentPredictor(ModelVersion version, DriftingDataGenerator data) {
      this.version = version;
      this.data = data;
    }

    static double score(double probability) {
      double logOdds = Math.log(probability / (1 - probability));
      return 1 / (1 + Math.exp(-logOdds / 2));
    }

    @Override
    public Prediction predict(Map<String, Object> input) {
      double yes = score(data.labelProbability(input));
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

package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.metrics.ClassificationMetrics;
import dev.mlops.core.metrics.RegressionMetrics;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");
  private final Random random = new Random(11);

  @Test
  void lateOutOfOrderDuplicatedAndMissingLabelsGiveTheMetricsOfTheCorrectPairs() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).joinBuffer(10_000, Duration.ofMinutes(10)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Prediction> predictions = new ArrayList<>();
    List<String> actuals = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double x = random.nextGaussian() * 2;
      predictions.add(predictor.predict(Map.of("x", x, "plan", "a")));
      actuals.add(random.nextDouble() < 1 / (1 + Math.exp(-x)) ? "yes" : "no");
    }
    List<Integer> labelled = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      labelled.add(i);
    }
    Collections.shuffle(labelled, random);
    ClassificationMetrics batch = new ClassificationMetrics(Models.CHURN_CLASSES);
    for (int i : labelled) {
      batch.add(probabilities(predictions.get(i)), actuals.get(i));
    }

    for (int i : labelled.subList(0, 100)) {
      monitor.recordOutcome(predictions.get(i).predictionId(), actuals.get(i));
    }
    for (int i = 0; i < 10; i++) {
      monitor.recordOutcome("never-predicted-" + i, "yes");
    }
    clock.advance(Duration.ofMinutes(1));
    // After the window closed: the rest arrive late, and 20 arrive a second time, flipped.
    for (int i : labelled.subList(100, 150)) {
      monitor.recordOutcome(predictions.get(i).predictionId(), actuals.get(i));
    }
    for (int i : labelled.subList(0, 20)) {
      monitor.recordOutcome(predictions.get(i).predictionId(),
          actuals.get(i).equals("yes") ? "no" : "yes");
    }

    MonitorSnapshot window = monitor.closedWindows().get(0);
    assertThat(window.outcomes()).isEqualTo(new OutcomeCounts(150, 20, 10, 0, 50));
    assertMetricsEqual(window.metrics(), batch.report().toMap());
    assertThat(window.metrics()).containsKeys("accuracy", "roc_auc", "log_loss", "f1");

    clock.advance(Duration.ofMinutes(10));
    monitor.closeElapsedWindows();
    assertThat(monitor.closedWindows().get(0).outcomes())
        .isEqualTo(new OutcomeCounts(150, 20, 10, 50, 0));

    // An outcome for a prediction that expired is unknown, counted where it arrives.
    monitor.recordOutcome(predictions.get(199).predictionId(), "yes");
    assertThat(monitor.snapshot().outcomes().unknown()).isEqualTo(1);
    assertThat(monitor.closedWindows().get(0).outcomes().unknown()).isEqualTo(10);
  }

  @Test
  void theSnapshotAtCloseShowsWhatHadArrivedByThen() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).build();
    List<MonitorSnapshot> heard = new ArrayList<>();
    monitor.onWindowClosed(heard::add);
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    Prediction first = predictor.predict(Map.of("x", 2.0, "plan", "a"));
    Prediction second = predictor.predict(Map.of("x", -2.0, "plan", "a"));
    monitor.recordOutcome(first.predictionId(), "yes");
    clock.advance(Duration.ofMinutes(1));
    monitor.closeElapsedWindows();
    monitor.recordOutcome(second.predictionId(), "yes");

    assertThat(heard.get(0).outcomes()).isEqualTo(new OutcomeCounts(1, 0, 0, 0, 1));
    assertThat(monitor.closedWindows().get(0).outcomes())
        .isEqualTo(new OutcomeCounts(2, 0, 0, 0, 0));
    assertThat(monitor.closedWindows().get(0).metrics()).containsEntry("accuracy", 0.5);
  }

  @Test
  void regressionOutcomesGiveTheMetricsOfABatchComputation() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.regressor(3)));
    RegressionMetrics batch = new RegressionMetrics();
    List<Prediction> predictions = new ArrayList<>();
    List<Double> actuals = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double x = random.nextDouble() * 10;
      predictions.add(predictor.predict(Map.of("x", x)));
      actuals.add(2 * x + random.nextGaussian());
    }
    for (int i = 79; i >= 0; i--) {
      monitor.recordOutcome(predictions.get(i).predictionId(), actuals.get(i));
      batch.add(predictions.get(i).scores().get(0), actuals.get(i));
    }

    MonitorSnapshot snapshot = monitor.snapshot();
    assertMetricsEqual(snapshot.metrics(), batch.report().toMap());
    assertThat(snapshot.metrics()).containsKeys("mae", "rmse", "r2");
    assertThat(snapshot.trainingMetrics()).containsEntry("rmse", 1.5);
    assertThat(snapshot.outcomes()).isEqualTo(new OutcomeCounts(80, 0, 0, 0, 20));
  }

  @Test
  void anOutcomeThatDoesNotFitTheModelIsRejectedAndThePredictionKeepsWaiting() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    Prediction p = monitor.wrap(new ScriptedDeployment(Models.classifier(1)))
        .predict(Map.of("x", 1.0, "plan", "a"));

    assertThatThrownBy(() -> monitor.recordOutcome(p.predictionId(), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class name")
        .hasMessageContaining("'churn' version 1");
    assertThatThrownBy(() -> monitor.recordOutcome(p.predictionId(), "maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[no, yes]");
    assertThat(monitor.snapshot().outcomes()).isEqualTo(new OutcomeCounts(0, 0, 0, 0, 1));

    monitor.recordOutcome(p.predictionId(), "yes");
    assertThat(monitor.snapshot().outcomes()).isEqualTo(new OutcomeCounts(1, 0, 0, 0, 0));
  }

  @Test
  void aFullJoinBufferLetsTheOldestPredictionExpire() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .joinBuffer(100, Duration.ofHours(1)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      predictions.add(predictor.predict(Map.of("x", 0.5, "plan", "b")));
    }
    monitor.recordOutcome(predictions.get(0).predictionId(), "no");
    monitor.recordOutcome(predictions.get(149).predictionId(), "no");

    assertThat(monitor.snapshot().outcomes()).isEqualTo(new OutcomeCounts(1, 0, 1, 50, 99));
  }

  @Test
  void anOutcomeBeforeAnyPredictorIsWrappedIsAnError() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();

    assertThatThrownBy(() -> monitor.recordOutcome("p-1", "yes"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrap a predictor");
  }

  static double[] probabilities(Prediction prediction) {
    return prediction.scores().stream().mapToDouble(Double::doubleValue).toArray();
  }

  static void assertMetricsEqual(Map<String, Double> actual, Map<String, Double> expected) {
    assertThat(actual).containsOnlyKeys(expected.keySet());
    expected.forEach((name, value) ->
        assertThat(actual.get(name)).as(name).isCloseTo(value, within(1e-12)));
  }
}

package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.estimation.BinaryPerformanceEstimator;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every window of a binary classifier with a performance estimator carries the performance
 * estimated from its scores, before and beside the realized one.
 */
class EstimatedPerformanceTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final Random random = new Random(3);
  private final BinaryPerformanceEstimator estimator = FleetMonitoringTest.estimator(new Random(8));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void aWindowEstimatesItsScoresPerformanceBeforeLabelsAndKeepsItBesideTheRealizedOne() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).meterRegistry(meters)
        .tumblingWindow(Duration.ofMinutes(1)).performanceEstimator(1, estimator).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Prediction> predictions = new ArrayList<>();
    double[] scores = new double[400];
    for (int i = 0; i < scores.length; i++) {
      Prediction p = predictor.predict(DriftAndMemoryTest.row(random, 0));
      predictions.add(p);
      scores[i] = p.scores().get(1);
    }

    MonitorSnapshot open = monitor.snapshot();
    assertThat(open.metrics()).isEmpty();
    EstimatedPerformance estimated = open.estimated();
    assertThat(estimated.estimated()).isTrue();
    assertThat(estimated.rows()).isEqualTo(400);
    var expected = estimator.estimate(scores);
    for (String metric : List.of("accuracy", "precision", "recall", "f1")) {
      assertThat(estimated.metrics().get(metric)).as(metric)
          .isCloseTo(expected.metric(metric).value(), within(1e-12));
      assertThat(estimated.lower().get(metric)).isCloseTo(expected.metric(metric).lower(),
          within(1e-12));
      assertThat(estimated.upper().get(metric)).isCloseTo(expected.metric(metric).upper(),
          within(1e-12));
    }
    assertThat(estimated.metrics().get("roc_auc"))
        .isCloseTo(expected.metric("roc_auc").value(), within(0.002));

    clock.set(START.plus(Duration.ofMinutes(1)));
    monitor.closeElapsedWindows();
    for (Prediction p : predictions) {
      boolean yes = random.nextDouble() < p.scores().get(1);
      monitor.recordOutcome(p.predictionId(), yes ? "yes" : "no");
    }
    MonitorSnapshot closed = monitor.closedWindows().get(0);
    assertThat(closed.metrics()).containsKey("accuracy");
    assertThat(closed.estimated()).isEqualTo(estimated);
    assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(closed)))
        .isEqualTo(closed);
    Gauge gauge = meters.find(MonitorMeterNames.ESTIMATED).tag("metric", "accuracy").gauge();
    assertThat(gauge).isNotNull();
    assertThat(gauge.value()).isEqualTo(estimated.metrics().get("accuracy"));
    assertThat(meters.find(MonitorMeterNames.ESTIMATED_LOWER).tag("metric", "f1").gauge())
        .isNotNull();
  }

  @Test
  void aWindowWithoutAnEstimatorSaysWhy() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    Predictor<Map<String, Object>, Prediction> classifier =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    classifier.predict(DriftAndMemoryTest.row(random, 0));
    assertThat(monitor.snapshot().estimated().unavailable())
        .isEqualTo("version 1 has no reference-scores.json");

    ModelMonitor prices = ModelMonitor.builder().clock(clock).build();
    prices.wrap(new ScriptedDeployment(Models.regressor(1)))
        .predict(DriftAndMemoryTest.row(random, 0));
    assertThat(prices.snapshot().estimated().unavailable()).contains("not a classifier");
    assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(prices.snapshot()))
        .estimated()).isEqualTo(prices.snapshot().estimated());
  }
}

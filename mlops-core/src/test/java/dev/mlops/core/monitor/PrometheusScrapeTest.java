package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.testing.MutableClock;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");

  @Test
  void theMetersAppearInThePrometheusExpositionTaggedByModelAndVersion() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Random random = new Random(3);
    List<String> observed = new ArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        observed.add(context.getName() + " " + context.getLowCardinalityKeyValues());
      }
    });
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).meterRegistry(prometheus)
        .tumblingWindow(Duration.ofMinutes(1)).minRowsForDrift(10)
        .observationRegistry(observations)
        .referenceProfile(1, DriftAndMemoryTest.reference(random)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      predictions.add(predictor.predict(
          Map.of("x", random.nextGaussian() + 3, "plan", "a", "latencyMicros", 1000 + i)));
    }
    assertThatThrownBy(() -> predictor.predict(Map.of("x", 1.0, "invalid", 1)));
    assertThatThrownBy(() -> predictor.predict(Map.of("x", 1.0, "fail", 1)));
    for (int i = 0; i < 20; i++) {
      monitor.recordOutcome(predictions.get(i).predictionId(), i % 2 == 0 ? "yes" : "no");
    }
    monitor.recordOutcome("unknown-id", "yes");
    clock.advance(Duration.ofMinutes(1));
    monitor.closeElapsedWindows();

    String text = prometheus.scrape();

    String tags = "model=\"churn\",version=\"1\"";
    assertThat(text)
        .contains("mlops_monitor_predictions_total{" + tags + "} 52.0")
        .contains("mlops_monitor_errors_total{cause=\"invalid_input\"," + tags + "} 1.0")
        .contains("mlops_monitor_errors_total{cause=\"prediction\"," + tags + "} 1.0")
        .contains("mlops_monitor_latency_seconds_count{" + tags + "} 50")
        // Histogram buckets (default layout), which Prometheus shows instead of the timer's own
        // percentiles: latencies of 1000 to 1049 microseconds.
        .contains("mlops_monitor_latency_seconds_bucket{" + tags + ",le=\"0.001\"} 1")
        .contains("mlops_monitor_latency_seconds_bucket{" + tags + ",le=\"0.0025\"} 50")
        .contains("mlops_monitor_latency_seconds_bucket{" + tags + ",le=\"+Inf\"} 50")
        .contains("mlops_monitor_outcomes_total{model=\"churn\",status=\"joined\",version=\"1\"}"
            + " 20.0")
        .contains("mlops_monitor_outcomes_total{model=\"churn\",status=\"unknown\",version=\"1\"}"
            + " 1.0")
        .contains("mlops_monitor_drift_dataset{" + tags + "} 1.0")
        .containsPattern("mlops_monitor_drift_score\\{feature=\"x\"," + tags + "} [0-9.]+")
        .containsPattern("mlops_monitor_performance\\{metric=\"accuracy\"," + tags
            + "} [0-9.]+");
    double accuracy = monitor.closedWindows().get(0).metrics().get("accuracy");
    assertThat(text).contains("mlops_monitor_performance{metric=\"accuracy\"," + tags + "} "
        + accuracy);

    // One drift report observed, for the closed window; snapshots of the open window are not.
    assertThat(observed).containsExactly("mlops.drift.report [keyValue(model=churn),"
        + "keyValue(outcome=drift),keyValue(version=1)]");

    monitor.close();
    assertThat(prometheus.scrape()).doesNotContain("mlops_monitor");
  }
}

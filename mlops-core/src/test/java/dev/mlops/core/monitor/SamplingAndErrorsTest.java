package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingAndErrorsTest {

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");

  @Test
  void samplingKeepsAboutTheRateOfRowsAndCountsEveryCall() {
    MonitorSnapshot quarter = run(0.25, 42);

    assertThat(quarter.predictions()).isEqualTo(4000);
    assertThat(quarter.latency().count()).isEqualTo(4000);
    assertThat(quarter.sampledRows()).isBetween(850L, 1150L);
    // Only sampled predictions wait for outcomes; the others' outcomes are unknown.
    assertThat(quarter.outcomes().joined()).isEqualTo(quarter.sampledRows());
    assertThat(quarter.outcomes().unknown()).isEqualTo(4000 - quarter.sampledRows());
  }

  @Test
  void theSameSeedSamplesTheSameRows() {
    assertThat(run(0.1, 7).sampledRows()).isEqualTo(run(0.1, 7).sampledRows());
    assertThat(run(0.5, 7).sampledRows()).isNotEqualTo(run(0.5, 8).sampledRows());
  }

  @Test
  void ratesZeroAndOneSampleNothingAndEverything() {
    assertThat(run(0, 1).sampledRows()).isZero();
    assertThat(run(1, 1).sampledRows()).isEqualTo(4000);
  }

  @Test
  void failedCallsAreCountedAndTheirExceptionsRethrownUnchanged() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    ScriptedDeployment deployment = new ScriptedDeployment(Models.classifier(1));
    Predictor<Map<String, Object>, Prediction> predictor = monitor.wrap(deployment);
    predictor.predict(Map.of("x", 1.0, "plan", "a"));

    assertThatThrownBy(() -> predictor.predict(Map.of("x", 1.0, "invalid", true)))
        .isSameAs(deployment.lastThrown).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> predictor.predict(Map.of("x", 1.0, "fail", true)))
        .isSameAs(deployment.lastThrown).isInstanceOf(PredictionException.class);
    List<Map<String, Object>> batch = List.of(Map.of("x", 1.0), Map.of("x", 2.0, "fail", 1),
        Map.of("x", 3.0));
    assertThatThrownBy(() -> predictor.predictBatch(batch))
        .isSameAs(deployment.lastThrown);
    assertThat(predictor.predictBatch(List.of(Map.of("x", 1.0), Map.of("x", 2.0)))).hasSize(2);

    MonitorSnapshot snapshot = monitor.snapshot();
    assertThat(snapshot.predictions()).isEqualTo(1 + 2 + 3 + 2);
    assertThat(snapshot.errors()).isEqualTo(5);
    assertThat(snapshot.errorRate()).isEqualTo(5.0 / 8);
    assertThat(snapshot.latency().count()).isEqualTo(3);
  }

  private MonitorSnapshot run(double rate, long seed) {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).samplingRate(rate).seed(seed)
        .build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      predictions.add(predictor.predict(Map.of("x", i % 7 - 3.0, "plan", "a")));
    }
    for (Prediction p : predictions) {
      monitor.recordOutcome(p.predictionId(), "yes");
    }
    return monitor.snapshot();
  }
}

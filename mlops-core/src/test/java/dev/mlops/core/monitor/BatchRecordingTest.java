package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch is recorded as one record, yet the monitor sees the same rows as if each had been
 * predicted alone: the same traffic, latency counts, sampled rows (same seed) and joinable
 * predictions.
 */
class BatchRecordingTest {

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");

  @Test
  void batchesAndSingleRowsSampleTheSameRowsAndJoinTheSameOutcomes() {
    for (double rate : new double[] {0, 0.3, 1}) {
      MonitorSnapshot single = run(rate, false);
      MonitorSnapshot batched = run(rate, true);

      assertThat(batched.predictions()).isEqualTo(single.predictions()).isEqualTo(1000);
      assertThat(batched.latency().count()).isEqualTo(1000);
      assertThat(batched.sampledRows()).as("rate %s", rate).isEqualTo(single.sampledRows());
      assertThat(batched.outcomes()).isEqualTo(single.outcomes());
      assertThat(batched.metrics()).isEqualTo(single.metrics());
    }
  }

  @Test
  void aCallerReusingItsBatchListDoesNotChangeWhatWasRecorded() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Map<String, Object>> batch = new ArrayList<>();
    List<Prediction> predictions = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      batch.add(Map.of("x", 1.0, "plan", "a"));
      batch.add(Map.of("x", -1.0, "plan", "b"));
      predictions.addAll(predictor.predictBatch(batch));
      batch.clear();
    }
    for (Prediction p : predictions) {
      monitor.recordOutcome(p.predictionId(), "yes");
    }

    MonitorSnapshot snapshot = monitor.snapshot();
    assertThat(snapshot.predictions()).isEqualTo(6);
    assertThat(snapshot.sampledRows()).isEqualTo(6);
    assertThat(snapshot.outcomes().joined()).isEqualTo(6);
  }

  @Test
  void anEmptyBatchRecordsNothing() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

    assertThat(predictor.predictBatch(List.of())).isEmpty();
    assertThat(monitor.snapshot().predictions()).isZero();
  }

  private MonitorSnapshot run(double rate, boolean batched) {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).samplingRate(rate).seed(5).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    List<Prediction> predictions = new ArrayList<>();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> row = Map.of("x", i % 11 - 5.0, "plan", i % 2 == 0 ? "a" : "b");
      if (!batched) {
        predictions.add(predictor.predict(row));
        continue;
      }
      batch.add(row);
      // Batches of varied sizes: 1, 2, ... rows.
      if (batch.size() >= 1 + (i % 37)) {
        predictions.addAll(predictor.predictBatch(List.copyOf(batch)));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      predictions.addAll(predictor.predictBatch(batch));
    }
    for (int i = 0; i < predictions.size(); i++) {
      monitor.recordOutcome(predictions.get(i).predictionId(), i % 3 == 0 ? "no" : "yes");
    }
    return monitor.snapshot();
  }
}

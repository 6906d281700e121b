package dev.mlops.djl;

import static dev.mlops.djl.ConvertedModels.FOREST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A converter-built model under the monitor: its string column is a categorical feature whose
 * drift is measured, and late outcomes are joined against the classes its graph names.
 */
class ConvertedModelMonitoringTest {

  @Test
  void aShiftedStringColumnDriftsAsACategoryAndOutcomesJoinByTheGraphsClasses() {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      ModelVersion v = ConvertedModels.register(registry, "forest", FOREST);
      List<Map<String, Object>> rows = ConvertedModels.rows(FOREST);
      DatasetProfile reference = DatasetProfile.builder().numeric("tenure_months")
          .numeric("monthly_charges").numeric("support_calls").categorical("contract").build();
      for (int i = 0; i < 10; i++) {
        rows.forEach(reference::update);
      }
      // A clock that stands still: every call in the one open window the test reads.
      try (ModelMonitor monitor = ModelMonitor.builder().registry(registry)
              .clock(Clock.fixed(Instant.parse("2026-05-04T10:00:00Z"), ZoneOffset.UTC))
              .referenceProfile(v.version(), reference).minRowsForDrift(50).build();
          Predictor<Map<String, Object>, Prediction> p = monitor.wrap(
              DjlPredictors.builder().registry(registry).build().load(v.uri()))) {
        List<String> truth = ConvertedModels.labels(FOREST);
        for (int i = 0; i < rows.size(); i++) {
          // scikit-learn's labels as the truth: the served model agrees with it on every row.
          monitor.recordOutcome(p.predict(rows.get(i)).predictionId(), truth.get(i));
        }
        for (int round = 0; round < 9; round++) {
          for (Map<String, Object> row : rows) {
            Map<String, Object> shifted = new HashMap<>(row);
            shifted.put("contract", "two_year");
            p.predict(shifted);
          }
        }

        MonitorSnapshot snapshot = monitor.snapshot(v.version());
        FeatureDrift contract = snapshot.drift().feature("contract").orElseThrow();
        assertThat(contract.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(contract.drifted()).isTrue();
        assertThat(snapshot.drift().feature("tenure_months").orElseThrow().drifted()).isFalse();
        assertThat(snapshot.outcomes().joined()).isEqualTo(truth.size());
        assertThat(snapshot.metrics()).containsEntry("accuracy", 1.0);
      }
    }
  }
}

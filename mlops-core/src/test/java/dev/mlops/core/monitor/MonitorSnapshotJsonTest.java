package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.monitor.StreamDetection;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonitorSnapshotJsonTest {

  @Test
  void aSnapshotWithDriftAndMetricsSurvivesTheRoundTrip() throws Exception {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");
    Random random = new Random(9);
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).minRowsForDrift(10)
        .referenceProfile(1, DriftAndMemoryTest.reference(random)).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    for (int i = 0; i < 40; i++) {
      Prediction p = predictor.predict(DriftAndMemoryTest.row(random, 0.5));
      monitor.recordOutcome(p.predictionId(), i % 3 == 0 ? "yes" : "no");
    }
    MonitorSnapshot snapshot = monitor.snapshot();
    assertThat(snapshot.drift()).isNotNull();

    String json = MonitorSnapshotJson.toJson(snapshot);

    assertThat(MonitorSnapshotJson.fromJson(json)).isEqualTo(snapshot);
    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.get("schema").asText()).isEqualTo(MonitorSnapshotJson.SCHEMA);
    assertThat(tree.get("predictions").asLong()).isEqualTo(40);
    assertThat(tree.get("latency").get("p50").asText()).isEqualTo("PT0.001S");
    assertThat(tree.get("outcomes").get("joined").asLong()).isEqualTo(40);
    assertThat(tree.get("drift").get("schema").asText()).isEqualTo(DriftReportJson.SCHEMA);
    assertThat(tree.get("metrics").get("accuracy").isNumber()).isTrue();
  }

  @Test
  void aSnapshotWithoutDriftAndWithNonFiniteMetricsSurvivesTheRoundTrip() {
    MonitorSnapshot snapshot = new MonitorSnapshot("churn", 2,
        Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T11:00:00Z"), true, 10, 1,
        5, new LatencySummary(9, Duration.ofNanos(1500), Duration.ofMillis(2),
            Duration.ofMillis(3), Duration.ofSeconds(1)),
        null, Map.of("log_loss", Double.POSITIVE_INFINITY, "r2", Double.NaN),
        Map.of("accuracy", 0.8), new OutcomeCounts(1, 2, 3, 4, 5));

    String json = MonitorSnapshotJson.toJson(snapshot);

    assertThat(json).contains("\"log_loss\" : \"Infinity\"").contains("\"drift\" : null");
    assertThat(MonitorSnapshotJson.fromJson(json)).isEqualTo(snapshot);
  }

  @Test
  void streamDetectionsSurviveTheRoundTripAndOlderSnapshotsReadAsHavingNone() throws Exception {
    MonitorSnapshot plain = new MonitorSnapshot("churn", 2,
        Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T11:00:00Z"), true, 10, 0,
        10, new LatencySummary(10, Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(3), Duration.ofMillis(4)),
        null, Map.of(), Map.of(), new OutcomeCounts(0, 0, 0, 0, 0));
    MonitorSnapshot detected = plain.withDetections(List.of(
        new StreamDetection("errors-adwin", "adwin", StreamDetection.Source.ERRORS, 2112,
            Instant.parse("2026-03-01T10:42:00Z")),
        new StreamDetection("scores-ph", "page-hinkley", StreamDetection.Source.SCORES, 57,
            Instant.parse("2026-03-01T10:43:00Z"))));

    String json = MonitorSnapshotJson.toJson(detected);

    assertThat(MonitorSnapshotJson.fromJson(json)).isEqualTo(detected);
    assertThat(detected.detected("scores-ph")).isTrue();
    assertThat(detected.detected("errors-ddm")).isFalse();
    ObjectNode older = (ObjectNode) new ObjectMapper().readTree(json);
    older.remove("detections");
    assertThat(MonitorSnapshotJson.fromJson(older.toString())).isEqualTo(plain);
    assertThatThrownBy(() -> MonitorSnapshotJson.fromJson(json.replace("\"SCORES\"",
        "\"LATENCY\""))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LATENCY");
  }

  @Test
  void textThatIsNotASnapshotIsRejectedNamingWhatIsWrong() {
    assertThatThrownBy(() -> MonitorSnapshotJson.fromJson("{\"schema\":\"other\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a monitor snapshot");
    assertThatThrownBy(() -> MonitorSnapshotJson.fromJson(
        "{\"schema\":\"mlops.monitor-snapshot\",\"schemaVersion\":9}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    assertThatThrownBy(() -> MonitorSnapshotJson.fromJson(
        "{\"schema\":\"mlops.monitor-snapshot\",\"schemaVersion\":1,\"modelName\":\"m\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latency'");
    assertThatThrownBy(() -> MonitorSnapshotJson.fromJson("not json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be JSON");
  }
}

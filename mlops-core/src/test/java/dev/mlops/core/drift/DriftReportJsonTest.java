package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftReportJsonTest {

  @Test
  void aReportRoundTripsToAnEqualReport() {
    DriftReport report = Reports.report();

    DriftReport read = DriftReportJson.fromJson(DriftReportJson.toJson(report));

    assertThat(read).isEqualTo(report);
  }

  @Test
  void theJsonFollowsTheDocumentedSchema() throws Exception {
    JsonNode json = new ObjectMapper().readTree(DriftReportJson.toJson(Reports.report()));

    assertThat(json.get("schema").asText()).isEqualTo("mlops.drift-report");
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-05-04T12:00:00Z");
    assertThat(json.get("referenceRows").asLong()).isEqualTo(600);
    assertThat(json.get("dataset").get("testedFeatures").asInt()).isEqualTo(6);
    JsonNode age = json.get("features").get(0);
    assertThat(age.get("name").asText()).isEqualTo("age");
    assertThat(age.get("kind").asText()).isEqualTo("numeric");
    assertThat(age.get("method").asText()).isEqualTo("ks");
    assertThat(age.get("currentMissing").asLong()).isEqualTo(20);
    assertThat(age.get("distribution").get("type").asText()).isEqualTo("histogram");
    List<String> fields = fieldNames(age);
    assertThat(fields).containsExactly("name", "kind", "method", "reason", "statistic", "pValue",
        "threshold", "effectSize", "minEffectSize", "drifted", "referenceCount", "currentCount",
        "referenceMissing", "currentMissing", "distribution");
    assertThat(json.get("skipped").get(0).get("name").asText()).isEqualTo("gone");
  }

  @Test
  void anInfiniteStatisticIsWrittenAsAStringAndReadBack() {
    DriftResult infinite = new DriftResult("plan", "chisquare", Double.POSITIVE_INFINITY, 0.0,
        0.05, 0.4, true);
    DriftReport report = DriftReport.of(
        List.of(new FeatureDrift("plan", FeatureKind.CATEGORICAL, infinite, "why", null, 10, 10,
            0, 0, null)),
        List.of(), 0.5, 10, 10, false, Duration.ofMillis(3), Instant.EPOCH);

    String json = DriftReportJson.toJson(report);

    assertThat(json).contains("\"statistic\" : \"Infinity\"");
    assertThat(DriftReportJson.fromJson(json)).isEqualTo(report);
  }

  @Test
  void jsonOfAnotherSchemaOrVersionIsRejected() {
    String json = DriftReportJson.toJson(Reports.report());

    assertThatThrownBy(() -> DriftReportJson.fromJson("{\"schema\":\"other\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a drift report");
    assertThatThrownBy(() -> DriftReportJson.fromJson(
        json.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 99");
  }

  @Test
  void aReportWhoseVerdictContradictsItsFeaturesIsRejected() {
    String json = DriftReportJson.toJson(Reports.report())
        .replace("\"drifted\" : true,\n    \"driftedShare\"", "\"drifted\" : false,\n    \"driftedShare\"");

    assertThatThrownBy(() -> DriftReportJson.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("datasetDrifted");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

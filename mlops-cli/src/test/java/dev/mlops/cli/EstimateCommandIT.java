package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops estimate} end to end, on the CSV files that {@code
 * mlops-core/src/test/python/estimation_reference.py} wrote with its independent implementation's
 * values ({@code estimate/expected.json}): miscalibrated scores, a shifted current set, isotonic
 * calibration.
 */
class EstimateCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1", "roc_auc");

  @TempDir
  Path dir;

  private MlopsProcess mlops;

  @BeforeEach
  void setUp() throws IOException {
    mlops = new MlopsProcess(dir);
    for (String name : new String[] {"reference.csv", "current.csv"}) {
      try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/estimate/" + name), name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
  }

  private static JsonNode expected() throws IOException {
    try (InputStream in = Objects.requireNonNull(EstimateCommandIT.class.getResourceAsStream("/estimate/expected.json"))) {
      return JSON.readTree(in);
    }
  }

  @Test
  void jsonHasTheEstimatesOfTheReferenceImplementationAndTheRealizedMetrics() throws Exception {
    MlopsProcess.Result r = mlops.run("estimate", "--reference", "reference.csv", "--current", "current.csv",
        "--score-column", "churn_score", "--label-column", "churned", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode result = JSON.readTree(r.out());
    JsonNode expected = expected();
    for (String metric : METRICS) {
      assertThat(result.get("estimated").get(metric).asDouble()).as(metric)
          .isCloseTo(expected.get("estimated").get(metric).asDouble(), within(1e-9));
      assertThat(result.get("bands").get(metric).get("lower").asDouble()).as(metric)
          .isCloseTo(expected.get("bands").get(metric).get("lower").asDouble(), within(1e-9));
      assertThat(result.get("realized").get(metric).asDouble()).as(metric)
          .isCloseTo(expected.get("realized").get(metric).asDouble(), within(1e-9));
    }
    assertThat(result.get("rows").asInt()).isEqualTo(500);
    assertThat(result.get("realizedRows").asInt()).isEqualTo(500);
    assertThat(result.get("calibration").asText()).isEqualTo("isotonic");
  }

  @Test
  void withoutLabelsInTheCurrentFileThereIsNoRealizedSectionAndTheTableSaysSo() throws Exception {
    List<String> lines = Files.readAllLines(dir.resolve("current.csv"), StandardCharsets.UTF_8);
    Files.write(dir.resolve("unlabelled.csv"), lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());

    MlopsProcess.Result json = mlops.run("estimate", "--reference", "reference.csv", "--current", "unlabelled.csv",
        "--score-column", "churn_score", "--label-column", "churned", "--json");
    MlopsProcess.Result table = mlops.run("estimate", "--reference", "reference.csv", "--current",
        "unlabelled.csv", "--score-column", "churn_score", "--label-column", "churned", "--calibration", "none");

    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(JSON.readTree(json.out()).has("realized")).isFalse();
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("metric", "95% band", "accuracy", "roc_auc",
        "500 current rows, threshold 0.5, calibration none");
  }

  @Test
  void badLabelsAndReferencesAreUserErrorsNamingTheFileAndLine() throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "churn_score,churned\n0.2,0\n0.7,yes\n");
    Files.writeString(dir.resolve("oneclass.csv"), "churn_score,churned\n0.2,0\n0.7,0\n0.4,0\n");

    MlopsProcess.Result bad = mlops.run("estimate", "--reference", "bad.csv", "--current", "current.csv",
        "--score-column", "churn_score", "--label-column", "churned");
    MlopsProcess.Result oneClass = mlops.run("estimate", "--reference", "oneclass.csv", "--current", "current.csv",
        "--score-column", "churn_score", "--label-column", "churned", "--chunks", "2");

    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
    assertThat(bad.err()).contains("bad.csv, line 3, column 2 ('churned'): 'yes' is not a label", "--positive-label");
    assertThat(oneClass.exitCode()).as(oneClass.toString()).isEqualTo(1);
    assertThat(oneClass.err()).contains("oneclass.csv: the reference must have both classes");
  }
}

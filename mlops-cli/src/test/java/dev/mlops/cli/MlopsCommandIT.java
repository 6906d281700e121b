package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.drift.DriftReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: the real jar, run as a process, over a file registry in a temporary directory. */
class MlopsCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private MlopsProcess mlops;

  @BeforeEach
  void setUp() throws IOException {
    mlops = new MlopsProcess(dir);
    // Registration checks that an ONNX file parses: a real (small) model stands in here.
    copy("/predict/churn-v1.onnx", dir.resolve("model.onnx"));
    // Registration checks a signature against the ONNX graph: the model's own signature file.
    copy("/predict/signature.json", dir.resolve("signature.json"));
    for (String name : new String[] {"reference.csv", "current.csv", "malformed.csv", "stream.csv"}) {
      copy("/drift/" + name, dir.resolve(name));
    }
  }

  @Test
  void registerPrintsTheVersionAsJsonAndTheDefaultRegistryIsInTheWorkingDirectory() throws Exception {
    MlopsProcess.Result r = mlops.run("models", "register", "churn", "--file", "model.onnx",
        "--signature", "signature.json", "--metric", "auc=0.91", "--tag", "team=risk", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode v = JSON.readTree(r.out());
    assertThat(v.get("name").asText()).isEqualTo("churn");
    assertThat(v.get("version").isInt()).isTrue();
    assertThat(v.get("version").asInt()).isEqualTo(1);
    assertThat(v.get("format").asText()).isEqualTo("onnx");
    assertThat(v.get("sha256").asText())
        .isEqualTo("db8866ccf984b6d86b21af63c28770e397ea5b4ec8412c9ff33602b3039fcf13");
    assertThat(v.get("aliases").isArray()).isTrue();
    assertThat(v.get("metrics").get("auc").asDouble()).isEqualTo(0.91);
    assertThat(v.get("tags").get("team").asText()).isEqualTo("risk");
    assertThat(v.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(v.get("signature").get("inputs").get(0).get("type").asText()).isEqualTo("float");
    assertThat(dir.resolve("mlops-registry")).isDirectory();
  }

  @Test
  void listVersionsAliasApproveAndRollbackWorkOverOneRegistry() throws Exception {
    String registry = "--registry=file:" + dir.resolve("reg");
    ok(registry, "models", "register", "churn", "--file", "model.onnx");
    ok(registry, "models", "register", "churn", "--file", "model.onnx", "--alias", "production");

    JsonNode models = JSON.readTree(ok(registry, "models", "list", "--json"));
    assertThat(models).hasSize(1);
    assertThat(models.get(0).get("name").asText()).isEqualTo("churn");
    assertThat(models.get(0).get("latestVersion").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(ok(registry, "models", "versions", "churn", "--json"))).hasSize(2);

    assertThat(ok(registry, "models", "alias", "churn", "staging", "1", "--expect", "none"))
        .contains("models:/churn@staging -> 1 (was unset)");
    JsonNode staging = JSON.readTree(ok(registry, "models", "show", "models:/churn@staging", "--json"));
    assertThat(staging.get("version").asInt()).isEqualTo(1);

    ok(registry, "models", "approve", "churn", "1", "--reason", "better recall");
    JsonNode approved = JSON.readTree(ok(registry, "models", "show", "models:/churn@production", "--json"));
    assertThat(approved.get("version").asInt()).isEqualTo(1);
    assertThat(approved.get("tags").get("approval").asText()).isEqualTo("approved");

    assertThat(ok(registry, "models", "rollback", "churn")).contains("-> 2 (was 1)");
    assertThat(JSON.readTree(ok(registry, "models", "show", "models:/churn@production", "--json"))
        .get("version").asInt()).isEqualTo(2);

    ok(registry, "models", "reject", "churn", "1", "--reason", "leaks labels");
    JsonNode rejected = JSON.readTree(ok(registry, "models", "show", "models:/churn/1", "--json"));
    assertThat(rejected.get("tags").get("approval").asText()).isEqualTo("rejected");
    assertThat(rejected.get("tags").get("approval.reason").asText()).isEqualTo("leaks labels");

    JsonNode audit = JSON.readTree(ok(registry, "audit", "churn", "--json"));
    assertThat(audit.findValuesAsText("reason")).contains("approved: better recall", "rollback from version 1");
    assertThat(ok(registry, "models", "verify", "models:/churn/2", "--checksums-only")).contains("Verified models:/churn/2");
  }

  @Test
  void aliasWithAStaleExpectationFailsWithExitCodeOneAndLeavesTheAliasAlone() throws Exception {
    String registry = "--registry=" + dir.resolve("reg");
    ok(registry, "models", "register", "churn", "--file", "model.onnx", "--alias", "production");
    ok(registry, "models", "register", "churn", "--file", "model.onnx");

    MlopsProcess.Result r = mlops.run(registry, "models", "alias", "churn", "production", "2", "--expect", "7");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("production").doesNotContain("\tat ");
    assertThat(JSON.readTree(ok(registry, "models", "show", "models:/churn@production", "--json"))
        .get("version").asInt()).isEqualTo(1);
  }

  @Test
  void unknownModelIsAUserErrorNamingTheModelAndTheRegistry() throws Exception {
    ok("models", "register", "churn", "--file", "model.onnx");

    MlopsProcess.Result r = mlops.run("models", "show", "models:/nope/1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("mlops: ").contains("nope").doesNotContain("\tat ")
        .contains("(registry file:" + dir.toRealPath().resolve("mlops-registry") + ")");
  }

  @Test
  void verboseAddsTheStackTrace() throws Exception {
    MlopsProcess.Result r = mlops.run("--verbose", "models", "show", "models:/nope/1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("RegistryNotFoundException").contains("\tat ");
    assertThat(dir.resolve("mlops-registry")).doesNotExist();
  }

  @Test
  void missingArtifactFileIsAUserErrorNamingTheFile() throws Exception {
    MlopsProcess.Result r = mlops.run("models", "register", "churn", "--file", "absent.onnx");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("absent.onnx");
  }

  @Test
  void signatureWithAnUnknownTypeIsAUserErrorNamingTheField() throws Exception {
    Files.writeString(dir.resolve("bad-signature.json"),
        "{\"inputs\":[{\"name\":\"age\",\"type\":\"float16\"}]}");

    MlopsProcess.Result r = mlops.run("models", "register", "churn", "--file", "model.onnx",
        "--signature", "bad-signature.json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("bad-signature.json").contains("'age'").contains("float16");
    assertThat(dir.resolve("mlops-registry").resolve("models")).doesNotExist();
  }

  @Test
  void unknownCommandsAndMissingArgumentsAreUsageErrors() throws Exception {
    assertThat(mlops.run("models", "frobnicate").exitCode()).isEqualTo(2);
    MlopsProcess.Result r = mlops.run("models", "register", "churn");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--file");
  }

  @Test
  void driftOnFixtureCsvsWritesTheLibrarysDriftReportDocumentAndAnHtmlReport() throws Exception {
    MlopsProcess.Result r = mlops.run("drift", "--reference", "reference.csv", "--current",
        "current.csv", "--json", "-", "--html", "report.html");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.get("schema").asText()).isEqualTo("mlops.drift-report");
    assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(DriftReportJson.fromJson(r.out()).features()).hasSize(3);
    JsonNode age = feature(report, "age");
    assertThat(age.get("method").asText()).isEqualTo("ks");
    // scipy.stats.ks_2samp on the fixture columns: 0.845 (p 3.3e-73) and 0.065 (p 0.793).
    assertThat(age.get("statistic").asDouble()).isCloseTo(0.845, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(age.get("drifted").asBoolean()).isTrue();
    JsonNode income = feature(report, "income");
    assertThat(income.get("statistic").asDouble()).isCloseTo(0.065, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(income.get("pValue").asDouble()).isCloseTo(0.7934, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(income.get("drifted").asBoolean()).isFalse();
    assertThat(feature(report, "plan").get("threshold").asDouble()).isEqualTo(0.05);
    assertThat(report.get("dataset").get("driftedShare").asDouble())
        .isEqualTo(report.get("features").findValues("drifted").stream()
            .filter(JsonNode::asBoolean).count() / 3.0);
    assertThat(report.get("dataset").get("drifted").isBoolean()).isTrue();
    assertThat(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8)).contains("<html", "age");
  }

  @Test
  void driftWithAForcedTestUsesItForEveryColumnAndWritesTheJsonFile() throws Exception {
    MlopsProcess.Result r = mlops.run("drift", "--reference", "reference.csv", "--current",
        "current.csv", "--test", "psi", "--threshold", "0.2", "--json", "drift.json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode report = JSON.readTree(dir.resolve("drift.json").toFile());
    assertThat(report.get("features").findValuesAsText("method")).containsOnly("psi");
    assertThat(feature(report, "age").get("pValue").isNull()).isTrue();
    assertThat(feature(report, "age").get("threshold").asDouble()).isEqualTo(0.2);
  }

  @Test
  void failOnDriftExitsWithThreeAfterWritingTheReportWhenAColumnDriftedAndZeroWhenNone() throws Exception {
    MlopsProcess.Result drifted = mlops.run("drift", "--reference", "reference.csv", "--current",
        "current.csv", "--json", "drift.json", "--fail-on-drift");

    assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(Main.EXIT_DRIFT);
    assertThat(feature(JSON.readTree(dir.resolve("drift.json").toFile()), "age").get("drifted").asBoolean()).isTrue();

    MlopsProcess.Result same = mlops.run("drift", "--reference", "reference.csv", "--current",
        "reference.csv", "--fail-on-drift");
    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.out()).contains("dataset drift: no (0 of 3 columns drifted)");
  }

  @Test
  void malformedCsvIsAUserErrorNamingTheFileAndLine() throws Exception {
    MlopsProcess.Result r = mlops.run("drift", "--reference", "malformed.csv", "--current", "current.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("malformed.csv, line 3, column 2 ('income'): a quoted field opened"
        + " in this record is never closed");
  }

  @Test
  void driftOnAMissingFileIsAUserErrorNamingIt() throws Exception {
    MlopsProcess.Result r = mlops.run("drift", "--reference", "absent.csv", "--current", "current.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("File not found: absent.csv");
  }

  @Test
  void aTextCellInANumericColumnStopsTheDriftReportNamingIt() throws Exception {
    Files.writeString(dir.resolve("text.csv"), "age,income,plan\n41.5,50000,basic\nunknown,1,pro\n");

    MlopsProcess.Result r = mlops.run("drift", "--reference", "reference.csv", "--current", "text.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("mlops: text.csv, line 3, column 1 ('age'): 'unknown' is not a"
        + " number, but the column is numeric");
  }

  @Test
  void runningOutOfMemoryIsAnMlopsMessageNotAStackTrace() throws Exception {
    StringBuilder rows = new StringBuilder("age,income\n");
    for (int i = 0; i < 400_000; i++) {
      rows.append(i % 97).append(',').append(i).append('\n');
    }
    Files.writeString(dir.resolve("large.csv"), rows);

    MlopsProcess.Result r = mlops.run(Map.of("MLOPS_JAVA_OPTS", "-Xmx12m -XX:TieredStopAtLevel=1"),
        "drift", "--reference", "large.csv", "--current", "large.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("mlops: out of memory").contains("MLOPS_JAVA_OPTS")
        .doesNotContain("\tat ");
  }

  @Test
  void driftStreamReportsTheRowsWhereTheDetectorSignalled() throws Exception {
    MlopsProcess.Result r = mlops.run("drift-stream", "--detector", "ddm", "--input", "stream.csv");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("detector").asText()).isEqualTo("ddm");
    // The error rate jumps from 10 % to 50 % at row 200: DDM warns, then detects, soon after.
    assertThat(json.get("detections")).isNotEmpty();
    int first = json.get("detections").get(0).asInt();
    assertThat(first).isBetween(200, 260);
    assertThat(json.get("warnings")).isNotEmpty();
    assertThat(json.get("warnings").get(0).asInt()).isBetween(200, first);
  }

  @Test
  void driftStreamRejectsAnUnknownParameterNamingTheKnownOnes() throws Exception {
    MlopsProcess.Result r = mlops.run("drift-stream", "--detector", "adwin", "--param", "speed=3",
        "--input", "stream.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("speed").contains("delta");
  }

  private static JsonNode feature(JsonNode report, String name) {
    for (JsonNode feature : report.get("features")) {
      if (feature.get("name").asText().equals(name)) {
        return feature;
      }
    }
    throw new AssertionError("The report has no feature '" + name + "': " + report);
  }

  private String ok(String... args) throws Exception {
    MlopsProcess.Result r = mlops.run(args);
    assertThat(r.exitCode()).as("mlops " + String.join(" ", args) + "\n" + r).isZero();
    return r.out();
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = Objects.requireNonNull(MlopsCommandIT.class.getResourceAsStream(resource), resource)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

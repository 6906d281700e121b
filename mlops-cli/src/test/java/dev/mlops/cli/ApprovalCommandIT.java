package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end: {@code mlops approve} and {@code mlops reject} on challengers staged for approval, the
 * real jar run as a process over a file registry.
 */
class ApprovalCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private MlopsProcess mlops;
  private String registry;

  @BeforeEach
  void setUp() throws Exception {
    mlops = new MlopsProcess(dir);
    registry = "--registry=file:" + dir.resolve("reg");
    try (var in = ApprovalCommandIT.class.getResourceAsStream("/predict/churn-v1.onnx")) {
      Files.copy(Objects.requireNonNull(in, "churn-v1.onnx"), dir.resolve("model.onnx"));
    }
    ok("models", "register", "churn", "--file", "model.onnx", "--alias", "production");
    // A challenger staged as the lifecycle controller stages one awaiting approval.
    ok("models", "register", "churn", "--file", "model.onnx", "--alias", "staging");
  }

  @Test
  void approvePromotesTheStagedChallengerAndRecordsWhoAndWhy() throws Exception {
    assertThat(ok("approve", "churn", "2", "--reason", "checked the segments", "--actor", "alice"))
        .contains("Approved models:/churn/2: models:/churn@production -> 2 (was 1)");

    JsonNode model = JSON.readTree(ok("models", "list", "--json")).get(0);
    assertThat(model.get("aliases").get("production").asInt()).isEqualTo(2);
    assertThat(model.get("aliases").has("staging")).isFalse();
    JsonNode v2 = JSON.readTree(ok("models", "show", "models:/churn/2", "--json"));
    assertThat(v2.get("tags").get("approval").asText()).isEqualTo("approved");
    assertThat(v2.get("tags").get("approval.reason").asText()).isEqualTo("approved by alice: checked the segments");
    JsonNode audit = JSON.readTree(ok("audit", "churn", "--json"));
    assertThat(audit.findValuesAsText("reason"))
        .contains("promoted version 2 over version 1: approved by alice: checked the segments");
  }

  @Test
  void rejectNeedsAReasonAndLeavesProductionAlone() throws Exception {
    MlopsProcess.Result noReason = mlops.run(registry, "reject", "churn", "2");
    assertThat(noReason.exitCode()).as(noReason.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noReason.err()).contains("--reason");

    assertThat(ok("reject", "churn", "2", "--reason", "leaks labels", "--actor", "bob"))
        .contains("Rejected models:/churn/2: leaks labels");

    JsonNode model = JSON.readTree(ok("models", "list", "--json")).get(0);
    assertThat(model.get("aliases").get("production").asInt()).isEqualTo(1);
    assertThat(model.get("aliases").has("staging")).isFalse();
    JsonNode v2 = JSON.readTree(ok("models", "show", "models:/churn/2", "--json"));
    assertThat(v2.get("tags").get("approval").asText()).isEqualTo("rejected");
    assertThat(v2.get("tags").get("approval.reason").asText()).isEqualTo("rejected by bob: leaks labels");
  }

  @Test
  void aVersionThatIsNotStagedIsAUserError() throws Exception {
    MlopsProcess.Result r = mlops.run(registry, "approve", "churn", "1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(r.err()).startsWith("mlops: ").contains("not awaiting approval").contains("points to version 2")
        .doesNotContain("\tat ");
  }

  private String ok(String... args) throws Exception {
    String[] withRegistry = new String[args.length + 1];
    withRegistry[0] = registry;
    System.arraycopy(args, 0, withRegistry, 1, args.length);
    MlopsProcess.Result r = mlops.run(withRegistry);
    assertThat(r.exitCode()).as("mlops " + String.join(" ", args) + "\n" + r).isZero();
    return r.out();
  }
}

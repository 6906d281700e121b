package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.ModelRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry commands run in this JVM over file registries in a temporary directory: which
 * commands may create a registry, how errors name it, and tag, alias deletion, download and copy.
 */
class RegistryCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path model;

  @BeforeEach
  void writeAModel() throws IOException {
    model = Files.createDirectories(dir.resolve("src"));
    Files.writeString(model.resolve("model.onnx"), "weights");
    Files.writeString(Files.createDirectories(model.resolve("extra")).resolve("vocab.txt"), "a\nb\n");
  }

  private String registry(String name) {
    return "--registry=file:" + dir.resolve(name);
  }

  private String ok(String... args) {
    InProcess.Result r = InProcess.run(args);
    assertThat(r.exitCode()).as("mlops %s\n%s", String.join(" ", args), r).isZero();
    return r.out();
  }

  private void registerTwoVersions(String registry) {
    // Stand-in weights in a format the registry stores unchecked (an ONNX file must parse).
    ok(registry, "models", "register", "churn", "--file", model.toString(), "--format", "opaque", "--tag", "team=risk");
    ok(registry, "models", "register", "churn", "--file", model.resolve("model.onnx").toString(), "--format", "opaque");
  }

  @Nested
  class ReadingCommands {

    @Test
    void neverCreateARegistryAndSayThatNoneExists() {
      Path missing = dir.resolve("typo");
      List<List<String>> commands = List.of(
          List.of("models", "list"), List.of("models", "versions", "churn"),
          List.of("models", "show", "models:/churn/1"), List.of("audit"),
          List.of("models", "verify", "models:/churn/1", "--checksums-only"),
          List.of("models", "download", "models:/churn/1", "--to", dir.resolve("out").toString()),
          List.of("models", "copy", "models:/churn/1", "--to", "file:" + dir.resolve("prod")),
          List.of("models", "tag", "churn", "a=b"), List.of("models", "alias", "churn", "prod", "1"),
          List.of("models", "alias", "churn", "prod", "--delete"), List.of("models", "archive", "churn", "1"),
          List.of("models", "approve", "churn", "1"), List.of("models", "rollback", "churn"),
          List.of("approve", "churn", "1"), List.of("reject", "churn", "1", "--reason", "no"));
      for (List<String> command : commands) {
        List<String> args = new ArrayList<>(List.of("--registry=file:" + missing));
        args.addAll(command);

        InProcess.Result r = InProcess.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as("mlops %s\n%s", command, r).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(r.err()).as("mlops %s", command)
            .startsWith("mlops: No file registry exists at " + missing + " (no such directory)")
            .contains("--registry").doesNotContain("\tat ");
        assertThat(missing).as("mlops %s", command).doesNotExist();
      }
      assertThat(dir.resolve("prod")).doesNotExist();
      assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void registerCreatesTheRegistry() {
      ok(registry("new"), "models", "register", "churn", "--file", model.resolve("model.onnx").toString(),
          "--format", "opaque");

      assertThat(dir.resolve("new/mlops-registry.json")).isRegularFile();
    }

    @Test
    void notFoundErrorsNameTheRegistry() {
      registerTwoVersions(registry("reg"));

      InProcess.Result r = InProcess.run(registry("reg"), "models", "show", "models:/churn/7");

      assertThat(r.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).contains("'churn' has no version 7").contains("(registry file:" + dir.resolve("reg") + ")");
    }
  }

  @Nested
  class GlobalOptions {

    @Test
    void mayComeBeforeOrAfterTheCommandAndItsSubcommand() throws Exception {
      registerTwoVersions(registry("reg"));

      String before = ok(registry("reg"), "models", "versions", "churn", "--json");
      String afterCommand = ok("models", registry("reg"), "versions", "churn", "--json");
      String afterSubcommand = ok("models", "versions", "churn", "--json", "--registry", "file:" + dir.resolve("reg"));

      assertThat(JSON.readTree(before)).hasSize(2);
      assertThat(afterCommand).isEqualTo(before);
      assertThat(afterSubcommand).isEqualTo(before);
      InProcess.Result verbose = InProcess.run("models", "show", "models:/churn/7", registry("reg"), "--verbose");
      assertThat(verbose.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(verbose.err()).contains("(registry file:" + dir.resolve("reg") + ")").contains("\tat ");
    }

    @Test
    void aRegistryGivenBeforeAndAfterTheCommandIsAUsageError() {
      registerTwoVersions(registry("reg"));

      InProcess.Result r = InProcess.run(registry("reg"), "models", "list", registry("other"));

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USAGE);
      assertThat(r.err()).contains("--registry was given 2 times, to 'mlops' and to 'mlops models list':"
          + " give it once, before or after the command");
      assertThat(dir.resolve("other")).doesNotExist();
    }
  }

  @Nested
  class Tags {

    @Test
    void setAndDeleteTagsOfAModelAndOfAVersionEachAudited() throws Exception {
      String registry = registry("reg");
      registerTwoVersions(registry);

      assertThat(ok(registry, "models", "tag", "churn", "owner=risk", "tier=1"))
          .isEqualTo("churn tag owner=risk\nchurn tag tier=1\n");
      assertThat(ok(registry, "models", "tag", "churn", "--delete", "tier", "--delete", "absent"))
          .isEqualTo("churn tag tier deleted\nchurn tag absent was not set\n");
      assertThat(ok(registry, "models", "tag", "models:/churn/1", "stage=checked", "--delete", "team"))
          .isEqualTo("models:/churn/1 tag stage=checked\nmodels:/churn/1 tag team deleted\n");

      JsonNode models = JSON.readTree(ok(registry, "models", "list", "--json"));
      assertThat(models.get(0).get("tags").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asText())
          .containsExactly("owner=risk");
      JsonNode v1 = JSON.readTree(ok(registry, "models", "show", "models:/churn/1", "--json"));
      assertThat(v1.get("tags").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asText())
          .containsExactly("stage=checked");
      JsonNode audit = JSON.readTree(ok(registry, "audit", "churn", "--json"));
      assertThat(audit.findValuesAsText("action")).containsSubsequence("SET_TAG", "SET_TAG", "DELETE_TAG",
          "SET_TAG", "DELETE_TAG");
    }

    @Test
    void anInvalidKeyChangesNothingAndNoTagAtAllIsAUsageError() throws Exception {
      String registry = registry("reg");
      registerTwoVersions(registry);

      InProcess.Result r = InProcess.run(registry, "models", "tag", "models:/churn/2", "good=1", "bad key=2");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).contains("bad key");
      assertThat(JSON.readTree(ok(registry, "models", "show", "models:/churn/2", "--json")).get("tags").size()).isZero();

      assertThat(InProcess.run(registry, "models", "tag", "churn").exitCode()).isEqualTo(Main.EXIT_USAGE);
    }
  }

  @Nested
  class AliasDeletion {

    @Test
    void deleteRemovesTheAliasCompareAndSet() throws Exception {
      String registry = registry("reg");
      registerTwoVersions(registry);
      ok(registry, "models", "alias", "churn", "staging", "2");

      InProcess.Result stale = InProcess.run(registry, "models", "alias", "churn", "staging", "--delete", "--expect", "1");
      assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(stale.err()).contains("points to version 2");

      assertThat(ok(registry, "models", "alias", "churn", "staging", "--delete", "--expect", "2", "--reason", "done"))
          .isEqualTo("models:/churn@staging deleted (was 2)\n");
      assertThat(JSON.readTree(ok(registry, "models", "list", "--json")).get(0).get("aliases").size()).isZero();
      JsonNode last = lastAuditEntry(registry);
      assertThat(last.get("action").asText()).isEqualTo("DELETE_ALIAS");
      assertThat(last.get("reason").asText()).isEqualTo("done");

      InProcess.Result again = InProcess.run(registry, "models", "alias", "churn", "staging", "--delete");
      assertThat(again.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(again.err()).contains("alias 'staging'");
    }

    @Test
    void aVersionWithDeleteOrNeitherIsAUsageError() {
      String registry = registry("reg");
      registerTwoVersions(registry);

      for (String[] args : new String[][] {{"churn", "staging", "1", "--delete"}, {"churn", "staging"},
          {"churn", "staging", "--delete", "--expect", "none"}}) {
        List<String> command = new ArrayList<>(List.of(registry, "models", "alias"));
        command.addAll(List.of(args));
        InProcess.Result r = InProcess.run(command.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s\n%s", command, r).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("Usage: mlops models alias");
      }
    }
  }

  @Nested
  class Download {

    @Test
    void writesEveryFileAndRefusesToOverwrite() throws Exception {
      String registry = registry("reg");
      registerTwoVersions(registry);
      Path out = dir.resolve("out");

      assertThat(ok(registry, "models", "download", "models:/churn/1", "--to", out.toString()))
          .isEqualTo("Downloaded models:/churn/1 to " + out + ": 2 file(s), sizes and SHA-256 checksums verified\n");
      assertThat(out.resolve("model.onnx")).hasContent("weights");
      assertThat(out.resolve("extra/vocab.txt")).hasContent("a\nb\n");

      Files.writeString(out.resolve("model.onnx"), "mine");
      InProcess.Result r = InProcess.run(registry, "models", "download", "models:/churn/latest", "--to", out.toString());
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).contains(out.resolve("model.onnx") + " already exists");
      assertThat(out.resolve("model.onnx")).hasContent("mine");
      assertThat(entries(out)).containsExactlyInAnyOrder("extra", "extra/vocab.txt", "model.onnx");
    }

    @Test
    void aDamagedStoredFileIsRefusedAndNothingIsWritten() throws Exception {
      String registry = registry("reg");
      registerTwoVersions(registry);
      Path stored = dir.resolve("reg/models/churn/versions/1/artifact/extra/vocab.txt");
      stored.toFile().setWritable(true);
      Files.writeString(stored, "a\nc\n");
      Path out = dir.resolve("out");

      InProcess.Result r = InProcess.run(registry, "models", "download", "models:/churn/1", "--to", out.toString());

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).contains("'extra/vocab.txt'").contains("SHA-256");
      assertThat(out).doesNotExist();
    }
  }

  @Nested
  class Copy {

    @Test
    void copiesIntoAnotherRegistryAndMovesTheAlias() throws Exception {
      String registry = registry("dev");
      registerTwoVersions(registry);
      Path prod = dir.resolve("prod");

      assertThat(ok(registry, "models", "copy", "models:/churn/1", "--to", prod.toString(), "--alias", "production"))
          .isEqualTo("Copied models:/churn/1 to file:" + prod + " as models:/churn/1: models:/churn@production -> 1\n");

      JsonNode copy = JSON.readTree(ok("--registry", prod.toString(), "models", "show", "models:/churn@production",
          "--json"));
      JsonNode original = JSON.readTree(ok(registry, "models", "show", "models:/churn/1", "--json"));
      assertThat(copy.get("artifacts")).isEqualTo(original.get("artifacts"));
      assertThat(copy.get("tags").get("team").asText()).isEqualTo("risk");
      assertThat(copy.get("tags").get(ModelRegistries.TAG_COPIED_FROM).asText())
          .isEqualTo("file:" + dir.resolve("dev") + " models:/churn/1");
      assertThat(original.get("tags").get(ModelRegistries.TAG_COPIED_TO).asText())
          .isEqualTo("file:" + prod + " models:/churn/1");
      assertThat(lastAuditEntry("--registry=" + prod).get("reason").asText())
          .isEqualTo("copied from file:" + dir.resolve("dev") + " models:/churn/1");
    }

    @Test
    void aStaleExpectationKeepsTheCopyButNotTheAliasAndTheSameRegistryIsRefused() throws Exception {
      String registry = registry("dev");
      registerTwoVersions(registry);
      String prod = "file:" + dir.resolve("prod");
      ok(registry, "models", "copy", "models:/churn/2", "--to", prod, "--alias", "production");

      InProcess.Result r = InProcess.run(registry, "models", "copy", "models:/churn/1", "--to", prod,
          "--alias", "production", "--expect", "none");

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(r.err()).contains("points to version 1").contains("only the alias did not move");
      JsonNode model = JSON.readTree(ok("--registry=" + prod, "models", "list", "--json")).get(0);
      assertThat(model.get("latestVersion").asInt()).isEqualTo(2);
      assertThat(model.get("aliases").get("production").asInt()).isEqualTo(1);

      InProcess.Result same = InProcess.run(registry, "models", "copy", "models:/churn/1", "--to", dir.resolve("dev").toString());
      assertThat(same.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
      assertThat(same.err()).contains("names the --registry itself");
      assertThat(InProcess.run(registry, "models", "copy", "models:/churn/1", "--to", prod, "--expect", "1").exitCode())
          .isEqualTo(Main.EXIT_USAGE);
    }
  }

  private JsonNode lastAuditEntry(String registry) throws IOException {
    JsonNode audit = JSON.readTree(ok(registry, "audit", "--json"));
    return audit.get(audit.size() - 1);
  }

  private static List<String> entries(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).toList();
    }
  }
}

package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Registering versions: what is stored, what is read back, and what is refused. */
abstract class RegistrationContract extends ContractGroup {

  RegistrationContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void aSingleFileIsStoredUnderItsFileNameWithItsSizeAndSha256() {
    byte[] weights = randomBytes(10_000, 1);
    ModelVersion v = registry().register(RegistrationRequest.builder("churn")
        .artifact(newFile("model.onnx", weights)).format(OPAQUE).build());

    assertThat(v.artifacts()).containsExactly(ref("model.onnx", weights));
    assertThat(v.artifactSize()).isEqualTo(10_000);
  }

  @Test
  void aDirectoryIsStoredWithEveryNestedFileUnderItsRelativePath() {
    Map<String, byte[]> files = new TreeMap<>(Map.of(
        "config.json", bytes("{\"layers\": 3}"),
        "README", bytes("read me"),
        "weights/layer-1.bin", randomBytes(4096, 2),
        "weights/deep/layer-2.bin", randomBytes(1000, 3)));
    ModelVersion v = registry().register(RegistrationRequest.builder("churn")
        .artifact(newDirectory(files)).format(OPAQUE).build());

    List<ArtifactRef> expected = files.entrySet().stream()
        .map(e -> ref(e.getKey(), e.getValue()))
        .sorted(Comparator.comparing(ArtifactRef::path))
        .toList();
    assertThat(v.artifacts()).containsExactlyElementsOf(expected);
    assertThat(registry().getVersion("churn", 1).artifacts()).containsExactlyElementsOf(expected);
  }

  @Test
  void everyPartOfTheRequestIsReadBackUnchanged() {
    ModelSignature signature = richSignature();
    Lineage lineage = Lineage.builder()
        .datasetFingerprint("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .codeVersion("git:4b825dc")
        .configHash("cfg-77")
        .parentVersion(3)
        .seed(42L)
        .runId("run-2025-01-01")
        .trainingTime(Instant.parse("2025-01-01T10:00:00Z"), Instant.parse("2025-01-01T10:42:17.250Z"))
        .environment("djl", "0.36.0")
        .environment("jvm", "17")
        .property("team", "risk")
        .build();

    // A format the registry does not read: an ONNX file's signature would be checked against it.
    ModelVersion v = publish(RegistrationRequest.builder("churn")
        .artifact(newFile("model.bin", bytes("weights"))).format(OPAQUE)
        .signature(signature)
        .metric("roc_auc", 0.91)
        .metric("log_loss", 0.3125)
        .param("epochs", "20")
        .param("learning_rate", "0.001")
        .tag("stage", "candidate")
        .lineage(lineage)
        .description("Gradient-boosted churn model").build());

    assertThat(v.name()).isEqualTo("churn");
    assertThat(v.version()).isEqualTo(1);
    assertThat(v.format()).isEqualTo(OPAQUE);
    assertThat(v.signature()).isEqualTo(signature);
    assertThat(v.metrics()).isEqualTo(Map.of("roc_auc", 0.91, "log_loss", 0.3125));
    assertThat(v.params()).isEqualTo(Map.of("epochs", "20", "learning_rate", "0.001"));
    assertThat(v.tags()).isEqualTo(Map.of("stage", "candidate"));
    assertThat(v.lineage()).isEqualTo(lineage);
    assertThat(v.description()).isEqualTo("Gradient-boosted churn model");
    assertThat(registry().getVersion("churn", 1)).isEqualTo(v);
    assertThat(registry().resolve(ModelUri.latest("churn"))).isEqualTo(v);
  }

  @Test
  void aVersionWithoutOptionalPartsReadsBackWithoutThem() {
    // A format the registry does not read: an ONNX file would get the signature of its graph.
    ModelVersion v = publish(RegistrationRequest.builder("churn")
        .artifact(newFile("model.bin", bytes("weights"))).format(OPAQUE).build());

    assertThat(v.signature()).isNull();
    assertThat(v.description()).isNull();
    assertThat(v.lineage()).isEqualTo(Lineage.empty());
    assertThat(v.metrics()).isEmpty();
    assertThat(v.params()).isEmpty();
    assertThat(v.tags()).isEmpty();
    assertThat(registry().getVersion("churn", 1)).isEqualTo(v);
  }

  @Test
  void aFormatTheSdkDoesNotKnowIsKeptAsGiven() {
    ModelVersion v = registry().register(RegistrationRequest.builder("ranker")
        .artifact(newFile("model.json", bytes("{\"trees\": []}")))
        .format(ModelFormat.of("XGBoost-JSON")).build());

    assertThat(v.format().id()).isEqualTo("xgboost-json");
    assertThat(registry().getVersion("ranker", 1).format()).isEqualTo(ModelFormat.of("xgboost-json"));
  }

  @Test
  void aNewVersionIsReadyAndHasNoAliases() {
    ModelVersion v = register("churn");

    assertThat(v.status()).isEqualTo(ModelVersionStatus.READY);
    assertThat(v.aliases()).isEmpty();
    assertThat(v.uri()).isEqualTo(ModelUri.version("churn", 1));
  }

  @Test
  void theFirstRegistrationCreatesTheModel() {
    assertNoTraceOf("churn");

    ModelVersion v = register("churn");

    RegisteredModel model = registry().getModel("churn");
    assertThat(model.name()).isEqualTo("churn");
    assertThat(model.latestVersion()).isEqualTo(1);
    assertThat(model.aliases()).isEmpty();
    assertThat(model.tags()).isEmpty();
    assertThat(model.createdAt()).isEqualTo(v.createdAt());
    assertThat(model.updatedAt()).isEqualTo(v.createdAt());
  }

  @Test
  void anArtifactThatDoesNotExistIsRejected() {
    Path missing = fixture().newDirectory().resolve("nothing-here.onnx");

    thrownBy(InvalidArtifactException.class, () -> registry().register(
        RegistrationRequest.builder("churn").artifact(missing).format(ModelFormat.ONNX).build()));
    assertNoTraceOf("churn");
  }

  @Test
  void anEmptyDirectoryIsRejected() {
    Path empty = fixture().newDirectory();

    thrownBy(InvalidArtifactException.class, () -> registry().register(
        RegistrationRequest.builder("churn").artifact(empty).format(ModelFormat.ONNX).build()));
    assertNoTraceOf("churn");
  }

  @Test
  void aDirectoryHoldingOnlyEmptyDirectoriesIsRejected() {
    Path dir = fixture().newDirectory();
    try {
      Files.createDirectories(dir.resolve("a/b"));
      Files.createDirectories(dir.resolve("c"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    thrownBy(InvalidArtifactException.class, () -> registry().register(
        RegistrationRequest.builder("churn").artifact(dir).format(ModelFormat.ONNX).build()));
    assertNoTraceOf("churn");
  }

  @Test
  void aSymbolicLinkToAFileOutsideTheDirectoryIsRejected() {
    Path secret = newFile("secret.txt", bytes("not for publication"));
    Path dir = newDirectory(Map.of("model.onnx", bytes("weights")));
    symbolicLink(dir.resolve("leak.txt"), secret);

    InvalidArtifactException e = thrownBy(InvalidArtifactException.class, () -> registry().register(
        RegistrationRequest.builder("churn").artifact(dir).format(ModelFormat.ONNX).build()));
    assertThat(e.getMessage()).contains("leak.txt");
    assertNoTraceOf("churn");
  }

  @Test
  void aSymbolicLinkToADirectoryOutsideIsRejected() {
    Path outside = newDirectory(Map.of("private.key", bytes("secret")));
    Path dir = newDirectory(Map.of("model.onnx", bytes("weights")));
    symbolicLink(dir.resolve("escape"), outside);

    thrownBy(InvalidArtifactException.class, () -> registry().register(
        RegistrationRequest.builder("churn").artifact(dir).format(ModelFormat.ONNX).build()));
    assertNoTraceOf("churn");
  }

  @Test
  void aSymbolicLinkToAFileInsideTheDirectoryIsStoredAsThatFile() {
    byte[] weights = randomBytes(512, 4);
    Path dir = newDirectory(Map.of("weights.bin", weights));
    symbolicLink(dir.resolve("alias.bin"), dir.resolve("weights.bin"));

    ModelVersion v = registry().register(
        RegistrationRequest.builder("churn").artifact(dir).format(OPAQUE).build());

    assertThat(v.artifacts()).containsExactly(ref("alias.bin", weights), ref("weights.bin", weights));
  }

  @Test
  void aRejectedRegistrationUsesUpNoVersionNumber() {
    register("churn");
    Path missing = fixture().newDirectory().resolve("missing.onnx");
    thrownBy(InvalidArtifactException.class, () -> registry().register(
        RegistrationRequest.builder("churn").artifact(missing).format(ModelFormat.ONNX).build()));

    assertThat(register("churn").version()).isEqualTo(2);
    assertThat(versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(auditLog("churn")).extracting(AuditEntry::action)
        .containsExactly(AuditAction.REGISTER_VERSION, AuditAction.REGISTER_VERSION);
  }

  private static ModelSignature richSignature() {
    return ModelSignature.of(
        List.of(
            FieldSpec.scalar("age", DataType.INT32),
            FieldSpec.scalar("balance", DataType.FLOAT64).asOptional(),
            FieldSpec.scalar("active", DataType.BOOLEAN),
            FieldSpec.categorical("plan", List.of("basic", "premium")),
            FieldSpec.tensor("embedding", DataType.FLOAT32, -1, 2).allowingNonFinite(),
            new FieldSpec("tenure", DataType.INT64, List.of(), false, false, List.of(),
                "months since sign-up")),
        List.of(FieldSpec.tensor("churn_probability", DataType.FLOAT32, -1, 2)
            .withCategories(List.of("stays", "churns"))))
        .withInputExample(List.of(
            Map.of("age", 42, "balance", 1234.5, "active", true, "plan", "premium",
                "embedding", List.of(0.5, -1.25), "tenure", 17),
            Map.of("age", 23, "active", false, "plan", "basic",
                "embedding", List.of(0.0, 2.0), "tenure", 2)));
  }
}

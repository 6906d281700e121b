package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.VersionConflictException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelRegistries#copy}: a version moves between registries of any kind, whole and recorded. */
class RegistryCopyTest {

  private static final String STORE = "registry-copy-test";

  @TempDir Path dir;

  private FileModelRegistry dev;
  private ModelVersion original;

  @BeforeEach
  void registerTheSource() throws IOException {
    dev = FileModelRegistry.builder().root(dir.resolve("dev")).actor("alice").pollInterval(Duration.ZERO).open();
    Path model = Files.createDirectories(dir.resolve("src/model"));
    Files.writeString(model.resolve("model.onnx"), "weights");
    Files.createDirectories(model.resolve("extra"));
    Files.writeString(model.resolve("extra/vocab.txt"), "a\nb\n");
    ModelSignature signature = ModelSignature.of(
            List.of(FieldSpec.scalar("age", DataType.FLOAT64), FieldSpec.categorical("plan", List.of("a", "b"))),
            List.of(FieldSpec.scalar("churn", DataType.FLOAT32)))
        .withInputExample(List.of(Map.of("age", 41.5, "plan", "a")));
    Lineage lineage = Lineage.builder().datasetFingerprint("abc").codeVersion("g123").seed(7)
        .trainingTime(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"))
        .environment("jvm", "17").property("note", "x").build();
    // Stand-in weights in a format the registries store unchecked (an ONNX file must parse).
    original = dev.register(RegistrationRequest.builder("churn").artifact(model).format(ModelFormat.of("opaque"))
        .signature(signature).metric("auc", 0.91).param("epochs", "20").tag("team", "risk")
        .lineage(lineage).description("first").build());
  }

  @AfterEach
  void close() {
    dev.close();
    InMemoryModelRegistry.discardSharedStore(STORE);
  }

  @Test
  void aCopyIntoAnotherFileRegistryCarriesEverythingButTheNumberAndIsRecordedOnBothSides() throws IOException {
    try (FileModelRegistry prod = FileModelRegistry.builder().root(dir.resolve("prod")).actor("bob")
        .pollInterval(Duration.ZERO).open()) {
      prod.register(InMemoryModelRegistryTest.request("churn", dir, "older"));

      ModelVersion copy = ModelRegistries.copy(dev, original.uri(), prod);

      assertThat(copy.version()).isEqualTo(2);
      assertThat(copy.createdBy()).isEqualTo("bob");
      assertThat(copy.artifacts()).isEqualTo(original.artifacts());
      assertThat(copy).extracting(ModelVersion::format, ModelVersion::signature, ModelVersion::metrics,
              ModelVersion::params, ModelVersion::description)
          .containsExactly(original.format(), original.signature(), original.metrics(), original.params(),
              original.description());
      assertThat(copy.signature().inputExample()).isEqualTo(original.signature().inputExample());
      assertThat(copy.tags()).containsEntry("team", "risk")
          .containsEntry(ModelRegistries.TAG_COPIED_FROM, dev.location() + " models:/churn/1");
      assertThat(copy.lineage().properties()).containsEntry("note", "x")
          .containsEntry(ModelRegistries.LINEAGE_COPIED_FROM_REGISTRY, dev.location().toString())
          .containsEntry(ModelRegistries.LINEAGE_COPIED_FROM_VERSION, "models:/churn/1");
      assertThat(copy.lineage()).usingRecursiveComparison().ignoringFields("properties")
          .isEqualTo(original.lineage());
      try (ModelArtifact artifact = prod.openArtifact("churn", 2)) {
        assertThat(artifact.file("extra/vocab.txt")).hasContent("a\nb\n");
        assertThat(artifact.file("model.onnx")).hasContent("weights");
      }

      assertThat(lastEntry(prod)).extracting(AuditEntry::action, AuditEntry::version, AuditEntry::key,
              AuditEntry::after)
          .containsExactly(AuditAction.SET_TAG, 2, ModelRegistries.TAG_COPIED_FROM,
              dev.location() + " models:/churn/1");
      assertThat(lastEntry(dev)).extracting(AuditEntry::action, AuditEntry::version, AuditEntry::key,
              AuditEntry::after)
          .containsExactly(AuditAction.SET_TAG, 1, ModelRegistries.TAG_COPIED_TO,
              prod.location() + " models:/churn/2");
    }
  }

  @Test
  void aCopyIntoMemoryMovesTheAliasCompareAndSetAndALostRaceKeepsTheCopy() {
    try (ModelRegistry prod = ModelRegistries.open("memory:" + STORE)) {
      ModelVersion first = ModelRegistries.copy(dev, ModelUri.parse("models:/churn/latest"), prod,
          "production", AliasPrecondition.absent());

      assertThat(first.aliases()).containsExactly("production");
      assertThat(lastEntry(prod)).extracting(AuditEntry::action, AuditEntry::reason)
          .containsExactly(AuditAction.SET_ALIAS, "copied from " + dev.location() + " models:/churn/1");

      assertThatThrownBy(() -> ModelRegistries.copy(dev, original.uri(), prod, "production",
          AliasPrecondition.absent()))
          .isInstanceOf(VersionConflictException.class).hasMessageContaining("points to version 1");
      assertThat(prod.getVersion("churn", 2).tags()).containsKey(ModelRegistries.TAG_COPIED_FROM);
      assertThat(prod.resolve("models:/churn@production").version()).isEqualTo(1);
    }
  }

  @Test
  void theCopyRecordsOfTheSourceAreNotCarriedAlong() {
    try (ModelRegistry stage = ModelRegistries.open("memory:" + STORE);
        FileModelRegistry prod = FileModelRegistry.builder().root(dir.resolve("prod")).pollInterval(Duration.ZERO)
            .open()) {
      ModelVersion staged = ModelRegistries.copy(dev, original.uri(), stage);

      ModelVersion promoted = ModelRegistries.copy(stage, staged.uri(), prod);
      assertThat(promoted.tags()).containsEntry(ModelRegistries.TAG_COPIED_FROM, "memory:" + STORE + " models:/churn/1");
      assertThat(lastEntry(prod).before()).as("the copy was registered without the stage's own record").isNull();
      assertThat(promoted.lineage().properties())
          .containsEntry(ModelRegistries.LINEAGE_COPIED_FROM_REGISTRY, "memory:" + STORE);

      ModelVersion direct = ModelRegistries.copy(dev, original.uri(), prod);
      assertThat(direct.tags()).doesNotContainKey(ModelRegistries.TAG_COPIED_TO);
    }
  }

  @Test
  void aPasswordInASourceLocationIsMaskedInTheLineageAndTheTags() {
    ModelRegistry withPassword = new ForwardingModelRegistry(dev) {
      @Override
      public URI location() {
        return URI.create("jdbc:postgresql://ci:s3cret@db/mlops");
      }
    };
    try (ModelRegistry prod = ModelRegistries.open("memory:" + STORE)) {
      ModelVersion copy = ModelRegistries.copy(withPassword, original.uri(), prod);

      assertThat(copy.lineage().properties())
          .containsEntry(ModelRegistries.LINEAGE_COPIED_FROM_REGISTRY, "jdbc:postgresql://ci:***@db/mlops");
      assertThat(copy.tags().get(ModelRegistries.TAG_COPIED_FROM)).doesNotContain("s3cret");
      assertThat(prod.auditLog(null, PageRequest.first()).items()).allSatisfy(e ->
          assertThat(String.valueOf(e.after()) + e.reason()).doesNotContain("s3cret"));
    }
  }

  @Test
  void bytesThatChangeOnTheWayAreRefusedAndTheCopyIsArchived() throws IOException {
    Path tampered = Files.createDirectories(dir.resolve("tampered"));
    Files.writeString(tampered.resolve("model.onnx"), "weightz");
    Files.writeString(Files.createDirectories(tampered.resolve("extra")).resolve("vocab.txt"), "a\nb\n");
    ModelRegistry changing = new ForwardingModelRegistry(dev) {
      @Override
      public ModelArtifact openArtifact(String name, int version) {
        ModelArtifact verified = delegate.openArtifact(name, version);
        return new ModelArtifact() {
          @Override
          public ModelVersion version() {
            return verified.version();
          }

          @Override
          public Path directory() {
            return tampered;
          }

          @Override
          public void close() {
            verified.close();
          }
        };
      }
    };
    try (ModelRegistry prod = ModelRegistries.open("memory:" + STORE)) {
      assertThatThrownBy(() -> ModelRegistries.copy(changing, original.uri(), prod, "production",
          AliasPrecondition.any()))
          .isInstanceOf(ArtifactIntegrityException.class)
          .hasMessageContaining("'model.onnx'").hasMessageContaining("SHA-256").hasMessageContaining("archived");

      ModelVersion refused = prod.getVersion("churn", 1);
      assertThat(refused.status()).isEqualTo(ModelVersionStatus.ARCHIVED);
      assertThat(refused.aliases()).isEmpty();
      assertThat(dev.getVersion("churn", 1).tags()).doesNotContainKey(ModelRegistries.TAG_COPIED_TO);
    }
  }

  @Test
  void copyingIntoTheSameRegistryOrAMissingVersionFailsBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> ModelRegistries.copy(dev, original.uri(), dev))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same registry");
    try (ModelRegistry prod = ModelRegistries.open("memory:" + STORE)) {
      assertThatThrownBy(() -> ModelRegistries.copy(dev, ModelUri.parse("models:/churn/7"), prod))
          .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("version 7");
      assertThat(prod.listModels(PageRequest.first()).items()).isEmpty();
    }
    assertThat(dev.auditLog(null, PageRequest.first()).items()).hasSize(1);
  }

  private static AuditEntry lastEntry(ModelRegistry registry) {
    List<AuditEntry> entries = registry.auditLog(null, PageRequest.first(1000)).items();
    return entries.get(entries.size() - 1);
  }
}

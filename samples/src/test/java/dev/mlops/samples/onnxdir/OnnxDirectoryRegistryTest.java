package dev.mlops.samples.onnxdir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxDirectoryRegistryTest {

  @TempDir Path root;

  @Test
  void theSchemeFindsTheProviderThroughTheServiceLoader() {
    try (ModelRegistry registry = ModelRegistries.open("onnxdir:" + root)) {
      assertThat(registry).isInstanceOf(OnnxDirectoryRegistry.class);
      assertThat(((OnnxDirectoryRegistry) registry).root()).isEqualTo(root.toAbsolutePath());
      assertThat(registry.location().toString()).isEqualTo("onnxdir:" + root);
    }
  }

  @Test
  void eachFileNumberedInAModelDirectoryIsAVersion() throws IOException {
    write("churn/1.onnx", "one");
    write("churn/3.onnx", "three");
    write("churn/notes.txt", "ignored");
    write("churn/03.onnx", "ignored: not a version number");
    write("fraud/1.onnx", "fraud");
    write("empty/readme.md", "a directory without versions is no model");
    write(".hidden/1.onnx", "not a valid model name");

    try (ModelRegistry registry = ModelRegistries.open("onnxdir:" + root)) {
      assertThat(registry.listModels(PageRequest.first()).items()).extracting(RegisteredModel::name)
          .containsExactly("churn", "fraud");
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(3);
      assertThat(registry.listVersions("churn", PageRequest.first()).items())
          .extracting(ModelVersion::version).containsExactly(1, 3);
      ModelVersion latest = registry.resolve("models:/churn/latest");
      assertThat(latest.version()).isEqualTo(3);
      assertThat(latest.format()).isEqualTo(ModelFormat.ONNX);
      assertThat(latest.artifacts()).singleElement().satisfies(ref -> {
        assertThat(ref.path()).isEqualTo("model.onnx");
        assertThat(ref.size()).isEqualTo(5);
      });
      assertThat(((ModelNotFoundException) catchNotFound(() -> registry.getVersion("churn", 2)))
          .reference()).isEqualTo("version 2");
      assertThat(((ModelNotFoundException) catchNotFound(() -> registry.getModel("empty")))
          .reference()).isNull();
    }
  }

  @Test
  void aFileCopiedInIsVisibleAtOnce() throws IOException {
    write("churn/1.onnx", "one");
    try (ModelRegistry registry = ModelRegistries.open("onnxdir:" + root)) {
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(1);

      write("churn/2.onnx", "two");

      assertThat(registry.resolve("models:/churn/latest").version()).isEqualTo(2);
    }
  }

  @Test
  void anOpenedArtifactIsAVerifiedCopyDeletedOnClose() throws IOException {
    write("churn/1.onnx", "weights");
    try (ModelRegistry registry = ModelRegistries.open("onnxdir:" + root)) {
      Path copy;
      try (ModelArtifact artifact = registry.openArtifact("churn", 1)) {
        copy = artifact.file("model.onnx");
        assertThat(copy).hasContent("weights");
        assertThat(copy.startsWith(root)).isFalse();
      }
      assertThat(copy).doesNotExist();
    }
  }

  @Test
  void aFileChangedAfterItsChecksumWasPinnedIsDetected() throws IOException {
    write("churn/1.onnx", "weights");
    write("churn/1.onnx.sha256", Checksums.sha256(root.resolve("churn/1.onnx")) + "  1.onnx\n");
    write("churn/1.onnx", "weightz");

    try (ModelRegistry registry = ModelRegistries.open("onnxdir:" + root)) {
      assertThatThrownBy(() -> registry.openArtifact("churn", 1))
          .isInstanceOfSatisfying(ArtifactIntegrityException.class, e -> {
            assertThat(e.modelName()).isEqualTo("churn");
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.file()).isEqualTo("model.onnx");
          })
          .hasMessageContaining("SHA-256");
    }
  }

  @Test
  void everyChangeIsRefusedNamingTheDirectoryAndWhatToDoInstead() throws IOException {
    write("churn/1.onnx", "one");
    Path source = write("source/model.onnx", "new");
    try (ModelRegistry registry = ModelRegistries.open("onnxdir:" + root)) {
      ThrowingCallable[] changes = {
          () -> registry.register(RegistrationRequest.builder("churn").artifact(source)
              .format(ModelFormat.ONNX).build()),
          () -> registry.setModelTag("churn", "team", "growth"),
          () -> registry.deleteModelTag("churn", "team"),
          () -> registry.setVersionTag("churn", 1, "k", "v"),
          () -> registry.deleteVersionTag("churn", 1, "k"),
          () -> registry.setAlias("churn", "production", 1, AliasPrecondition.any(), null),
          () -> registry.deleteAlias("churn", "production", AliasPrecondition.any(), null),
          () -> registry.archiveVersion("churn", 1, null)};
      for (ThrowingCallable change : changes) {
        assertThatThrownBy(change).isInstanceOf(UnsupportedOperationException.class)
            .hasMessageContaining("read-only").hasMessageContaining(root.toString())
            .hasMessageContaining("N.onnx");
      }
      assertThat(registry.auditLog(null, PageRequest.first()).items()).isEmpty();
      assertThat(registry.getModel("churn").aliases()).isEmpty();
    }
    assertThat(root.resolve("churn")).isDirectoryContaining(p -> p.endsWith("1.onnx"));
    try (var files = Files.list(root.resolve("churn"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aMissingDirectoryIsReportedWhenOpening() {
    assertThatThrownBy(() -> ModelRegistries.open("onnxdir:" + root.resolve("missing")))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("missing");
  }

  private static Throwable catchNotFound(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(ModelNotFoundException.class);
    return t;
  }

  private Path write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}

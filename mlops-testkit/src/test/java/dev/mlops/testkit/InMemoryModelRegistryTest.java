package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the in-memory registry does beyond the contract: shared and private stores, temporary copies. */
class InMemoryModelRegistryTest {

  private static final String STORE = "in-memory-registry-test";

  @TempDir Path dir;

  @AfterEach
  void forgetTheStore() {
    InMemoryModelRegistry.discardSharedStore(STORE);
  }

  static RegistrationRequest request(String model, Path dir, String content) throws IOException {
    Path file = Files.createTempDirectory(dir, "src").resolve("model.onnx");
    Files.writeString(file, content);
    return RegistrationRequest.builder(model).artifact(file).format(ModelFormat.of("opaque")).build();
  }

  @Test
  void registriesOpenedOnTheSameNameShareTheirData() throws IOException {
    try (ModelRegistry writer = ModelRegistries.open("memory:" + STORE);
        ModelRegistry reader = ModelRegistries.open("memory:" + STORE)) {
      writer.register(request("churn", dir, "v1"));
      writer.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);

      assertThat(reader.resolve("models:/churn@production").version()).isEqualTo(1);
      assertThat(reader.auditLog(null, PageRequest.first()).items()).hasSize(2);
    }
  }

  @Test
  void dataOfASharedStoreOutlivesTheRegistriesOpenedOnIt() throws IOException {
    try (ModelRegistry first = ModelRegistries.open("memory:" + STORE)) {
      first.register(request("churn", dir, "v1"));
    }
    try (ModelRegistry second = ModelRegistries.open("memory:" + STORE)) {
      assertThat(second.getModel("churn").latestVersion()).isEqualTo(1);
    }
  }

  @Test
  void discardingASharedStoreStartsTheNameAfresh() throws IOException {
    try (ModelRegistry first = ModelRegistries.open("memory:" + STORE)) {
      first.register(request("churn", dir, "v1"));
      assertThat(InMemoryModelRegistry.discardSharedStore(STORE)).isTrue();

      try (ModelRegistry second = ModelRegistries.open("memory:" + STORE)) {
        assertThatThrownBy(() -> second.getModel("churn")).isInstanceOf(ModelNotFoundException.class);
      }
      assertThat(first.getModel("churn").latestVersion()).isEqualTo(1);
    }
    assertThat(InMemoryModelRegistry.discardSharedStore(STORE)).isTrue();
    assertThat(InMemoryModelRegistry.discardSharedStore(STORE)).isFalse();
  }

  @Test
  void listenersHearChangesMadeThroughAnotherRegistryOnTheStore() throws IOException {
    try (ModelRegistry deployment = ModelRegistries.open("memory:" + STORE);
        ModelRegistry trainer = ModelRegistries.open("memory:" + STORE)) {
      RecordingListener listener = new RecordingListener();
      deployment.subscribe(listener);

      trainer.register(request("churn", dir, "v1"));
      trainer.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);

      assertThat(listener.awaitCount(2).get(1))
          .isEqualTo(new RegistryEvent.AliasMoved("churn", "production", null, 1));
      assertThat(listener.threads()).doesNotContain(Thread.currentThread());
    }
  }

  @Test
  void closingOneRegistryLeavesTheOthersOnTheStoreWorking() throws IOException {
    ModelRegistry closed = ModelRegistries.open("memory:" + STORE);
    try (ModelRegistry open = ModelRegistries.open("memory:" + STORE)) {
      closed.close();
      open.register(request("churn", dir, "v1"));
      assertThat(open.getModel("churn").latestVersion()).isEqualTo(1);
    }
  }

  @Test
  void privateRegistriesShareNothing() throws IOException {
    try (InMemoryModelRegistry a = new InMemoryModelRegistry();
        InMemoryModelRegistry b = InMemoryModelRegistry.builder().build()) {
      a.register(request("churn", dir, "v1"));

      assertThat(b.listModels(PageRequest.first()).items()).isEmpty();
      assertThat(a.location()).isNotEqualTo(b.location());
    }
  }

  @Test
  void aPrivateRegistrysLocationCannotBeOpenedByUri() {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      assertThat(registry.location().getScheme()).isEqualTo("memory");
      assertThatThrownBy(() -> ModelRegistries.open(registry.location().toString()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anOpenedArtifactIsATemporaryCopyDeletedOnClose() throws IOException {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      registry.register(request("churn", dir, "weights"));
      Path copy;
      try (ModelArtifact artifact = registry.openArtifact("churn", 1)) {
        copy = artifact.directory();
        assertThat(Files.readString(artifact.file("model.onnx"), StandardCharsets.UTF_8))
            .isEqualTo("weights");
      }
      assertThat(copy).doesNotExist();
    }
  }

  @Test
  void corruptingAnEmptyFileIsDetectedToo() throws IOException {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      registry.register(request("churn", dir, ""));
      registry.corruptStoredFile("churn", 1, "model.onnx");

      assertThatThrownBy(() -> registry.openArtifact("churn", 1))
          .isInstanceOf(ArtifactIntegrityException.class)
          .hasMessageContaining("model.onnx")
          .hasMessageContaining("size");
    }
  }

  @Test
  void corruptingAFileTheVersionDoesNotHaveIsAnIllegalArgument() throws IOException {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      registry.register(request("churn", dir, "weights"));

      assertThatThrownBy(() -> registry.corruptStoredFile("churn", 1, "other.bin"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other.bin")
          .hasMessageContaining("model.onnx");
      assertThatThrownBy(() -> registry.corruptStoredFile("churn", 2, "model.onnx"))
          .isInstanceOf(ModelNotFoundException.class);
    }
  }

  @Test
  void theBuilderRefusesRepeatedAndInvalidSettings() {
    assertThatThrownBy(
            () -> InMemoryModelRegistry.builder().clock(new ManualClock()).clock(new ManualClock()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("clock");
    assertThatThrownBy(() -> InMemoryModelRegistry.builder().actor("a").actor("b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("actor");
    assertThatThrownBy(() -> InMemoryModelRegistry.builder().actor(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryModelRegistry.builder().sharedStore("../x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
    assertThatThrownBy(() -> InMemoryModelRegistry.builder().sharedStore("a").sharedStore("b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theBuilderCanAttachToASharedStoreWithAManualClock() throws IOException {
    ManualClock clock = new ManualClock();
    try (InMemoryModelRegistry timed =
            InMemoryModelRegistry.builder().sharedStore(STORE).clock(clock).build();
        ModelRegistry plain = ModelRegistries.open("memory:" + STORE)) {
      clock.advance(Duration.ofDays(1));
      timed.register(request("churn", dir, "v1"));

      assertThat(plain.getVersion("churn", 1).createdAt())
          .isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofDays(1)));
    }
  }

  @Test
  void closingTwiceIsHarmless() {
    InMemoryModelRegistry registry = new InMemoryModelRegistry();
    registry.close();
    registry.close();
    assertThat(registry.toString()).contains("closed");
  }
}

package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Opening artifacts: the files handed out are exactly the files registered. */
abstract class ArtifactContract extends ContractGroup {

  private static final Map<String, byte[]> FILES = new TreeMap<>(Map.of(
      "config.json", bytes("{\"inputs\": 4}"),
      "weights/layer-1.bin", randomBytes(70_000, 11),
      "weights/deep/layer-2.bin", randomBytes(3_000, 12),
      "empty.txt", new byte[0]));

  ArtifactContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Test
  void anOpenedArtifactHoldsExactlyTheRegisteredFiles() {
    ModelVersion registered = registerDirectory("churn");

    try (ModelArtifact artifact = registry().openArtifact("churn", 1)) {
      assertThat(artifact.version()).isEqualTo(registry().getVersion("churn", 1));
      assertThat(artifact.files()).isEqualTo(registered.artifacts());
      assertThat(regularFilesUnder(artifact.directory())).containsExactlyInAnyOrderElementsOf(FILES.keySet());
      for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
        assertThat(read(artifact.file(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        try (InputStream in = artifact.open(f.getKey())) {
          assertThat(in.readAllBytes()).as(f.getKey()).isEqualTo(f.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void artifactsCanBeOpenedByAnyKindOfUri() {
    register("churn");
    ModelVersion second = registerDirectory("churn");
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);

    for (ModelUri uri : new ModelUri[] {
        ModelUri.version("churn", 2), ModelUri.alias("churn", "production"), ModelUri.latest("churn")}) {
      try (ModelArtifact artifact = registry().openArtifact(uri)) {
        assertThat(artifact.version().version()).as(uri.toString()).isEqualTo(2);
        assertThat(artifact.files()).as(uri.toString()).isEqualTo(second.artifacts());
        assertThat(read(artifact.file("weights/layer-1.bin"))).isEqualTo(FILES.get("weights/layer-1.bin"));
      }
    }
  }

  @Test
  void theRegistryKeepsItsOwnCopyOfTheSource() {
    byte[] original = randomBytes(2_000, 13);
    Path source = newFile("model.onnx", original);
    registry().register(
        RegistrationRequest.builder("churn").artifact(source).format(OPAQUE).build());

    write(source, bytes("changed after registration"));
    try (ModelArtifact artifact = registry().openArtifact("churn", 1)) {
      assertThat(read(artifact.file("model.onnx"))).isEqualTo(original);
    }

    deleteTree(Objects.requireNonNull(source.getParent()));

    try (ModelArtifact artifact = registry().openArtifact("churn", 1)) {
      assertThat(read(artifact.file("model.onnx"))).isEqualTo(original);
    }
  }

  @Test
  void anArchivedVersionsArtifactCanStillBeOpened() {
    registerDirectory("churn");
    register("churn");
    registry().archiveVersion("churn", 1, null);

    try (ModelArtifact artifact = registry().openArtifact("churn", 1)) {
      assertThat(read(artifact.file("config.json"))).isEqualTo(FILES.get("config.json"));
    }
  }

  @Test
  void aFileTheVersionDoesNotHaveIsAnIllegalArgument() {
    registerDirectory("churn");

    try (ModelArtifact artifact = registry().openArtifact("churn", 1)) {
      thrownBy(IllegalArgumentException.class, () -> artifact.file("weights/missing.bin"));
      thrownBy(IllegalArgumentException.class, () -> artifact.open("../config.json"));
    }
  }

  @Test
  void aClosedArtifactRefusesAccess() {
    registerDirectory("churn");
    ModelArtifact artifact = registry().openArtifact("churn", 1);
    artifact.close();

    thrownBy(IllegalStateException.class, artifact::directory);
    thrownBy(IllegalStateException.class, () -> artifact.file("config.json"));
  }

  @Test
  void oneVersionMayBeOpenedSeveralTimesAtOnce() {
    registerDirectory("churn");
    ModelArtifact first = registry().openArtifact("churn", 1);
    try (ModelArtifact second = registry().openArtifact("churn", 1)) {
      first.close();
      assertThat(read(second.file("config.json"))).isEqualTo(FILES.get("config.json"));
    }
  }

  @Test
  void openingAMissingVersionOrModelIsNotFound() {
    register("churn");

    assertThat(thrownBy(ModelNotFoundException.class, () -> registry().openArtifact("churn", 2))
        .reference()).contains("2");
    assertThat(thrownBy(ModelNotFoundException.class, () -> registry().openArtifact("fraud", 1))
        .reference()).isNull();
    thrownBy(ModelNotFoundException.class,
        () -> registry().openArtifact(ModelUri.alias("churn", "production")));
  }

  private ModelVersion registerDirectory(String model) {
    return publish(RegistrationRequest.builder(model)
        .artifact(newDirectory(FILES)).format(OPAQUE).build());
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> regularFilesUnder(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

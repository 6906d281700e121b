package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spark.internal.PinnedVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an executor checks before loading the version the driver pinned. */
class PinnedVersionTest {

  @TempDir
  Path root;

  @Test
  void anExecutorRegistryDescribingTheSameArtifactIsAccepted() {
    try (ModelRegistry registry = ModelRegistries.open(root.toUri().toString())) {
      ModelVersion v = ChurnData.register(registry, "churn", "churn-v1.onnx");

      PinnedVersion pinned = PinnedVersion.of(v);

      assertThat(pinned.uri()).isEqualTo(ModelUri.version("churn", 1));
      assertThatCode(() -> pinned.requireSameArtifact(registry.getVersion("churn", 1)))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void anExecutorRegistryDescribingAnotherArtifactIsRefusedNamingVersionAndFile() {
    try (ModelRegistry registry = ModelRegistries.open(root.toUri().toString())) {
      ModelVersion v = ChurnData.register(registry, "churn", "churn-v1.onnx");
      ArtifactRef file = v.artifacts().get(0);
      PinnedVersion pinned = PinnedVersion.of(v);

      ModelVersion otherWeights = withArtifacts(v,
          List.of(new ArtifactRef(file.path(), file.size(), "0".repeat(64))));
      List<ArtifactRef> extra = new ArrayList<>(v.artifacts());
      extra.add(new ArtifactRef("notes.txt", 5, "1".repeat(64)));

      assertThatThrownBy(() -> pinned.requireSameArtifact(otherWeights))
          .isInstanceOfSatisfying(ArtifactIntegrityException.class, e -> {
            assertThat(e.modelName()).isEqualTo("churn");
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.file()).isEqualTo(file.path());
          })
          .hasMessageContaining("the driver and the executors must open the same registry");
      assertThatThrownBy(() -> pinned.requireSameArtifact(withArtifacts(v, extra)))
          .isInstanceOfSatisfying(ArtifactIntegrityException.class,
              e -> assertThat(e.file()).isEqualTo("notes.txt"));
      assertThatThrownBy(() -> pinned.requireSameArtifact(withArtifacts(v,
          List.of(new ArtifactRef("renamed.onnx", file.size(), file.sha256())))))
          .isInstanceOfSatisfying(ArtifactIntegrityException.class,
              e -> assertThat(e.file()).isEqualTo(file.path()))
          .hasMessageContaining("no such file");
    }
  }

  private static ModelVersion withArtifacts(ModelVersion v, List<ArtifactRef> artifacts) {
    return new ModelVersion(v.name(), v.version(), v.format(), artifacts, v.signature(),
        v.metrics(), v.params(), v.tags(), v.lineage(), v.status(), v.aliases(),
        v.description(), v.createdAt(), v.createdBy());
  }
}

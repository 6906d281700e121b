package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

  static InMemoryModelRegistry registry;
  static DjlPredictors predictors;
  static ModelUri onnxV1;
  static ModelUri torchV2;

  @BeforeAll
  static void open() {
    registry = new InMemoryModelRegistry();
    ModelVersion a = ChurnFixtures.register(registry, "cached", "churn-v1.onnx");
    ModelVersion b = ChurnFixtures.register(registry, "cached", "churn-v2.pt");
    onnxV1 = a.uri();
    torchV2 = b.uri();
    predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  @Test
  void versionsAreLoadedOnFirstUseAndServeTheirOwnScores() {
    try (ModelCache cache = predictors.modelCache().maximumModels(4).build()) {
      assertThat(cache.loadedVersions()).isEmpty();
      assertPredicts(cache, onnxV1, "v1");
      assertPredicts(cache, torchV2, "v2");
      assertThat(cache.loadedVersions()).containsExactly(onnxV1, torchV2);
      assertThat(cache.predict(ModelUri.latest("cached"), ChurnFixtures.rows().get(0)).version())
          .isEqualTo(2);
    }
  }

  @Test
  void theCountBoundHoldsAndEvictedVersionsReloadOnDemand() {
    try (ModelCache cache = predictors.modelCache().maximumModels(1).build()) {
      for (int round = 0; round < 3; round++) {
        assertPredicts(cache, onnxV1, "v1");
        assertPredicts(cache, torchV2, "v2");
        assertThat(cache.loadedVersions()).hasSizeLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void theArtifactSizeBoundKeepsOutAVersionLargerThanIt() {
    // churn-v1.onnx is 925 bytes, churn-v2.pt about 6 KB.
    try (ModelCache cache = predictors.modelCache().maximumArtifactBytes(2048).build()) {
      assertPredicts(cache, onnxV1, "v1");
      assertPredicts(cache, torchV2, "v2");
      assertThat(cache.loadedVersions()).doesNotContain(torchV2);
    }
  }

  @Test
  void anEvictedVersionIsUnloadedAndAClosedCacheRejectsCalls() {
    ModelCache cache = predictors.modelCache().build();
    assertPredicts(cache, onnxV1, "v1");
    cache.evict(onnxV1);
    assertThat(cache.loadedVersions()).isEmpty();
    assertPredicts(cache, onnxV1, "v1");
    cache.close();
    assertThat(cache.loadedVersions()).isEmpty();
    assertThatThrownBy(() -> cache.predict(onnxV1, ChurnFixtures.rows().get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The model cache is closed");
  }

  @Test
  void cacheBoundsAreValidated() {
    assertThatThrownBy(() -> predictors.modelCache().maximumModels(2).maximumArtifactBytes(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bound was already set to maximumModels(2)");
    assertThatThrownBy(() -> predictors.modelCache().maximumModels(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumModels must be positive but was 0");
  }

  private static void assertPredicts(ModelCache cache, ModelUri uri, String variant) {
    FixturePredictionTest.assertScores(cache.predict(uri, ChurnFixtures.rows().get(3)).scores(),
        ChurnFixtures.probabilities(variant).get(3));
    assertThat(cache.predictBatch(uri, ChurnFixtures.rows())).hasSize(5);
  }
}

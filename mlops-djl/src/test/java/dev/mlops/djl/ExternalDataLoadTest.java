package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.OnnxTestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX model whose external data points outside its artifact must never reach ONNX Runtime,
 * which would read that file of the host into the weights and return it in predictions. The
 * checks run at load, whatever registry (or none) the artifact comes from; registration refuses
 * the same models (ModelFileContract in the testkit).
 */
class ExternalDataLoadTest {

  private static final float[] SECRET = {11f, 22f, 33f, 44f};
  private static final float[] WEIGHTS = {0.5f, 1.5f, 2.5f, 3.5f};
  private static final ModelSignature SIGNATURE = ModelSignature.of(
      List.of(FieldSpec.scalar("a", DataType.FLOAT32), FieldSpec.scalar("b", DataType.FLOAT32),
          FieldSpec.scalar("c", DataType.FLOAT32), FieldSpec.scalar("d", DataType.FLOAT32)),
      List.of(FieldSpec.tensor("y", DataType.FLOAT32, 4)));

  @TempDir Path dir;

  private final DjlPredictors predictors = DjlPredictors.builder().poolSize(1).build();

  @Test
  void externalDataAtAnAbsolutePathIsRefusedBeforeTheEngineReadsIt() throws IOException {
    Path secret = Files.write(dir.resolve("secret.bin"), OnnxTestModels.weightFile(SECRET));
    Path artifact = artifact(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights(secret.toString(), "reads the host")));

    assertRefused(artifact, "an absolute path");
  }

  @Test
  void externalDataClimbingOutOfTheArtifactIsRefused() throws IOException {
    Files.write(dir.resolve("secret.bin"), OnnxTestModels.weightFile(SECRET));
    Path artifact = artifact(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights("../secret.bin", "climbs out")));

    assertRefused(artifact, "leaves the artifact's directory");
  }

  @Test
  void externalDataThroughASymbolicLinkLeavingTheArtifactIsRefused() throws IOException {
    Path secret = Files.write(dir.resolve("secret.bin"), OnnxTestModels.weightFile(SECRET));
    Path artifact = artifact(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights("weights.bin", "follows a link")));
    Files.createSymbolicLink(artifact.resolve("weights.bin"), secret);

    assertRefused(artifact, "leads through a symbolic link to " + secret.toRealPath());
  }

  @Test
  void externalDataInsideTheArtifactIsServed() throws IOException {
    Path artifact = artifact(Map.of(
        "model.onnx", OnnxTestModels.addExternalWeights("data/weights.bin", "big model"),
        "data/weights.bin", OnnxTestModels.weightFile(WEIGHTS)));

    try (Predictor<Map<String, Object>, Prediction> p = predictors.load(handMade(artifact))) {
      assertThat(p.predict(Map.of("a", 1.0, "b", 1.0, "c", 1.0, "d", 1.0)).scores())
          .containsExactly(1.5, 2.5, 3.5, 4.5);
    }
  }

  @Test
  void theTensorPathRefusesTheSameModels() throws IOException {
    Path secret = Files.write(dir.resolve("secret.bin"), OnnxTestModels.weightFile(SECRET));
    Path artifact = artifact(Map.of("model.onnx",
        OnnxTestModels.addExternalWeights(secret.toString(), "reads the host")));

    assertThatThrownBy(() -> predictors.loadTensors(handMade(artifact)))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'leaky' version 1 cannot be loaded from model.onnx: ")
        .hasMessageContaining("an absolute path");
  }

  @Test
  void theTensorPathServesExternalDataInsideTheArtifact() throws IOException {
    Path source = artifact(Map.of(
        "model.onnx", OnnxTestModels.addExternalWeights("weights.bin", "big model"),
        "weights.bin", OnnxTestModels.weightFile(WEIGHTS)));
    try (FileModelRegistry registry = FileModelRegistry.open(dir.resolve("registry"));
        NDManager manager = NDManager.newBaseManager()) {
      ModelVersion v = registry.register(RegistrationRequest.builder("big").artifact(source)
          .format(ModelFormat.ONNX).build());
      try (Predictor<NDList, NDList> p = DjlPredictors.builder().registry(registry).build()
          .loadTensors(v.uri())) {
        NDArray out = p.predict(new NDList(manager.zeros(new Shape(1, 4)))).get(0);
        assertThat(out.toFloatArray()).containsExactly(WEIGHTS);
      }
    }
  }

  private void assertRefused(Path artifact, String why) {
    ModelArtifact handMade = handMade(artifact);
    assertThatThrownBy(() -> predictors.load(handMade))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'leaky' version 1 cannot be loaded from model.onnx: ")
        .hasMessageContaining(why);
  }

  private Path artifact(Map<String, byte[]> files) throws IOException {
    Path root = Files.createDirectories(dir.resolve("artifact"));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.createDirectories(root.resolve(f.getKey()).getParent());
      Files.write(root.resolve(f.getKey()), f.getValue());
    }
    return root;
  }

  private static ModelArtifact handMade(Path root) {
    return HandMadeArtifact.of("leaky", ModelFormat.ONNX, root, SIGNATURE);
  }
}

package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.djl.internal.TabularModelPredictor;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelLoadingTest {

  static InMemoryModelRegistry registry;
  static DjlPredictors predictors;

  @BeforeAll
  static void open() {
    registry = new InMemoryModelRegistry();
    predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  @Test
  void aModelWhoseInputWidthDiffersFromTheSignatureFailsAtLoad() {
    // A TorchScript file declares no input shapes: the warm-up call finds the mismatch.
    ModelVersion v = ChurnFixtures.register(registry, "narrow-torchscript",
        ChurnFixtures.model("churn-v1.pt"), ModelFormat.TORCHSCRIPT, threeInputs());
    assertThatThrownBy(() -> predictors.load(v.uri()))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'narrow-torchscript' version 1 does not match its "
            + "signature of 3 features [tenure_months, monthly_charges, contract]: a warm-up call "
            + "with a row built from its signature failed: failed to score 1 row(s): ");
  }

  @Test
  void anOnnxGraphWhoseInputWidthDiffersFromTheSignatureIsRefusedAtRegistrationAndAtLoad() {
    assertThatThrownBy(() -> ChurnFixtures.register(registry, "narrow-onnx",
        ChurnFixtures.model("churn-v1.onnx"), ModelFormat.ONNX, threeInputs()))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage("Cannot register model 'narrow-onnx': its signature does not match "
            + "churn-v1.onnx: the graph's input 'features' (tensor(float)[N, 4]) takes 4 columns "
            + "but the signature declares 3 features [tenure_months, monthly_charges, contract]");
    // An artifact no registry checked is refused when it is loaded.
    ModelArtifact unchecked = HandMadeArtifact.of("narrow-onnx", ModelFormat.ONNX,
        ChurnFixtures.model("churn-v1.onnx"), threeInputs());
    assertThatThrownBy(() -> predictors.load(unchecked))
        .isInstanceOf(PredictionException.class)
        .hasMessage("Model 'narrow-onnx' version 1 takes 4 columns in input 'features' but its "
            + "signature declares 3 features [tenure_months, monthly_charges, contract]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"churn-v1.onnx", "churn-v1.pt"})
  void aSignatureWithTheWrongNumberOfClassesFailsAtLoad(String file) {
    ModelSignature twoClasses = new ModelSignature(ChurnFixtures.SIGNATURE.inputs(),
        List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 2)
            .withCategories(List.of("stay", "churn"))), List.of());
    ModelFormat format = file.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT;
    ModelArtifact artifact = HandMadeArtifact.of("two-classes-" + format, format,
        ChurnFixtures.model(file), twoClasses);
    assertThatThrownBy(() -> predictors.load(artifact))
        .isInstanceOf(PredictionException.class)
        .hasMessageEndingWith("version 1 does not match its signature of 4 features "
            + "[tenure_months, monthly_charges, contract, has_support]: a warm-up call with a row "
            + "built from its signature failed: returned 3 scores per row, but its signature "
            + "declares 2; fix the signature's output or the model");
    if (format.equals(ModelFormat.ONNX)) {
      assertThatThrownBy(() -> ChurnFixtures.register(registry, "two-classes",
          ChurnFixtures.model(file), format, twoClasses))
          .isInstanceOf(InvalidSignatureException.class)
          .hasMessageEndingWith("output 'probabilities' declares 2 scores per row but the "
              + "graph's output 'probabilities' (tensor(float)[N, 3]) has 3");
    }
  }

  @Test
  void aModelTheEngineCannotLoadFailsAtLoadNamingTheFile(@TempDir Path dir) {
    ModelVersion v = ChurnFixtures.register(registry, "corrupt", ChurnFixtures.unloadable(dir),
        ModelFormat.ONNX, ChurnFixtures.SIGNATURE);
    assertThatThrownBy(() -> predictors.load(v.uri()))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'corrupt' version 1 could not be loaded by ONNX Runtime "
            + "from broken.onnx: ")
        .hasMessageContaining("NoSuchOperator");
  }

  @Test
  void aVersionWithoutASignatureCannotBeServed() {
    ModelVersion v = registry.register(RegistrationRequest.builder("unsigned")
        .artifact(ChurnFixtures.model("churn-v1.pt")).format(ModelFormat.TORCHSCRIPT).build());
    assertThatThrownBy(() -> predictors.load(v.uri()))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'unsigned' version 1 has no signature; register it with "
            + "one");
  }

  @Test
  void anOnnxMatrixModelRegisteredWithoutASignatureGetsItsTensorsAndServesThem() {
    ModelVersion v = registry.register(RegistrationRequest.builder("tensors")
        .artifact(ChurnFixtures.model("churn-v1.onnx")).format(ModelFormat.ONNX).build());
    assertThat(v.signature()).isEqualTo(TensorPredictionTest.TENSORS);
    try (Predictor<ai.djl.ndarray.NDList, ai.djl.ndarray.NDList> raw =
        predictors.loadTensors(v.uri())) {
      assertThat(raw.modelVersion()).isEqualTo(v);
    }
    assertThatThrownBy(() -> predictors.load(v.uri()))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'tensors' version 1: input 'features' has shape [-1, 4], "
            + "but a tabular predictor takes one scalar per feature");
  }

  @Test
  void aFormatWithoutAnEngineIsRejectedListingTheSupportedOnes() {
    ModelVersion v = ChurnFixtures.register(registry, "lightgbm-format",
        ChurnFixtures.model("churn-v1.pt"), ModelFormat.of("lightgbm"), ChurnFixtures.SIGNATURE);
    assertThatThrownBy(() -> predictors.load(v.uri()))
        .isInstanceOf(PredictionException.class)
        .hasMessage("Model 'lightgbm-format' version 1 has format 'lightgbm', which this SDK cannot "
            + "serve yet; supported formats: [djl, onnx, torchscript]");
  }

  @Test
  void aFreeTextInputCannotBeEncodedForATabularModel() {
    ModelSignature text = new ModelSignature(
        List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT32),
            FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
            FieldSpec.scalar("contract", DataType.STRING),
            FieldSpec.scalar("has_support", DataType.BOOLEAN)),
        ChurnFixtures.SIGNATURE.outputs(), List.of());
    ModelVersion v = ChurnFixtures.register(registry, "text-input",
        ChurnFixtures.model("churn-v1.onnx"), ModelFormat.ONNX, text);
    assertThatThrownBy(() -> predictors.load(v.uri()))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'text-input' version 1: input 'contract' has type STRING");
  }

  @Test
  void anArtifactCanBeLoadedWithoutARegistry() {
    ModelVersion v = ChurnFixtures.register(registry, "local", "churn-v2.onnx");
    DjlPredictors standalone = DjlPredictors.builder().build();
    try (ModelArtifact artifact = registry.openArtifact("local", 1);
        Predictor<Map<String, Object>, Prediction> p = standalone.load(artifact)) {
      assertThat(p.modelVersion()).isEqualTo(v);
      FixturePredictionTest.assertScores(p.predict(ChurnFixtures.rows().get(0)).scores(),
          ChurnFixtures.probabilities("v2").get(0));
    }
    assertThatThrownBy(() -> standalone.load("models:/local/1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a registry");
  }

  @Test
  void aClosedPredictorRejectsCallsAndHasFreedItsModel() {
    ModelVersion v = ChurnFixtures.register(registry, "closing", "churn-v1.pt");
    Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri());
    p.predict(ChurnFixtures.rows().get(0));
    p.close();
    p.close();
    assertThat(((TabularModelPredictor) p).isReleased()).isTrue();
    assertThatThrownBy(() -> p.predict(ChurnFixtures.rows().get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The predictor of model 'closing' version 1 is closed");
  }

  @Test
  void builderOptionsAreValidatedAndSetOnce() {
    assertThatThrownBy(() -> DjlPredictors.builder().poolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("poolSize must be positive but was 0");
    assertThatThrownBy(() -> DjlPredictors.builder().maxBatchSize(4).maxBatchSize(8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxBatchSize was already set to 4");
    assertThatThrownBy(() -> DjlPredictors.builder().pollInterval(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pollInterval must be positive but was PT0S");
  }

  private static ModelSignature threeInputs() {
    return ModelSignature.of(ChurnFixtures.SIGNATURE.inputs().subList(0, 3),
        ChurnFixtures.SIGNATURE.outputs());
  }
}

package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Explanations exist only for formats whose engine computes contributions natively
 * (mlops-xgboost's tests cover those): every way to ask for one of another format's version
 * (a fixed version, a predictor, a deployment, the model cache) says so with a typed error, and a
 * format plugged in by a module that is absent is named at load.
 */
class ExplainerTest {

  private static final String NOT_EXPLAINED = "Model 'churn' version 1 has format 'onnx', whose "
      + "engine computes no feature contributions; explanations are available for formats whose "
      + "engines compute them natively (xgboost)";

  InMemoryModelRegistry registry;
  DjlPredictors predictors;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void anOnnxVersionCannotBeExplained() {
    assertThatThrownBy(() -> predictors.explainer("models:/churn/1"))
        .isInstanceOf(ExplanationUnavailableException.class)
        .hasMessage(NOT_EXPLAINED);
  }

  @Test
  void anExplainerCannotFollowAPredictorOrDeploymentOfAnOnnxVersionNorTheCacheExplainIt() {
    Map<String, Object> row = ChurnFixtures.rows().get(0);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load("models:/churn/1");
        Deployment<Map<String, Object>, Prediction> deployment =
            predictors.deploy("models:/churn@production");
        ModelCache cache = predictors.modelCache().maximumModels(1).build()) {
      for (Predictor<Map<String, Object>, Prediction> p : List.of(predictor, deployment)) {
        assertThatThrownBy(() -> DjlPredictors.explainer(p))
            .isInstanceOf(ExplanationUnavailableException.class).hasMessage(NOT_EXPLAINED);
        assertThat(p.predict(row).version()).as("still predicts").isEqualTo(1);
      }
      assertThatThrownBy(() -> cache.explain(ModelUri.parse("models:/churn/1"), row))
          .isInstanceOf(ExplanationUnavailableException.class).hasMessage(NOT_EXPLAINED);
      assertThat(cache.predict(ModelUri.parse("models:/churn/1"), row).version()).isEqualTo(1);
    }
  }

  @Test
  void anExplainerFollowsOnlyPredictorsThatDjlPredictorsMade() {
    Predictor<Map<String, Object>, Prediction> foreign = new Predictor<>() {
      @Override
      public Prediction predict(Map<String, Object> input) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ModelVersion modelVersion() {
        return registry.getVersion("churn", 1);
      }

      @Override
      public void close() {}
    };
    assertThatThrownBy(() -> DjlPredictors.explainer(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("made by DjlPredictors")
        .hasMessageContaining("models:/churn/1");
  }

  @Test
  void anXGBoostVersionWithoutTheXGBoostModuleNamesTheModuleToAdd() {
    try (InMemoryModelRegistry other = new InMemoryModelRegistry()) {
      // Without mlops-xgboost on the class path nothing checks the file at registration either.
      ChurnFixtures.register(other, "churn", ChurnFixtures.model("churn-v1.onnx"),
          ModelFormat.XGBOOST, ChurnFixtures.SIGNATURE);
      DjlPredictors unchecked = DjlPredictors.builder().registry(other).poolSize(1).build();
      assertThatThrownBy(() -> unchecked.load("models:/churn/1"))
          .isInstanceOf(PredictionException.class)
          .hasMessage("Model 'churn' version 1 has format 'xgboost', which needs the module "
              + "dev.mlops:mlops-xgboost on the class path");
    }
  }
}

package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.Test;

/**
 * Explainers exist only for formats whose engine computes contributions natively (mlops-xgboost's
 * tests cover those); a format plugged in by a module that is absent is named at load.
 */
class ExplainerTest {

  @Test
  void anOnnxVersionCannotBeExplained() {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
      assertThatThrownBy(() -> predictors.explainer("models:/churn/1"))
          .isInstanceOf(PredictionException.class)
          .hasMessage("Model 'churn' version 1 has format 'onnx', whose engine computes no feature"
              + " contributions; explanations are available for formats whose engines compute them"
              + " natively (xgboost)");
    }
  }

  @Test
  void anXGBoostVersionWithoutTheXGBoostModuleNamesTheModuleToAdd() {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      // Without mlops-xgboost on the class path nothing checks the file at registration either.
      ChurnFixtures.register(registry, "churn", ChurnFixtures.model("churn-v1.onnx"),
          ModelFormat.XGBOOST, ChurnFixtures.SIGNATURE);
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
      assertThatThrownBy(() -> predictors.load("models:/churn/1"))
          .isInstanceOf(PredictionException.class)
          .hasMessage("Model 'churn' version 1 has format 'xgboost', which needs the module "
              + "dev.mlops:mlops-xgboost on the class path");
    }
  }
}

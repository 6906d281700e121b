package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The routes embedded in an application that serves its own predictor (a framework's bean that
 * wraps one of the SDK's): {@code :explain} is a 400 naming the model and version and saying why,
 * while {@code :predict} keeps answering, unless the application gives the routes an explainer
 * for the model.
 */
class InferenceRoutesExplainTest {

  @Test
  void explainingThroughAPredictorNotMadeByDjlPredictorsIs400NamingModelAndVersion()
      throws Exception {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      Churn.register(registry, "churn", "churn-v1.onnx");
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
      try (Predictor<Map<String, Object>, Prediction> inner = predictors.load("models:/churn/1");
          InferenceRoutes routes = InferenceRoutes.builder().registry(registry)
              .serve(ModelUri.parse("models:/churn/1"), new Wrapper(inner)).build()) {
        String rows = "{\"instances\":" + Churn.JSON.createArrayNode().add(Churn.rows().get(0))
            + "}";
        InferenceRoutes.Response explained = post(routes, "/v1/models/churn:explain", rows);
        assertThat(explained.status()).isEqualTo(400);
        assertThat(new String(explained.body(), StandardCharsets.UTF_8))
            .contains("Model 'churn' version 1 is served by a predictor that cannot be explained")
            .contains(Wrapper.class.getName());
        assertThat(post(routes, "/v1/models/churn:predict", rows).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void anExplainerGivenForAModelExplainsItsRequestsAndOneForAModelNotServedFailsTheBuild()
      throws Exception {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      Churn.register(registry, "churn", "churn-v1.onnx");
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
      try (Predictor<Map<String, Object>, Prediction> inner = predictors.load("models:/churn/1");
          InferenceRoutes routes = InferenceRoutes.builder().registry(registry)
              .serve(ModelUri.parse("models:/churn/1"), new Wrapper(inner))
              .explainer("churn", new FixedExplainer(inner)).build()) {
        String rows = "{\"instances\":" + Churn.JSON.createArrayNode().add(Churn.rows().get(0))
            + "}";
        InferenceRoutes.Response explained = post(routes, "/v1/models/churn:explain", rows);
        assertThat(explained.status()).isEqualTo(200);
        JsonNode prediction = Churn.JSON.readTree(explained.body()).get("predictions").get(0);
        assertThat(prediction.get("contribution_tenure_months").asDouble()).isEqualTo(0.25);
        assertThat(prediction.get("contribution_bias").asDouble()).isEqualTo(-1.0);
        assertThatThrownBy(() -> InferenceRoutes.builder().registry(registry)
            .serve(ModelUri.parse("models:/churn/1"), new Wrapper(inner))
            .explainer("fraud", new FixedExplainer(inner)).build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("An explainer was given for model 'fraud', which is not served");
      }
    }
  }

  private static InferenceRoutes.Response post(InferenceRoutes routes, String path, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return routes.handle("POST", path, "application/json", new ByteArrayInputStream(bytes),
        bytes.length);
  }

  /** An explainer of the application's: the inner predictor's scores with fixed contributions. */
  private record FixedExplainer(Predictor<Map<String, Object>, Prediction> inner)
      implements Predictor<Map<String, Object>, Explanation> {
    @Override
    public Explanation predict(Map<String, Object> input) {
      return predictBatch(List.of(input)).get(0);
    }

    @Override
    public List<Explanation> predictBatch(List<Map<String, Object>> inputs) {
      return inner.predictBatch(inputs).stream()
          .map(p -> new Explanation(p, List.of(new FeatureContributions(null,
              Map.of("tenure_months", 0.25), -1.0))))
          .toList();
    }

    @Override
    public ModelVersion modelVersion() {
      return inner.modelVersion();
    }

    @Override
    public void close() {}
  }

  /** What an application's bean that delegates to the SDK's predictor looks like to the routes. */
  private record Wrapper(Predictor<Map<String, Object>, Prediction> inner)
      implements Predictor<Map<String, Object>, Prediction> {
    @Override
    public Prediction predict(Map<String, Object> input) {
      return inner.predict(input);
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      return inner.predictBatch(inputs);
    }

    @Override
    public ModelVersion modelVersion() {
      return inner.modelVersion();
    }

    @Override
    public void close() {}
  }
}

package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.ModelCache;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.server.ModelServer;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations wherever predictions are served, with the same loaded model: an explainer following
 * a deployment explains with the version the alias points to after each swap, the model cache
 * explains a given version, and the server answers contributions on V1 {@code :explain} and on V2
 * {@code infer} with {@code "parameters": {"explain": true}}. In every case the contributions plus
 * bias equal XGBoost's own margin by the version that computed them.
 */
class XGBoostExplanationServingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  InMemoryModelRegistry registry;
  DjlPredictors predictors;
  final List<Map<String, Object>> rows = XGBoostFixtures.rows(3, 5);
  /** XGBoost's own margins, {@code [version - 1][row][0]}, of the binary versions 1 and 2. */
  float[][][] margins;

  @BeforeEach
  void open() throws Exception {
    Path v1 = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("v1.json"));
    Path v2 = XGBoostFixtures.save(Task.BINARY, 1, true, dir.resolve("v2.ubj"));
    margins = new float[][][] {XGBoostFixtures.predict(v1, rows, true),
        XGBoostFixtures.predict(v2, rows, true)};
    assertThat(margins[0][0][0]).isNotEqualTo(margins[1][0][0]);
    registry = new InMemoryModelRegistry();
    XGBoostFixtures.register(registry, "churn", v1, Task.BINARY);
    XGBoostFixtures.register(registry, "churn", v2, Task.BINARY);
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    predictors = DjlPredictors.builder().registry(registry).poolSize(2).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void anExplainerFollowingADeploymentExplainsWithTheVersionTheAliasPointsTo() throws Exception {
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production")) {
      Semaphore swapped = new Semaphore(0);
      deployment.addListener(new DeploymentListener() {
        @Override
        public void onSwapped(ModelVersion from, ModelVersion to) {
          swapped.release();
        }
      });
      Predictor<Map<String, Object>, Explanation> explainer = DjlPredictors.explainer(deployment);
      assertExplainedBy(explainer.predictBatch(rows), 1);

      registry.setAlias("churn", "production", 2, AliasPrecondition.any(), "second");
      assertThat(swapped.tryAcquire(60, TimeUnit.SECONDS)).as("swapped to version 2").isTrue();
      assertExplainedBy(explainer.predictBatch(rows), 2);
      assertThat(explainer.predict(rows.get(1)).prediction().version()).isEqualTo(2);
      assertThat(explainer.modelVersion().version()).isEqualTo(2);

      // Closing the explainer leaves the deployment serving.
      explainer.close();
      assertThat(deployment.predict(rows.get(0)).version()).isEqualTo(2);
    }
  }

  @Test
  void theModelCacheExplainsTheVersionItIsAskedFor() {
    try (ModelCache cache = predictors.modelCache().maximumModels(2).build()) {
      assertExplainedBy(cache.explainBatch(ModelUri.parse("models:/churn/2"), rows), 2);
      assertExplainedBy(List.of(cache.explain(ModelUri.parse("models:/churn@production"),
          rows.get(0))), 1);
      // The loaded model is the one that serves predictions: nothing was loaded twice.
      assertThat(cache.loadedVersions()).hasSize(2);
    }
  }

  @Test
  void theServerAnswersContributionsOnV1ExplainAndOnV2InferWithTheExplainParameter()
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    // Monitored: the explainer follows the deployment inside the monitor's wrapper.
    try (ModelServer server = ModelServer.builder().registry(registry)
        .serve("models:/churn@production").port(0).workerThreads(2).monitor().start()) {
      assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
      URI base = server.baseUri();

      ObjectNode v1 = JSON.createObjectNode();
      v1.set("instances", JSON.valueToTree(rows));
      JsonNode records =
          XGBoostServerTest.post(client, base.resolve("/v1/models/churn:explain"), v1);
      assertThat(records.get("model_version").asInt()).isEqualTo(1);
      for (int r = 0; r < rows.size(); r++) {
        JsonNode p = records.get("predictions").get(r);
        assertThat(p.get("scores")).hasSize(2);
        double sum = p.get("contribution_bias").asDouble();
        for (String feature : XGBoostFixtures.FEATURES) {
          sum += p.get("contribution_" + feature).asDouble();
        }
        assertThat(sum).as("row %d", r).isCloseTo(margins[0][r][0], within(1e-5));
      }

      JsonNode answer = XGBoostServerTest.post(client,
          base.resolve("/v2/models/churn/versions/2/infer"), v2Request(Map.of("explain", true)));
      assertThat(answer.get("model_version").asText()).isEqualTo("2");
      assertThat(answer.has("parameters")).as("no prediction ids: not monitored").isFalse();
      JsonNode outputs = answer.get("outputs");
      assertThat(outputs.findValuesAsText("name")).endsWith("contributions");
      JsonNode contributions = outputs.get(outputs.size() - 1);
      assertThat(contributions.get("datatype").asText()).isEqualTo("FP64");
      int width = XGBoostFixtures.FEATURES.size() + 1;
      assertThat(contributions.get("shape").toString()).isEqualTo("[3," + width + "]");
      for (int r = 0; r < rows.size(); r++) {
        double sum = 0;
        for (int c = 0; c < width; c++) {
          sum += contributions.get("data").get(r * width + c).asDouble();
        }
        assertThat(sum).as("row %d", r).isCloseTo(margins[1][r][0], within(1e-5));
      }

      JsonNode plain = XGBoostServerTest.post(client,
          base.resolve("/v2/models/churn/infer"), v2Request(Map.of("explain", false)));
      assertThat(plain.get("outputs").findValuesAsText("name")).doesNotContain("contributions");
      assertThat(plain.get("parameters").get("prediction_ids")).hasSize(rows.size());
    }
  }

  /** Row {@code r} of the explanations is row {@code r} of {@link #rows}. */
  private void assertExplainedBy(List<Explanation> explanations, int version) {
    assertThat(explanations).isNotEmpty();
    for (int r = 0; r < explanations.size(); r++) {
      Explanation e = explanations.get(r);
      assertThat(e.prediction().version()).isEqualTo(version);
      FeatureContributions c = e.contributions().get(0);
      assertThat(c.margin()).as("row %d", r)
          .isCloseTo(margins[version - 1][r][0], within(1e-5));
      assertThat(e.fields()).containsKeys("contribution_monthly_charges", "contribution_bias");
    }
  }

  /** The rows as a V2 inference request with these parameters. */
  private ObjectNode v2Request(Map<String, Object> parameters) {
    ObjectNode v2 = XGBoostServerTest.inferRequest(rows);
    v2.set("parameters", JSON.valueToTree(parameters));
    return v2;
  }
}

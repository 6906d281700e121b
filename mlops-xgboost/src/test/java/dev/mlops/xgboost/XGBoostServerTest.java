package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.server.ModelServer;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops serve}'s server serves an XGBoost version by alias: V2 metadata lists the
 * signature's inputs, V2 inference and V1 records answer XGBoost's own probabilities (float32
 * values, written to JSON and read back as doubles).
 */
class XGBoostServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void v1AndV2AnswerXGBoostsOwnProbabilities() throws Exception {
    Path file = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("churn.ubj"));
    List<Map<String, Object>> rows = XGBoostFixtures.rows(3, 11);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);
    HttpClient client = HttpClient.newHttpClient();
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      XGBoostFixtures.register(registry, "churn", file, Task.BINARY);
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      try (ModelServer server = ModelServer.builder().registry(registry)
          .serve("models:/churn@production").port(0).workerThreads(2).start()) {
        assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
        URI base = server.baseUri();

        JsonNode meta = get(client, base.resolve("/v2/models/churn"));
        assertThat(meta.get("platform").asText()).isEqualTo("xgboost");
        assertThat(meta.get("inputs").findValuesAsText("name"))
            .containsExactlyElementsOf(XGBoostFixtures.FEATURES);

        JsonNode answer = post(client, base.resolve("/v2/models/churn/infer"), inferRequest(rows));
        JsonNode scores = answer.get("outputs").get(0);
        assertThat(scores.get("name").asText()).isEqualTo("probability");
        assertThat(scores.get("shape").toString()).isEqualTo("[3,2]");
        for (int r = 0; r < rows.size(); r++) {
          assertThat(scores.get("data").get(2 * r + 1).asDouble())
              .isCloseTo(expected[r][0], within(1e-7));
          assertThat(scores.get("data").get(2 * r).asDouble())
              .isCloseTo(1f - expected[r][0], within(1e-7));
        }

        ObjectNode v1 = JSON.createObjectNode();
        v1.set("instances", JSON.valueToTree(rows));
        JsonNode records = post(client, base.resolve("/v1/models/churn:predict"), v1);
        assertThat(records.get("model_version").asInt()).isEqualTo(1);
        for (int r = 0; r < rows.size(); r++) {
          JsonNode p = records.get("predictions").get(r);
          assertThat(p.get("scores").get(1).asDouble()).isCloseTo(expected[r][0], within(1e-7));
          assertThat(p.get("label").asText())
              .isEqualTo(expected[r][0] > 0.5f ? "churn" : "stay");
        }
      }
    }
  }

  /** The rows as a V2 inference request: one tensor per feature, typed as the signature says. */
  static ObjectNode inferRequest(List<Map<String, Object>> rows) {
    ObjectNode v2 = JSON.createObjectNode();
    ArrayNode inputs = v2.putArray("inputs");
    for (String feature : XGBoostFixtures.FEATURES) {
      ObjectNode tensor = inputs.addObject().put("name", feature);
      String type = switch (feature) {
        case "contract" -> "BYTES";
        case "has_support" -> "BOOL";
        default -> "FP64";
      };
      tensor.put("datatype", type).putArray("shape").add(rows.size());
      ArrayNode data = tensor.putArray("data");
      rows.forEach(r -> data.addPOJO(r.get(feature)));
    }
    return v2;
  }

  private static JsonNode get(HttpClient client, URI uri) throws Exception {
    return send(client, HttpRequest.newBuilder(uri).GET().build());
  }

  static JsonNode post(HttpClient client, URI uri, JsonNode body) throws Exception {
    return send(client, HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
  }

  private static JsonNode send(HttpClient client, HttpRequest request) throws Exception {
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}

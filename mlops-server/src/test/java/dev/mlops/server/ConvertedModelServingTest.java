package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Converter-built ONNX models served: V2 metadata lists each model's own column inputs (strings as
 * BYTES) and its outputs; V2 inference takes those tensors by name; V1 records carry the named
 * outputs. The fixtures and scikit-learn's predictions are mlops-djl's
 * (src/test/resources/converted, written by make_converted_models.py).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConvertedModelServingTest {

  private static final Path FIXTURES = Path.of("../mlops-djl/src/test/resources/converted");
  private static final ObjectMapper JSON = new ObjectMapper();

  InMemoryModelRegistry registry;
  ModelServer server;
  Http http;
  JsonNode expected;

  @BeforeAll
  void start() throws Exception {
    expected = JSON.readTree(FIXTURES.resolve("expected.json").toFile());
    registry = new InMemoryModelRegistry();
    for (String model : List.of("rf-zipmap", "gb-tensor")) {
      registry.register(RegistrationRequest.builder(model)
          .artifact(FIXTURES.resolve(model + ".onnx")).format(ModelFormat.ONNX).build());
    }
    server = ModelServer.builder().registry(registry)
        .serve("models:/rf-zipmap/1", "models:/gb-tensor/1").port(0).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    http = new Http(server.baseUri(), null);
  }

  @AfterAll
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void metadataListsTheModelsOwnInputsAndOutputs() throws Exception {
    JsonNode m = http.get("/v2/models/rf-zipmap").json();

    assertThat(m.get("inputs").toString()).isEqualTo(
        "[{\"name\":\"tenure_months\",\"datatype\":\"FP32\",\"shape\":[-1]},"
        + "{\"name\":\"monthly_charges\",\"datatype\":\"FP64\",\"shape\":[-1]},"
        + "{\"name\":\"support_calls\",\"datatype\":\"INT64\",\"shape\":[-1]},"
        + "{\"name\":\"contract\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
    assertThat(m.get("outputs").toString()).isEqualTo(
        "[{\"name\":\"output_probability\",\"datatype\":\"FP32\",\"shape\":[-1,3]},"
        + "{\"name\":\"output_label\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
    assertThat(http.get("/v2/models/gb-tensor").json().get("outputs").get(1).toString())
        .isEqualTo("{\"name\":\"output_label\",\"datatype\":\"INT64\",\"shape\":[-1]}");
  }

  @Test
  void inferTakesTheColumnTensorsByNameAndReturnsScikitLearnsProbabilities() throws Exception {
    JsonNode rows = expected.get("rf-zipmap").get("rows");
    ObjectNode request = JSON.createObjectNode();
    ArrayNode inputs = request.putArray("inputs");
    Map<String, String> types = Map.of("tenure_months", "FP32", "monthly_charges", "FP64",
        "support_calls", "INT64", "contract", "BYTES");
    types.forEach((name, type) -> {
      ObjectNode t = inputs.addObject().put("name", name).put("datatype", type);
      t.putArray("shape").add(rows.size()).add(1);
      ArrayNode data = t.putArray("data");
      rows.forEach(r -> data.add(r.get(name)));
    });

    Http.Answer a = http.post("/v2/models/rf-zipmap/infer", request.toString());

    assertThat(a.status()).as("%s", a).isEqualTo(200);
    JsonNode outputs = a.json().get("outputs");
    assertThat(outputs.get(0).get("name").asText()).isEqualTo("output_probability");
    assertThat(outputs.get(0).get("shape").toString()).isEqualTo("[20,3]");
    JsonNode probabilities = expected.get("rf-zipmap").get("probabilities");
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < 3; c++) {
        assertThat(outputs.get(0).get("data").get(r * 3 + c).asDouble()).as("row %d class %d", r, c)
            .isCloseTo(probabilities.get(r).get(c).asDouble(), within(1e-5));
      }
    }
    assertThat(outputs.get(1).get("name").asText()).isEqualTo("output_label");
    assertThat(outputs.get(1).get("datatype").asText()).isEqualTo("BYTES");
    assertThat(outputs.get(1).get("data")).isEqualTo(expected.get("rf-zipmap").get("labels"));
  }

  @Test
  void v1RecordsCarryTheNamedOutputs() throws IOException, InterruptedException {
    JsonNode row = expected.get("gb-tensor").get("rows").get(0);
    Http.Answer a = http.post("/v1/models/gb-tensor:predict",
        "{\"instances\": [" + row + "]}");

    assertThat(a.status()).as("%s", a).isEqualTo(200);
    JsonNode p = a.json().get("predictions").get(0);
    JsonNode sklearn = expected.get("gb-tensor").get("probabilities").get(0);
    assertThat(p.get("output_label").asLong()).isEqualTo(
        expected.get("gb-tensor").get("labels").get(0).asLong());
    assertThat(p.get("output_label").isIntegralNumber()).isTrue();
    assertThat(p.get("output_probability_0").asDouble())
        .isCloseTo(sklearn.get(0).asDouble(), within(1e-5));
    assertThat(p.get("output_probability_1").asDouble())
        .isCloseTo(sklearn.get(1).asDouble(), within(1e-5));
    assertThat(p.get("label").asText()).isEqualTo(p.get("output_label").asText());
    assertThat(p.get("scores")).hasSize(2);
  }
}

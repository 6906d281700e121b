package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.PageRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint of the server and every error status, through the JDK HTTP client against a
 * server on an ephemeral port: churn (ONNX) served by alias with two versions, torch (TorchScript)
 * served by a fixed version, a bearer token, and small limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServerEndpointsTest {

  private static final String TOKEN = "s3cret-token";

  InMemoryModelRegistry registry;
  ModelServer server;
  Http http;
  long auditEntriesBefore;

  @BeforeAll
  void start() throws Exception {
    registry = new InMemoryModelRegistry();
    Churn.register(registry, "churn", "churn-v1.onnx");
    Churn.register(registry, "churn", "churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    Churn.register(registry, "torch", "churn-v1.pt");
    auditEntriesBefore = auditEntries();
    server = ModelServer.builder().registry(registry)
        .serve("models:/churn@production", "models:/torch/latest")
        .port(0).bearerToken(TOKEN).maxBodyBytes(4096).maxRowsPerRequest(3).workerThreads(2)
        .start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    http = new Http(server.baseUri(), TOKEN);
  }

  @AfterAll
  void stop() {
    server.close();
    registry.close();
  }

  long auditEntries() {
    return registry.auditLog(null, PageRequest.first(1000)).items().size();
  }

  @Nested
  class Health {
    @Test
    void livenessAndReadinessAnswer200WithoutAToken() throws Exception {
      Http anonymous = http.withoutToken();
      assertThat(anonymous.get("/v2/health/live").json().get("live").asBoolean()).isTrue();
      Http.Answer ready = anonymous.get("/v2/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().get("ready").asBoolean()).isTrue();
      assertThat(server.isReady()).isTrue();
    }

    @Test
    void serverMetadataNamesTheServer() throws Exception {
      JsonNode meta = http.get("/v2").json();
      assertThat(meta.get("name").asText()).isEqualTo("mlops-java");
      assertThat(meta.get("extensions").isArray()).isTrue();
    }
  }

  @Nested
  class Metadata {
    @Test
    void modelMetadataDescribesTheServedVersionsTensors() throws Exception {
      Http.Answer a = http.get("/v2/models/churn");
      assertThat(a.status()).isEqualTo(200);
      JsonNode m = a.json();
      assertThat(m.get("name").asText()).isEqualTo("churn");
      assertThat(m.get("versions").get(0).asText()).isEqualTo("1");
      assertThat(m.get("platform").asText()).isEqualTo("onnxruntime_onnx");
      assertThat(m.get("inputs").toString()).isEqualTo("[{\"name\":\"tenure_months\",\"datatype\":\"FP32\",\"shape\":[-1]},"
          + "{\"name\":\"monthly_charges\",\"datatype\":\"FP64\",\"shape\":[-1]},"
          + "{\"name\":\"contract\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
          + "{\"name\":\"has_support\",\"datatype\":\"BOOL\",\"shape\":[-1]}]");
      assertThat(m.get("outputs").toString()).isEqualTo(
          "[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]},"
          + "{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
      assertThat(http.get("/v2/models/torch").json().get("platform").asText())
          .isEqualTo("pytorch_torchscript");
    }

    @Test
    void versionMetadataDescribesThatVersion() throws Exception {
      JsonNode m = http.get("/v2/models/churn/versions/2").json();
      assertThat(m.get("versions").get(0).asText()).isEqualTo("2");
    }

    @Test
    void modelAndVersionReadinessAnswer200ForServedModelsAndExistingVersions() throws Exception {
      Http.Answer model = http.get("/v2/models/churn/ready");
      assertThat(model.status()).isEqualTo(200);
      assertThat(model.json().get("ready").asBoolean()).isTrue();
      assertThat(http.get("/v2/models/churn/versions/2/ready").status()).isEqualTo(200);
      assertThat(http.get("/v2/models/torch/versions/1/ready").status()).isEqualTo(200);
    }
  }

  @Nested
  class Inference {
    @Test
    void inferReturnsTheFixtureProbabilitiesLabelsAndTheVersionThatComputedThem()
        throws Exception {
      Http.Answer a = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 3));
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      JsonNode r = a.json();
      assertThat(r.get("model_name").asText()).isEqualTo("churn");
      assertThat(r.get("model_version").asText()).isEqualTo("1");
      assertThat(r.get("id").asText()).isEqualTo("req-1");
      JsonNode scores = r.get("outputs").get(0);
      assertThat(scores.get("name").asText()).isEqualTo("probabilities");
      assertThat(scores.get("datatype").asText()).isEqualTo("FP32");
      assertThat(scores.get("shape").toString()).isEqualTo("[3,3]");
      assertProbabilities(scores.get("data"), "v1", 0);
      JsonNode label = r.get("outputs").get(1);
      assertThat(label.get("name").asText()).isEqualTo("label");
      assertThat(label.get("shape").toString()).isEqualTo("[3]");
      assertThat(label.get("data")).hasSize(3);
    }

    @Test
    void torchScriptModelsAnswerTheSameProbabilities() throws Exception {
      JsonNode r = http.post("/v2/models/torch/infer", Churn.inferRequest(2, 5)).json();
      assertThat(r.get("model_version").asText()).isEqualTo("1");
      assertProbabilities(r.get("outputs").get(0).get("data"), "v1", 2);
    }

    @Test
    void aVersionedInferUsesThatVersionLoadedOnDemand() throws Exception {
      Http.Answer a = http.post("/v2/models/churn/versions/2/infer", Churn.inferRequest(0, 2));
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      assertThat(a.json().get("model_version").asText()).isEqualTo("2");
      assertProbabilities(a.json().get("outputs").get(0).get("data"), "v2", 0);
      Http.Answer served = http.post("/v2/models/churn/versions/1/infer", Churn.inferRequest(0, 1));
      assertThat(served.json().get("model_version").asText()).isEqualTo("1");
    }

    @Test
    void tensorsOfShapeRowsByOneWithNestedDataAndRequestedOutputsAreAccepted() throws Exception {
      String request = "{\"inputs\":["
          + "{\"name\":\"tenure_months\",\"datatype\":\"INT32\",\"shape\":[2,1],\"data\":[[1],[24]]},"
          + "{\"name\":\"monthly_charges\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[[70.5],[45.25]]},"
          + "{\"name\":\"contract\",\"datatype\":\"BYTES\",\"shape\":[2,1],\"data\":[\"monthly\",\"yearly\"]},"
          + "{\"name\":\"has_support\",\"datatype\":\"BOOL\",\"shape\":[2,1],\"data\":[false,true]}],"
          + "\"outputs\":[{\"name\":\"label\"}]}";
      Http.Answer a = http.post("/v2/models/churn/infer", request);
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      JsonNode outputs = a.json().get("outputs");
      assertThat(outputs).hasSize(1);
      assertThat(outputs.get(0).get("name").asText()).isEqualTo("label");
      assertThat(outputs.get(0).get("data").get(0).asText()).isIn(Churn.CLASSES);
    }

    @Test
    void theRecordEndpointReturnsPredictionsAndTheModelVersion() throws Exception {
      String body = "{\"instances\":" + Churn.JSON.createArrayNode()
          .add(Churn.rows().get(0)).add(Churn.rows().get(1)) + "}";
      Http.Answer a = http.post("/v1/models/churn:predict", body);
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      JsonNode r = a.json();
      assertThat(r.get("model_version").asInt()).isEqualTo(1);
      assertThat(r.get("predictions")).hasSize(2);
      JsonNode first = r.get("predictions").get(0);
      assertThat(first.get("label").asText()).isIn(Churn.CLASSES);
      assertThat(first.get("prediction_id").asText()).isNotBlank();
      for (int c = 0; c < 3; c++) {
        assertThat(first.get("scores").get(c).asDouble())
            .isCloseTo(Churn.probabilities("v1").get(0).get(c), within(1e-5));
      }
    }

    @Test
    void metricsAreInPrometheusTextWithPredictionAndRequestMeters() throws Exception {
      http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1));
      Http.Answer a = http.get("/metrics");
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.contentType()).startsWith("text/plain");
      assertThat(a.body())
          .contains("mlops_server_requests_seconds_count{endpoint=\"/v2/models/{name}/infer\",method=\"POST\",status=\"200\"}")
          .contains("mlops_predict_latency_seconds")
          .contains("jvm_memory_used_bytes")
          // Histograms with the default buckets, so that percentiles aggregate across replicas.
          .contains("mlops_server_requests_seconds_bucket{endpoint=\"/v2/models/{name}/infer\","
              + "method=\"POST\",status=\"200\",le=\"0.0025\"}")
          .contains("mlops_predict_latency_seconds_bucket{model=\"churn\",outcome=\"success\","
              + "version=\"1\",le=\"10.0\"} 1");
    }

    private void assertProbabilities(JsonNode flat, String variant, int firstRow) {
      List<List<Double>> expected = Churn.probabilities(variant);
      for (int i = 0; i < flat.size(); i++) {
        assertThat(flat.get(i).asDouble()).as("element %d", i)
            .isCloseTo(expected.get(firstRow + i / 3).get(i % 3), within(1e-5));
      }
    }
  }

  @Nested
  class Errors {
    @Test
    void aBadRequestIs400NamingTheTensorOrFeatureAtFault() throws Exception {
      assertError(http.post("/v2/models/churn/infer", "{\"inputs\": [ oops"), 400, "Malformed JSON");
      assertError(http.post("/v2/models/churn/infer", "{}"), 400, "no \"inputs\"");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)
          .replace("\"BYTES\"", "\"FP32\"")), 400, "tensor 'contract' has datatype FP32");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)
          .replace("\"monthly\"", "\"weekly\"")), 400, "feature 'contract'");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)
          .replace(",{\"name\":\"has_support\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[false]}", "")),
          400, "has_support");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 2)
          .replace("\"shape\":[2],\"data\":[1.0,24.0]", "\"shape\":[1],\"data\":[1.0]")),
          400, "'monthly_charges' has 2 rows but 'tenure_months' has 1");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)
          .replace("\"data\":[false]", "\"data\":[\"no\"]")), 400, "'has_support' (BOOL) element 0");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)
          .replace("\"FP64\"", "\"COMPLEX\"")), 400, "datatype COMPLEX");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)
          .replace("\"id\":\"req-1\",", "\"outputs\":[{\"name\":\"logits\"}],")), 400,
          "Requested output 'logits'");
      assertError(http.post("/v1/models/churn:predict", "{\"instances\":[{\"tenure_months\":[1]}]}"),
          400, "Instance 0, feature 'tenure_months'");
      assertError(http.post("/v1/models/churn:predict", "{\"rows\":[]}"), 400, "instances");
    }

    @Test
    void anExplanationOfAnOnnxVersionIs400NamingModelVersionAndFormat() throws Exception {
      String unavailable = "Model 'churn' version 1 has format 'onnx', whose engine computes no "
          + "feature contributions";
      String rows = "{\"instances\":" + Churn.JSON.createArrayNode().add(Churn.rows().get(0)) + "}";
      assertError(http.post("/v1/models/churn:explain", rows), 400, unavailable);
      String explained = Churn.inferRequest(0, 1)
          .replace("\"id\":\"req-1\",", "\"parameters\":{\"explain\":true},");
      assertError(http.post("/v2/models/churn/infer", explained), 400, unavailable);
      assertError(http.post("/v2/models/churn/versions/2/infer", explained), 400,
          "Model 'churn' version 2 has format 'onnx'");
      assertError(http.post("/v2/models/churn/infer", explained.replace("true", "\"yes\"")), 400,
          "The parameter \"explain\" must be true or false");
      assertError(http.post("/v2/models/churn/infer", explained.replace("{\"explain\":true}",
          "[1]")), 400, "\"parameters\" must be an object");
      // Without the parameter, or with it false, the same request is scored.
      assertThat(http.post("/v2/models/churn/infer", explained.replace("true", "false")).status())
          .isEqualTo(200);
    }

    @Test
    void anUnknownModelVersionOrPathIs404() throws Exception {
      assertError(http.get("/v2/models/nope"), 404, "No model 'nope' is served here");
      assertError(http.post("/v2/models/nope/infer", Churn.inferRequest(0, 1)), 404, "nope");
      assertError(http.post("/v1/models/nope:predict", "{\"instances\":[{}]}"), 404, "nope");
      assertError(http.get("/v2/models/churn/versions/9"), 404, "9");
      assertError(http.get("/v2/models/churn/versions/9/ready"), 404, "9");
      assertError(http.post("/v2/models/churn/versions/9/infer", Churn.inferRequest(0, 1)), 404, "9");
      assertError(http.get("/v2/models/churn/versions/x"), 404, "no version 'x'");
      assertError(http.get("/v3/anything"), 404, "No endpoint /v3/anything");
    }

    @Test
    void aBodyOrABatchOverTheLimitIs413() throws Exception {
      String big = "{\"inputs\":[],\"pad\":\"" + "x".repeat(5000) + "\"}";
      assertError(http.post("/v2/models/churn/infer", big), 413, "over the limit of 4096 bytes");
      assertError(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 4)), 413,
          "over the limit of 3 rows per request");
      String instances = "{\"instances\":[{},{},{},{}]}";
      assertError(http.post("/v1/models/churn:predict", instances), 413, "3 rows per request");
    }

    @Test
    void withoutTheBearerTokenEveryEndpointButTheProbesIs401() throws Exception {
      Http anonymous = http.withoutToken();
      for (String path : List.of("/v2", "/metrics", "/v2/models/churn", "/v2/models/churn/ready")) {
        Http.Answer a = anonymous.get(path);
        assertError(a, 401, "bearer token");
        assertThat(a.wwwAuthenticate()).isEqualTo("Bearer");
      }
      assertError(anonymous.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)), 401, "bearer");
      assertError(new Http(server.baseUri(), "wrong").get("/v2/models/churn"), 401, "bearer");
    }

    @Test
    void aBodyNotDeclaredAsJsonIs415AndJsonWithParametersIsAccepted() throws Exception {
      String infer = Churn.inferRequest(0, 1);
      assertError(http.post("/v2/models/churn/infer", "text/plain", infer), 415,
          "Content-Type text/plain");
      assertError(http.post("/v2/models/churn/infer", "application/x-www-form-urlencoded", infer),
          415, "send Content-Type: application/json");
      assertError(http.post("/v2/models/churn/versions/2/infer", "text/json", infer), 415,
          "application/json");
      assertError(http.post("/v1/models/churn:predict", "multipart/form-data; boundary=x",
          "{\"instances\":[{}]}"), 415, "application/json");
      assertError(http.post("/v2/models/churn/infer", null, infer), 415, "no Content-Type");
      assertError(http.post("/v2/models/churn/infer", "application/json; charset=iso-8859-1", infer),
          415, "UTF-8");
      for (String json : List.of("application/json; charset=utf-8", "Application/JSON",
          "application/json;charset=\"UTF-8\"")) {
        assertThat(http.post("/v2/models/churn/infer", json, infer).status()).as(json).isEqualTo(200);
      }
    }

    @Test
    void userSuppliedValuesInErrorsAreCutToAShortPrefixWithTheirLength() throws Exception {
      String longValue = "n".repeat(3000);
      String infer = Churn.inferRequest(0, 1);
      assertCut(http.get("/v3/" + longValue), 404);
      // The JSON parser stops at the bad token, so it shows a prefix without knowing the length.
      assertError(http.post("/v2/models/churn/infer", "{\"inputs\": " + longValue + "}"), 400,
          "Unrecognized token '" + "n".repeat(64) + "...'");
      assertCut(http.get("/v2/models/" + longValue), 404);
      assertCut(http.get("/v2/models/churn/versions/" + longValue), 404);
      assertCut(http.post("/v2/models/churn/infer", infer.replace("\"FP64\"",
          "\"" + longValue + "\"")), 400);
      assertCut(http.post("/v2/models/churn/infer", infer.replace("]}]}", "]},{\"name\":\""
          + longValue + "\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}")), 400);
      assertCut(http.post("/v2/models/churn/infer", infer.replace("\"monthly\"",
          "\"" + longValue + "\"")), 400);
      assertCut(http.post("/v2/models/churn/infer", infer.replace("\"data\":[70.5]",
          "\"data\":[\"" + longValue + "\"]")), 400);
      assertCut(http.post("/v2/models/churn/infer", infer.replace("\"id\":\"req-1\",",
          "\"outputs\":[{\"name\":\"" + longValue + "\"}],")), 400);
      assertCut(http.post("/v2/models/churn/infer", infer.replace("\"shape\":[1],\"data\":[70.5]",
          "\"shape\":[\"" + longValue + "\"],\"data\":[70.5]")), 400);
      assertCut(http.post("/v1/models/churn:predict", "{\"instances\":["
          + Churn.rows().get(0).toString().replace("{", "{\"" + longValue + "\":1,") + "]}"), 400);
      assertCut(http.post("/v1/models/churn:predict", "{\"instances\":[{\"tenure_months\":[\""
          + longValue + "\"]}]}"), 400);
    }

    @Test
    void anIntegerOutsideItsDatatypesRangeIs400NamingTheTensorAndTheElement() throws Exception {
      String tenure = "{\"name\":\"tenure_months\",\"datatype\":\"FP32\",\"shape\":[2],"
          + "\"data\":[1.0,24.0]}";
      String infer = Churn.inferRequest(0, 2);
      assertThat(infer).contains(tenure);
      List<List<String>> outside = List.of(List.of("INT8", "128", "[-128, 127]"),
          List.of("INT8", "-129", "[-128, 127]"), List.of("UINT8", "256", "[0, 255]"),
          List.of("UINT8", "-1", "[0, 255]"), List.of("INT16", "32768", "[-32768, 32767]"),
          List.of("UINT16", "65536", "[0, 65535]"),
          List.of("INT32", "2147483648", "[-2147483648, 2147483647]"),
          List.of("UINT32", "4294967296", "[0, 4294967295]"),
          List.of("INT64", "9223372036854775808", "[-9223372036854775808, 9223372036854775807]"),
          List.of("UINT64", "-1", "[0, "));
      for (List<String> c : outside) {
        String request = infer.replace(tenure, tenure.replace("FP32", c.get(0))
            .replace("1.0,24.0", "1," + c.get(1)));
        assertError(http.post("/v2/models/churn/infer", request), 400, "Input tensor "
            + "'tenure_months' (" + c.get(0) + ") element 1 is " + c.get(1) + ", outside the "
            + c.get(0) + " range " + c.get(2));
      }
      for (List<String> c : List.of(List.of("INT8", "127"), List.of("INT8", "-128"),
          List.of("UINT8", "255"), List.of("UINT16", "65535"))) {
        String request = infer.replace(tenure, tenure.replace("FP32", c.get(0))
            .replace("1.0,24.0", "1," + c.get(1)));
        assertThat(http.post("/v2/models/churn/infer", request).status()).as("%s", c)
            .isEqualTo(200);
      }
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndTheTokenIsNot() throws Exception {
      for (String header : List.of("bearer " + TOKEN, "BEARER " + TOKEN, "bEaReR  " + TOKEN)) {
        assertThat(http.withAuthorization(header).get("/v2/models/churn").status()).as(header)
            .isEqualTo(200);
      }
      for (String header : List.of("Bearer " + TOKEN.toUpperCase(java.util.Locale.ROOT),
          "Basic " + TOKEN, "Bearer" + TOKEN, TOKEN, "Bearer " + TOKEN + "x", "Bearer x",
          "Bearer ", "Bearerx " + TOKEN)) {
        assertError(http.withAuthorization(header).get("/v2/models/churn"), 401, "bearer token");
      }
    }

    @Test
    void aRequestRefusedBeforeItsBodyArrivedIsAnsweredWithConnectionClose() throws Exception {
      // The connection cannot carry another request while a body is still to come; without
      // saying so, a client would send its next request on a connection about to be closed.
      try (Socket socket = new Socket(server.baseUri().getHost(), server.port())) {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("POST /v2/models/churn/infer HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(),
            StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 401 ").containsIgnoringCase("Connection: close");
      }
    }

    @Test
    void aWrongMethodIs405() throws Exception {
      assertError(http.get("/v2/models/churn/infer"), 405, "POST");
      assertError(http.send("DELETE", "/v2/models/churn"), 405, "GET");
    }

    @Test
    void noEndpointChangesTheRegistry() throws Exception {
      http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1));
      http.post("/v2/models/churn/versions/2/infer", Churn.inferRequest(0, 1));
      http.send("DELETE", "/v2/models/churn");
      http.send("PUT", "/v2/models/churn/versions/2");
      assertThat(auditEntries()).isEqualTo(auditEntriesBefore);
      assertThat(registry.resolve("models:/churn@production").version()).isEqualTo(1);
    }

    private void assertCut(Http.Answer a, int status) {
      assertThat(a.status()).as("%s", a).isEqualTo(status);
      String error = a.json().get("error").asText();
      // The value, or the path or JSON text around it, cut with its length.
      assertThat(error).doesNotContain("n".repeat(65)).containsPattern("\\(30\\d\\d characters\\)");
    }

    private void assertError(Http.Answer a, int status, String fragment) {
      assertThat(a.status()).as("%s", a).isEqualTo(status);
      assertThat(a.contentType()).isEqualTo("application/json");
      assertThat(a.json().get("error").asText()).contains(fragment).doesNotContain("\tat ");
      assertThat(a.json().size()).isEqualTo(1);
    }
  }
}

package dev.mlops.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spring.web.MlopsWebFluxAutoConfiguration;
import dev.mlops.spring.web.MlopsWebMvcAutoConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.reactive.function.server.RouterFunction;

/**
 * The starter's routes serve feature contributions as {@code mlops serve} does, through the
 * deployment bean's own explainer: V1 {@code :explain} and V2 {@code infer} with {@code
 * "parameters": {"explain": true}} answer contributions that add up to XGBoost's own margins, 503
 * before the first version is loaded, and 400 once the alias moves to a version whose format
 * computes none (ONNX), while predictions go on.
 */
class ExplainedRoutesWebTest {

  @TempDir Path dir;

  @Test
  void springMvcRoutesExplainTheServedXGBoostVersionAndRefuseAnOnnxOne() throws Exception {
    String location = Churn.newRegistry();
    Path file = XGBoostChurn.train(dir.resolve("churn.json"));
    XGBoostChurn.register(location, file);
    ModelVersion onnx = Churn.register(location, "churn-v2.onnx");
    List<Map<String, Object>> rows = XGBoostChurn.rows(3, 5);
    double[] margins = XGBoostChurn.margins(file, rows);
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
            MlopsWebMvcAutoConfiguration.class, WebMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class))
        .withPropertyValues("mlops.registry=" + location, "mlops.web.enabled=true",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.alerts.enabled=false")
        .run(context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          MvcResult notReady = mvc.perform(post("/mlops/v1/models/churn:explain")
              .contentType(MediaType.APPLICATION_JSON).content(records(rows))).andReturn();
          assertThat(notReady.getResponse().getStatus()).isEqualTo(503);
          assertThat(notReady.getResponse().getHeader("Retry-After")).isEqualTo("1");

          context.getBean(ModelRegistry.class).setAlias("churn", "production", 1,
              AliasPrecondition.absent(), "first release");
          ManagedDeployment churn = context.getBean("churn", ManagedDeployment.class);
          MlopsAutoConfigurationTest.await(
              () -> churn.status().state() == ManagedDeployment.State.SERVING);

          JsonNode v1 = answer(mvc, "/mlops/v1/models/churn:explain", records(rows), 200);
          assertThat(v1.get("model_version").asInt()).isEqualTo(1);
          for (int r = 0; r < rows.size(); r++) {
            JsonNode p = v1.get("predictions").get(r);
            double sum = p.get("contribution_bias").asDouble();
            for (String feature : XGBoostChurn.FEATURES) {
              sum += p.get("contribution_" + feature).asDouble();
            }
            assertThat(sum).as("row %d", r).isCloseTo(margins[r], within(1e-5));
          }

          JsonNode v2 = answer(mvc, "/mlops/v2/models/churn/infer", infer(rows, true), 200);
          assertThat(v2.get("model_version").asText()).isEqualTo("1");
          JsonNode outputs = v2.get("outputs");
          assertThat(outputs.findValuesAsText("name")).endsWith("contributions");
          JsonNode contributions = outputs.get(outputs.size() - 1);
          int width = XGBoostChurn.FEATURES.size() + 1;
          assertThat(contributions.get("shape").toString()).isEqualTo("[3," + width + "]");
          for (int r = 0; r < rows.size(); r++) {
            double sum = 0;
            for (int c = 0; c < width; c++) {
              sum += contributions.get("data").get(r * width + c).asDouble();
            }
            assertThat(sum).as("row %d", r).isCloseTo(margins[r], within(1e-5));
          }
          // Explained calls are not monitored (as in mlops serve), predictions still carry ids.
          assertThat(answer(mvc, "/mlops/v2/models/churn/infer", infer(rows, false), 200)
              .get("parameters").get("prediction_ids")).hasSize(rows.size());

          context.getBean(ModelRegistry.class).setAlias("churn", "production", onnx.version(),
              AliasPrecondition.any(), "an ONNX version");
          MlopsAutoConfigurationTest.await(() -> {
            ModelVersion serving = churn.status().version();
            return serving != null && serving.version() == onnx.version();
          });
          String onnxRow = "{\"instances\":[" + Churn.JSON.writeValueAsString(Churn.row(0)) + "]}";
          MvcResult refused = mvc.perform(post("/mlops/v1/models/churn:explain")
              .contentType(MediaType.APPLICATION_JSON).content(onnxRow)).andReturn();
          assertThat(refused.getResponse().getStatus()).isEqualTo(400);
          assertThat(refused.getResponse().getContentAsString())
              .contains("Model 'churn' version 2 has format 'onnx'", "no feature contributions");
          assertThat(answer(mvc, "/mlops/v1/models/churn:predict", onnxRow, 200)
              .get("model_version").asInt()).isEqualTo(2);
        });
  }

  @Test
  void webFluxRoutesExplainTheServedVersionToo() throws Exception {
    String location = Churn.newRegistry();
    Path file = XGBoostChurn.train(dir.resolve("churn.ubj"));
    XGBoostChurn.register(location, file);
    try (ModelRegistry r = dev.mlops.registry.ModelRegistries.open(location)) {
      r.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    }
    List<Map<String, Object>> rows = XGBoostChurn.rows(2, 9);
    double[] margins = XGBoostChurn.margins(file, rows);
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
            MlopsWebFluxAutoConfiguration.class))
        .withPropertyValues("mlops.registry=" + location, "mlops.web.enabled=true",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.enabled=false")
        .run(context -> {
          WebTestClient client = WebTestClient.bindToRouterFunction(
              context.getBean("mlopsRouterFunction", RouterFunction.class)).build();
          MlopsAutoConfigurationTest.await(() -> client.get().uri("/mlops/v2/health/ready")
              .exchange().returnResult(String.class).getStatus().value() == 200);
          String body = client.post().uri("/mlops/v1/models/churn:explain")
              .contentType(MediaType.APPLICATION_JSON).bodyValue(records(rows)).exchange()
              .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
          JsonNode answer = Churn.JSON.readTree(body);
          for (int r = 0; r < rows.size(); r++) {
            JsonNode p = answer.get("predictions").get(r);
            double sum = p.get("contribution_bias").asDouble();
            for (String feature : XGBoostChurn.FEATURES) {
              sum += p.get("contribution_" + feature).asDouble();
            }
            assertThat(sum).as("row %d", r).isCloseTo(margins[r], within(1e-5));
          }
        });
  }

  private static JsonNode answer(MockMvc mvc, String path, String body, int status)
      throws Exception {
    MvcResult result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON)
        .content(body)).andReturn();
    String text = result.getResponse().getContentAsString();
    assertThat(result.getResponse().getStatus()).as(text).isEqualTo(status);
    return Churn.JSON.readTree(text);
  }

  /** The rows as a V1 records request. */
  private static String records(List<Map<String, Object>> rows) throws Exception {
    ObjectNode body = Churn.JSON.createObjectNode();
    body.set("instances", Churn.JSON.valueToTree(rows));
    return Churn.JSON.writeValueAsString(body);
  }

  /** The rows as a V2 inference request, explained or not. */
  private static String infer(List<Map<String, Object>> rows, boolean explain) throws Exception {
    ObjectNode v2 = Churn.JSON.createObjectNode();
    ArrayNode inputs = v2.putArray("inputs");
    for (String feature : XGBoostChurn.FEATURES) {
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
    v2.putObject("parameters").put("explain", explain);
    return Churn.JSON.writeValueAsString(v2);
  }
}

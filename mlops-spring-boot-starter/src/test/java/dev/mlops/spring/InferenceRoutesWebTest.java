package dev.mlops.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.server.InferenceRoutes;
import dev.mlops.spring.web.MlopsWebFluxAutoConfiguration;
import dev.mlops.spring.web.MlopsWebMvcAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.reactive.function.server.RouterFunction;

/** The inference routes under mlops.web.prefix, on Spring MVC and on WebFlux. */
class InferenceRoutesWebTest {

  private static final String INFER = "{\"id\":\"r1\",\"inputs\":["
      + "{\"name\":\"tenure_months\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.0]},"
      + "{\"name\":\"monthly_charges\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[70.5]},"
      + "{\"name\":\"contract\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"monthly\"]},"
      + "{\"name\":\"has_support\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[false]}]}";
  private static final String RECORDS = "{\"instances\":[{\"tenure_months\":1.0,"
      + "\"monthly_charges\":70.5,\"contract\":\"monthly\",\"has_support\":false}]}";

  @Test
  void springMvcServesTheModelServersRoutesUnderThePrefix() {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
            MlopsWebMvcAutoConfiguration.class, WebMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class))
        .withPropertyValues("mlops.registry=" + location, "mlops.web.enabled=true",
            "mlops.web.prefix=/models/", "mlops.web.max-body-bytes=2000",
            "mlops.deployments.churn.model=models:/churn@production")
        .run(context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          assertThat(call(mvc, get("/models/v2/health/ready")).getResponse().getStatus())
              .isEqualTo(503);
          MvcResult notReady = call(mvc, post("/models/v2/models/churn/infer")
              .contentType(MediaType.APPLICATION_JSON).content(INFER));
          assertThat(notReady.getResponse().getStatus()).isEqualTo(503);
          assertThat(notReady.getResponse().getHeader("Retry-After")).isEqualTo("1");
          assertThat(notReady.getResponse().getContentAsString()).contains("not ready");

          context.getBean(ModelRegistry.class).setAlias("churn", "production", 1,
              AliasPrecondition.absent(), "first release");
          MlopsAutoConfigurationTest.await(() -> status(mvc, get("/models/v2/health/ready"))
              == 200);

          MvcResult infer = call(mvc, post("/models/v2/models/churn/infer")
              .contentType(MediaType.APPLICATION_JSON).content(INFER));
          assertThat(infer.getResponse().getStatus()).isEqualTo(200);
          JsonNode answer = Churn.JSON.readTree(infer.getResponse().getContentAsString());
          assertThat(answer.get("model_version").asText()).isEqualTo("1");
          assertThat(answer.get("outputs").get(0).get("data").get(0).asDouble())
              .isCloseTo(Churn.probabilities("v1", 0).get(0), org.assertj.core.api.Assertions
                  .within(1e-5));

          // The deployment is monitored (the default): its answers carry prediction ids, and
          // outcomes reported by them join through its monitor.
          String id = answer.get("parameters").get("prediction_ids").get(0).asText();
          MvcResult outcomes = call(mvc, post("/models/v2/models/churn/outcomes")
              .contentType(MediaType.APPLICATION_JSON).content("{\"outcomes\":["
                  + "{\"prediction_id\":\"" + id + "\",\"actual\":\"stay\"},"
                  + "{\"prediction_id\":\"never-made\",\"actual\":\"churn\"}]}"));
          assertThat(outcomes.getResponse().getStatus()).isEqualTo(200);
          JsonNode receipt = Churn.JSON.readTree(outcomes.getResponse().getContentAsString());
          assertThat(receipt.get("joined").asInt()).isEqualTo(1);
          assertThat(receipt.get("unknown").asInt()).isEqualTo(1);
          assertThat(MlopsAutoConfigurationTest.joinedOutcomes(
              context.getBean("churnMonitor", ModelMonitor.class))).isEqualTo(1);

          MvcResult records = call(mvc, post("/models/v1/models/churn:predict")
              .contentType(MediaType.APPLICATION_JSON).content(RECORDS));
          assertThat(records.getResponse().getStatus()).isEqualTo(200);
          assertThat(records.getResponse().getContentAsString()).contains("\"prediction_id\"");

          MvcResult bad = call(mvc, post("/models/v1/models/churn:predict")
              .contentType(MediaType.APPLICATION_JSON).content(RECORDS.replace("monthly\"",
                  "weekly\"")));
          assertThat(bad.getResponse().getStatus()).isEqualTo(400);
          assertThat(bad.getResponse().getContentAsString()).contains("contract", "weekly");
          assertThat(status(mvc, get("/models/v2/models/fraud"))).isEqualTo(404);
          assertThat(status(mvc, post("/models/v2/models/churn/infer")
              .contentType(MediaType.APPLICATION_JSON).content(INFER + " ".repeat(2000))))
              .isEqualTo(413);
        });
  }

  @Test
  void webFluxServesTheSameRoutesWithoutBlockingTheEventLoop() {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    Churn.alias(location, "production", 1);
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
            MlopsWebFluxAutoConfiguration.class))
        .withPropertyValues("mlops.registry=" + location, "mlops.web.enabled=true",
            "mlops.web.max-body-bytes=2000",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.enabled=false")
        .run(context -> {
          WebTestClient client = WebTestClient.bindToRouterFunction(
              context.getBean("mlopsRouterFunction", RouterFunction.class)).build();
          MlopsAutoConfigurationTest.await(() -> client.get().uri("/mlops/v2/health/ready")
              .exchange().returnResult(String.class).getStatus().value() == 200);
          String body = client.post().uri("/mlops/v2/models/churn/infer")
              .contentType(MediaType.APPLICATION_JSON).bodyValue(INFER).exchange()
              .expectStatus().isOk()
              .expectBody(String.class).returnResult().getResponseBody();
          JsonNode answer = Churn.JSON.readTree(body);
          assertThat(answer.get("model_version").asText()).isEqualTo("1");
          assertThat(answer.get("id").asText()).isEqualTo("r1");
          client.post().uri("/mlops/v2/models/churn/infer").contentType(MediaType.APPLICATION_JSON)
              .bodyValue(INFER + " ".repeat(5000)).exchange()
              .expectStatus().isEqualTo(413);
          client.post().uri("/mlops/v2/models/churn/infer").contentType(MediaType.TEXT_PLAIN)
              .bodyValue(INFER).exchange()
              .expectStatus().isEqualTo(415);
          // Without a monitor the model takes no outcomes.
          String refused = client.post().uri("/mlops/v2/models/churn/outcomes")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue("{\"outcomes\":[{\"prediction_id\":\"p\",\"actual\":\"stay\"}]}")
              .exchange().expectStatus().isNotFound()
              .expectBody(String.class).returnResult().getResponseBody();
          assertThat(refused).contains("not monitored");
        });
  }

  @Test
  void theWebPropertiesLimitRowsAndServeOtherVersionsAndTheApplicationsRoutesWin() {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    Churn.register(location, "churn-v2.onnx");
    Churn.alias(location, "production", 1);
    WebApplicationContextRunner web = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class,
            MlopsWebMvcAutoConfiguration.class, WebMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class))
        .withPropertyValues("mlops.registry=" + location, "mlops.web.enabled=true",
            "mlops.deployments.churn.model=models:/churn@production",
            "mlops.deployments.churn.monitoring.enabled=false");
    web.withPropertyValues("mlops.web.max-rows-per-request=2", "mlops.web.cached-versions=1")
        .run(context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          MlopsAutoConfigurationTest.await(() -> status(mvc, get("/mlops/v2/health/ready"))
              == 200);
          MvcResult tooMany = call(mvc, post("/mlops/v1/models/churn:predict")
              .contentType(MediaType.APPLICATION_JSON).content(records(3)));
          assertThat(tooMany.getResponse().getStatus()).isEqualTo(413);
          assertThat(tooMany.getResponse().getContentAsString())
              .contains("over the limit of 2 rows per request");
          assertThat(status(mvc, post("/mlops/v1/models/churn:predict")
              .contentType(MediaType.APPLICATION_JSON).content(records(2)))).isEqualTo(200);
          MvcResult other = call(mvc, post("/mlops/v2/models/churn/versions/2/infer")
              .contentType(MediaType.APPLICATION_JSON).content(INFER));
          assertThat(other.getResponse().getStatus()).isEqualTo(200);
          JsonNode answer = Churn.JSON.readTree(other.getResponse().getContentAsString());
          assertThat(answer.get("model_version").asText()).isEqualTo("2");
        });
    web.run(context -> {
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
      MlopsAutoConfigurationTest.await(() -> status(mvc, get("/mlops/v2/health/ready")) == 200);
      // cached-versions=0, the default: only the version served now.
      MvcResult other = call(mvc, post("/mlops/v2/models/churn/versions/2/infer")
          .contentType(MediaType.APPLICATION_JSON).content(INFER));
      assertThat(other.getResponse().getStatus()).isEqualTo(404);
      assertThat(other.getResponse().getContentAsString())
          .contains("other versions are not served");
      assertThat(status(mvc, post("/mlops/v1/models/churn:predict")
          .contentType(MediaType.APPLICATION_JSON).content(records(3)))).isEqualTo(200);
    });
    web.withUserConfiguration(OwnRoutes.class).run(context -> {
      assertThat(context).doesNotHaveBean("mlopsInferenceRoutes").hasBean("ownRoutes");
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
      MlopsAutoConfigurationTest.await(() -> status(mvc, get("/mlops/v2/health/ready")) == 200);
      // The application's routes take one row per request; the properties' would take 1024.
      assertThat(status(mvc, post("/mlops/v1/models/churn:predict")
          .contentType(MediaType.APPLICATION_JSON).content(records(2)))).isEqualTo(413);
    });
  }

  /** Routes the application builds itself over the starter's deployment bean. */
  @Configuration(proxyBeanMethods = false)
  static class OwnRoutes {
    @Bean
    InferenceRoutes ownRoutes(ModelRegistry registry,
        @Qualifier("churn") Deployment<Map<String, Object>, Prediction> churn) {
      return InferenceRoutes.builder().registry(registry).serve(churn).maxRowsPerRequest(1)
          .build();
    }
  }

  /** The first {@code n} fixture rows as a V1 records request. */
  private static String records(int n) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Churn.row(i));
    }
    return Churn.JSON.writeValueAsString(Map.of("instances", rows));
  }

  private static MvcResult call(MockMvc mvc,
      org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
    return mvc.perform(request).andReturn();
  }

  private static int status(MockMvc mvc,
      org.springframework.test.web.servlet.RequestBuilder request) {
    try {
      return call(mvc, request).getResponse().getStatus();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

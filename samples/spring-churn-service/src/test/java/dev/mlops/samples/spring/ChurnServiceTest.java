package dev.mlops.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.RegistrationRequest;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample service over real HTTP: health DOWN while the alias is missing, UP once it is set; a
 * prediction; the alias moved while clients keep calling, with no failed request and the new
 * version answering from then on; histogram buckets in the Prometheus scrape; a span per
 * prediction in a test tracer; the mlops endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class ChurnServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode EXPECTED = read("/models/expected.json");
  private static final ModelSignature SIGNATURE = new ModelSignature(
      List.of(
          FieldSpec.scalar("tenure_months", DataType.FLOAT32),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", List.of("monthly", "yearly", "two_year")),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 3)
          .withCategories(List.of("stay", "downgrade", "churn"))),
      List.of(Map.of("tenure_months", 12.0, "monthly_charges", 30.0, "contract", "yearly",
          "has_support", true)));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .build();

  @LocalServerPort
  private int port;

  @Autowired
  private ModelRegistry registry;

  @Autowired
  private SimpleTracer tracer;

  /** A registry with version 1 of the model, but no production alias yet. */
  @DynamicPropertySource
  static void registry(DynamicPropertyRegistry properties) throws IOException {
    Path dir = Files.createTempDirectory("spring-churn-service");
    try (FileModelRegistry r = FileModelRegistry.builder().root(dir).open()) {
      register(r, "churn-v1.onnx");
    }
    properties.add("mlops.registry", () -> dir.toUri().toString());
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Tracing {
    @Bean
    SimpleTracer simpleTracer() {
      return new SimpleTracer();
    }
  }

  @Test
  void servesTheChurnModelFromPropertiesThroughAliasMovesWithoutAFailedRequest()
      throws Exception {
    // No production alias: the context started, the deployment is DOWN and the service says so.
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(health.body()).at("/components/mlops/components/churn/status")
        .asText()).isEqualTo("DOWN");
    assertThat(post("/churn/score", row(0)).statusCode()).isEqualTo(503);

    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first release");
    await(() -> get("/actuator/health").statusCode() == 200);
    assertThat(JSON.readTree(get("/actuator/health/mlops/churn").body()).get("details")
        .get("version").asInt()).isEqualTo(1);

    HttpResponse<String> scored = post("/churn/score", row(0));
    assertThat(scored.statusCode()).isEqualTo(200);
    JsonNode first = JSON.readTree(scored.body());
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("scores").get(0).asDouble())
        .isCloseTo(EXPECTED.at("/probabilities/v1/0/0").asDouble(), within(1e-5));

    // Version 2 arrives and the alias moves while two clients keep calling.
    register(registry, "churn-v2.onnx");
    Map<Integer, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = List.of(
          clients.submit(() -> callUntil(stop, "/churn/score", row(1), answeredBy, statuses)),
          clients.submit(() -> callUntil(stop, "/mlops/v1/models/churn:predict",
              "{\"instances\":[" + row(1) + "]}", answeredBy, statuses)));
      await(() -> answeredBy.containsKey(1));
      registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "better model");
      await(() -> answeredBy.getOrDefault(2, new AtomicInteger()).get() >= 20);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(statuses.keySet()).containsOnly(200);
    System.out.printf("Alias moved under load: %s answers by version, statuses %s%n", answeredBy,
        statuses);
    for (int i = 0; i < 10; i++) {
      JsonNode after = JSON.readTree(post("/churn/score", row(2)).body());
      assertThat(after.get("version").asInt()).isEqualTo(2);
      assertThat(after.get("scores").get(2).asDouble())
          .isCloseTo(EXPECTED.at("/probabilities/v2/2/2").asDouble(), within(1e-5));
    }

    String scrape = get("/actuator/prometheus").body();
    assertThat(scrape).contains(
        "mlops_predict_latency_seconds_bucket{model=\"churn\",outcome=\"success\",version=\"2\",le=\"0.001\"}",
        "le=\"+Inf\"", "mlops_monitor_latency_seconds_bucket{", "mlops_deployment_swaps_total");

    // Spans still being built by other requests have no name yet.
    List<SimpleSpan> spans = tracer.getSpans().stream().filter(s -> s.getName() != null).toList();
    List<SimpleSpan> predictSpans = spans.stream()
        .filter(s -> s.getName().startsWith("mlops.predict")).toList();
    assertThat(predictSpans).isNotEmpty();
    assertThat(predictSpans).anySatisfy(s -> assertThat(s.getTags())
        .containsEntry("model", "churn").containsEntry("version", "2")
        .containsEntry("outcome", "success"));
    assertThat(spans).anySatisfy(s -> assertThat(s.getName())
        .startsWith("mlops.deployment.swap"));

    JsonNode endpoint = JSON.readTree(get("/actuator/mlops").body()).at("/deployments/churn");
    assertThat(endpoint.get("version").asInt()).isEqualTo(2);
    assertThat(endpoint.at("/aliases/production").asInt()).isEqualTo(2);
    assertThat(endpoint.at("/monitor/modelName").asText()).isEqualTo("churn");
    assertThat(endpoint.at("/monitor/predictions").asLong()).isPositive();
  }

  private void callUntil(AtomicBoolean stop, String path, String body,
      Map<Integer, AtomicInteger> answeredBy, Map<Integer, AtomicInteger> statuses) {
    while (!stop.get()) {
      try {
        HttpResponse<String> r = post(path, body);
        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        if (r.statusCode() == 200) {
          JsonNode answer = JSON.readTree(r.body());
          int version = answer.has("version") ? answer.get("version").asInt()
              : answer.get("model_version").asInt();
          answeredBy.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
        }
      } catch (IOException e) {
        statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static String row(int i) {
    return EXPECTED.get("rows").get(i).toString();
  }

  private static void register(ModelRegistry registry, String file) {
    registry.register(RegistrationRequest.builder("churn").artifact(model(file))
        .format(ModelFormat.ONNX).signature(SIGNATURE).build());
  }

  private static Path model(String file) {
    try {
      return Path.of(Objects.requireNonNull(ChurnServiceTest.class.getResource("/models/" + file),
          file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(String resource) {
    try (InputStream in = ChurnServiceTest.class.getResourceAsStream(resource)) {
      return JSON.readTree(Objects.requireNonNull(in, resource));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The condition did not hold within 90 s");
      }
      Thread.sleep(50);
    }
  }
}

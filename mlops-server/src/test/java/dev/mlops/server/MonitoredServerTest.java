package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started with monitoring: responses carry prediction ids, outcomes are reported with
 * {@code POST /v2/models/{name}/outcomes}, and {@code /metrics} shows traffic, drift and
 * performance per version.
 */
class MonitoredServerTest {

  @TempDir Path dir;

  private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
  private final List<ModelServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(ModelServer::close);
    registry.close();
  }

  @Test
  void outcomesJoinPredictionsAndTheMetricsShowDriftAndPerformancePerVersion() throws Exception {
    registerWithReferenceProfile();
    Http http = start(ModelServer.builder().monitor().monitorWindow(Duration.ofSeconds(1)));

    JsonNode inferred = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 3)).json();
    assertThat(inferred.get("parameters").get("prediction_ids")).hasSize(3);
    // One call of 120 rows, far from the training data: one window with enough rows for drift.
    Random random = new Random(1);
    StringBuilder instances = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      instances.append(i == 0 ? "" : ",").append("{\"tenure_months\":")
          .append(60 + random.nextInt(12)).append(",\"monthly_charges\":")
          .append(150 + random.nextInt(50)).append(",\"contract\":\"two_year\","
              + "\"has_support\":true}");
    }
    JsonNode predicted = http.post("/v1/models/churn:predict",
        "{\"instances\":[" + instances + "]}").json();
    List<String> ids = new ArrayList<>();
    predicted.get("predictions").forEach(p -> ids.add(p.get("prediction_id").asText()));
    assertThat(ids).hasSize(120).doesNotHaveDuplicates();
    // The outcomes come once that window closed, as labels do.
    Thread.sleep(1100);

    StringBuilder outcomes = new StringBuilder("{\"outcomes\":[");
    for (int i = 0; i < ids.size(); i++) {
      outcomes.append(i == 0 ? "" : ",").append("{\"prediction_id\":\"").append(ids.get(i))
          .append("\",\"actual\":\"").append(i % 3 == 0 ? "churn" : "stay").append("\"}");
    }
    outcomes.append(",{\"prediction_id\":\"never-made\",\"actual\":\"stay\"}]}");
    JsonNode receipt = http.post("/v2/models/churn/outcomes", outcomes.toString()).json();
    assertThat(receipt.get("joined").asLong()).isEqualTo(120);
    assertThat(receipt.get("unknown").asLong()).isEqualTo(1);
    assertThat(receipt.get("duplicates").asLong()).isZero();
    JsonNode again = http.post("/v2/models/churn/outcomes", "{\"outcomes\":[{\"prediction_id\":\""
        + ids.get(0) + "\",\"actual\":\"stay\"}]}").json();
    assertThat(again.get("duplicates").asLong()).isEqualTo(1);

    String waiting = inferred.get("parameters").get("prediction_ids").get(0).asText();
    Http.Answer wrong = http.post("/v2/models/churn/outcomes", "{\"outcomes\":[{\"prediction_id\":"
        + "\"" + waiting + "\",\"actual\":\"maybe\"}]}");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("maybe").contains(waiting);
    assertThat(http.post("/v2/models/churn/outcomes", "{\"outcomes\": 3}").status())
        .isEqualTo(400);

    String metrics = http.get("/metrics").body();
    assertThat(metrics)
        .contains("mlops_monitor_predictions_total{model=\"churn\",version=\"1\"} 123.0")
        .contains("mlops_monitor_outcomes_total{model=\"churn\",status=\"joined\",version=\"1\"}"
            + " 120.0")
        .contains("mlops_monitor_outcomes_pending{model=\"churn\",version=\"1\"} 3.0")
        .contains("mlops_monitor_drift_share{model=\"churn\",version=\"1\"}")
        .contains("mlops_monitor_drift_score{feature=\"tenure_months\",model=\"churn\","
            + "version=\"1\"}")
        .contains("mlops_monitor_performance{metric=\"accuracy\",model=\"churn\",version=\"1\"}");
    assertThat(metrics).containsPattern(
        "mlops_monitor_drift_dataset\\{model=\"churn\",version=\"1\"} 1\\.0");
  }

  @Test
  void aServerWithoutMonitoringAnswersOutcomesWith404() throws Exception {
    Churn.register(registry, "churn", "churn-v1.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    Http http = start(ModelServer.builder());
    Http.Answer answer = http.post("/v2/models/churn/outcomes",
        "{\"outcomes\":[{\"prediction_id\":\"p\",\"actual\":\"stay\"}]}");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body()).contains("--monitor");
    assertThat(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)).json()
        .has("parameters")).isFalse();
  }

  @Test
  void predictionsSucceedWhileTheFleetStoreIsUnreachableAndOutcomesAre503() throws Exception {
    Churn.register(registry, "churn", "churn-v1.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    Http http = start(ModelServer.builder().monitor(new UnreachableStore()));
    JsonNode inferred = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 2)).json();
    String id = inferred.get("parameters").get("prediction_ids").get(0).asText();
    Http.Answer answer = http.post("/v2/models/churn/outcomes",
        "{\"outcomes\":[{\"prediction_id\":\"" + id + "\",\"actual\":\"stay\"}]}");
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).contains("nothing was joined").contains("unreachable");
  }

  @Test
  void aBinaryClassifiersFleetMetricsAreJudgedAtTheServersDecisionThreshold() throws Exception {
    // scikit-learn's binary gradient boosting (classes 0 and 1), from mlops-djl's fixtures.
    Path fixtures = Path.of("../mlops-djl/src/test/resources/converted");
    JsonNode gb = Churn.JSON.readTree(fixtures.resolve("expected.json").toFile()).get("gb-tensor");
    registry.register(RegistrationRequest.builder("gb").artifact(fixtures.resolve("gb-tensor.onnx"))
        .format(ModelFormat.ONNX).build());
    InMemoryMonitorStore store = new InMemoryMonitorStore();
    ModelServer server = ModelServer.builder().registry(registry).serve("models:/gb/1").port(0)
        .monitor(store).monitorWindow(Duration.ofDays(1)).decisionThreshold(0.8).start();
    servers.add(server);
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    Http http = new Http(server.baseUri(), null);

    JsonNode predicted = http.post("/v1/models/gb:predict",
        "{\"instances\":" + gb.get("rows") + "}").json();
    StringBuilder outcomes = new StringBuilder("{\"outcomes\":[");
    int rightAtHalf = 0;
    int rightAtThreshold = 0;
    for (int i = 0; i < gb.get("rows").size(); i++) {
      JsonNode p = predicted.get("predictions").get(i);
      double one = p.get("output_probability_1").asDouble();
      int actual = gb.get("labels").get(i).asInt();
      rightAtHalf += (one >= 0.5 ? 1 : 0) == actual ? 1 : 0;
      rightAtThreshold += (one >= 0.8 ? 1 : 0) == actual ? 1 : 0;
      outcomes.append(i == 0 ? "" : ",").append("{\"prediction_id\":\"")
          .append(p.get("prediction_id").asText()).append("\",\"actual\":").append(actual)
          .append('}');
    }
    JsonNode receipt = http.post("/v2/models/gb/outcomes", outcomes.append("]}").toString())
        .json();
    assertThat(receipt.get("joined").asLong()).as("%s", receipt).isEqualTo(20);
    assertThat(rightAtThreshold).as("rows between 0.5 and 0.8 tell the thresholds apart")
        .isLessThan(rightAtHalf);

    // A reader told nothing, as mlops monitor status is, finds the threshold in the store.
    FleetSnapshots fleet = FleetSnapshots.builder(store).registry(registry).build();
    // The server's monitor records its windows and threshold on its first write.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<MonitorSnapshot> windows = fleet.currentAndLastClosed("gb");
    while (windows.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      windows = fleet.currentAndLastClosed("gb");
    }
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).outcomes().joined()).isEqualTo(20);
    assertThat(windows.get(0).metrics()).containsEntry("accuracy", rightAtThreshold / 20.0);
  }

  private Http start(ModelServer.Builder builder) throws InterruptedException {
    ModelServer server = builder.registry(registry).serve("models:/churn@production").port(0)
        .start();
    servers.add(server);
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    return new Http(server.baseUri(), null);
  }

  /** The churn fixture in a directory with the profile of made-up training rows. */
  private void registerWithReferenceProfile() throws Exception {
    Path artifact = Files.createDirectories(dir.resolve("churn"));
    Files.copy(Churn.model("churn-v1.onnx"), artifact.resolve("churn-v1.onnx"));
    DatasetProfile reference = DatasetProfile.builder().numeric("tenure_months")
        .numeric("monthly_charges").categorical("contract").categorical("has_support").build();
    Random random = new Random(2);
    for (int i = 0; i < 2000; i++) {
      reference.update(Map.of("tenure_months", random.nextInt(48),
          "monthly_charges", 20 + random.nextInt(80),
          "contract", List.of("monthly", "yearly", "two_year").get(random.nextInt(3)),
          "has_support", random.nextBoolean()));
    }
    ReferenceProfiles.write(reference, artifact);
    registry.register(RegistrationRequest.builder("churn").artifact(artifact)
        .format(ModelFormat.ONNX).signature(Churn.SIGNATURE).build());
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
  }
}

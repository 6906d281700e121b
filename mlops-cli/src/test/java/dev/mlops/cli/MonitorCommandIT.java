package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.testkit.postgres.PostgresServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet monitoring through the command line, as separate processes on one PostgreSQL registry:
 * a version registered with its training data's profile, drift against it, predictions on one
 * {@code mlops serve --monitor} and their outcomes on another, joined in {@code mlops monitor
 * status --json} and on {@code mlops ui --monitor}'s monitoring page.
 */
class MonitorCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");

  @TempDir
  Path dir;

  @Test
  void predictionsOnOneServerAndOutcomesOnAnotherAreJoinedInTheFleetStatus() throws Exception {
    PostgresServer pg = PostgresServer.sharedOrSkip();
    String registry = pg.jdbcUrl() + "?user=postgres";
    String model = "churn" + ProcessHandle.current().pid();
    MlopsProcess mlops = new MlopsProcess(dir);
    copyFixtures();
    writeCsv(dir.resolve("train.csv"), 300, 0, 1);
    writeCsv(dir.resolve("current.csv"), 300, 40, 2);

    MlopsProcess.Result registered = mlops.run("--registry", registry, "models", "register", model,
        "--file", "churn-v1.onnx", "--signature", "signature.json", "--reference-data",
        "train.csv", "--alias", "production");
    assertThat(registered.exitCode()).as(registered.toString()).isZero();
    MlopsProcess.Result drift = mlops.run("--registry", registry, "drift", "--reference",
        "models:/" + model + "@production", "--current", "current.csv", "--json", "-");
    assertThat(drift.exitCode()).as(drift.toString()).isZero();
    JsonNode report = JSON.readTree(drift.out());
    assertThat(report.get("approximate").asBoolean()).as("profiles against profiles").isTrue();
    Map<String, JsonNode> features = new HashMap<>();
    report.get("features").forEach(f -> features.put(f.get("name").asText(), f));
    assertThat(features).containsOnlyKeys("tenure_months", "monthly_charges", "contract",
        "has_support");
    assertThat(features.get("tenure_months").get("drifted").asBoolean()).isTrue();
    assertThat(features.get("has_support").get("kind").asText()).isEqualTo("categorical");

    try (ServeProcess a = ServeProcess.ready(mlops, dir, "a", "--registry", registry, "serve",
            "models:/" + model + "@production", "--port", "0", "--monitor");
        ServeProcess b = ServeProcess.ready(mlops, dir, "b", "--registry", registry, "serve",
            "models:/" + model + "@production", "--port", "0", "--monitor")) {
      HttpClient client = HttpClient.newHttpClient();
      List<String> ids = new ArrayList<>();
      JsonNode predicted = JSON.readTree(post(client, a.base, "/v1/models/" + model + ":predict",
          "{\"instances\":[" + instances(12) + "]}"));
      predicted.get("predictions").forEach(p -> ids.add(p.get("prediction_id").asText()));
      assertThat(ids).hasSize(12);

      // Server a writes its predictions to the store within a second; then b can join to them.
      JsonNode status;
      try {
        status = awaitStatus(mlops, registry, model, s -> s.get("versions").size() == 1
            && predictionsWindow(s.get("versions").get(0)).get("pendingLabels").asLong() == 12);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nserver a: " + a.errors(), e);
      }
      assertThat(predictionsWindow(status.get("versions").get(0)).get("labelled").asLong())
          .isZero();

      StringBuilder outcomes = new StringBuilder("{\"outcomes\":[");
      for (int i = 0; i < ids.size(); i++) {
        outcomes.append(i == 0 ? "" : ",").append("{\"prediction_id\":\"").append(ids.get(i))
            .append("\",\"actual\":\"").append(i % 4 == 0 ? "churn" : "stay").append("\"}");
      }
      outcomes.append("]}");
      JsonNode receipt = JSON.readTree(post(client, b.base, "/v2/models/" + model + "/outcomes",
          outcomes.toString()));
      assertThat(receipt.get("joined").asLong()).as(receipt.toString()).isEqualTo(12);
      assertThat(receipt.get("unknown").asLong()).isZero();

      JsonNode joined = awaitStatus(mlops, registry, model, s -> s.get("versions").size() == 1
          && predictionsWindow(s.get("versions").get(0)).get("labelled").asLong() == 12);
      assertThat(joined.get("model").asText()).isEqualTo(model);
      assertThat(joined.get("versions").get(0).get("version").asInt()).isEqualTo(1);
      JsonNode version = predictionsWindow(joined.get("versions").get(0));
      assertThat(version.get("predictions").asLong()).isEqualTo(12);
      assertThat(version.get("pendingLabels").asLong()).isZero();
      assertThat(version.get("metrics").get("accuracy").isNumber()).isTrue();
      assertThat(version.get("latencyP99Ms").isNumber()).isTrue();
      assertThat(version.has("driftShare")).isTrue();

      String metrics = get(client, b.base, "/metrics");
      assertThat(metrics).contains("mlops_monitor_outcomes_total{model=\"" + model
          + "\",status=\"joined\",version=\"1\"} 12.0");
      String predictingMetrics = get(client, a.base, "/metrics");
      assertThat(predictingMetrics).contains("mlops_monitor_predictions_total{model=\""
          + model + "\",version=\"1\"} 12.0");
      // What the store could not take is counted; nothing here.
      assertThat(predictingMetrics).contains("mlops_monitor_store_dropped_total{kind=\"prediction\","
          + "model=\"" + model + "\"} 0.0");
    }
    assertConsoleShowsTheFleetsWindow(mlops, registry, model);
  }

  /** {@code mlops ui --monitor} on the same registry shows the window both servers wrote. */
  private void assertConsoleShowsTheFleetsWindow(MlopsProcess mlops, String registry, String model)
      throws Exception {
    Process ui = mlops.start(dir.resolve("ui.out"), dir.resolve("ui.err"), "--registry", registry,
        "ui", "--port", "0", "--monitor");
    try {
      URI base = URI.create(UiCommandIT.awaitListening(ui, dir.resolve("ui.out"),
          dir.resolve("ui.err")));
      HttpClient client = HttpClient.newHttpClient();
      assertThat(get(client, base, "/monitoring")).contains("the fleet&#39;s monitoring store",
          "href=\"/monitoring/" + model + "\"");
      assertThat(get(client, base, "/monitoring/" + model)).contains("id=\"chart-traffic\"",
          "<td>v1</td><td>12</td>", "<td>12 / 0</td>");
    } finally {
      ui.destroyForcibly();
    }
  }

  @Test
  void monitorStatusWithAFileRegistrySaysFleetMonitoringNeedsASharedStore() throws Exception {
    MlopsProcess.Result r = new MlopsProcess(dir).run("monitor", "status", "churn", "--json");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("Fleet monitoring needs a shared store").contains("jdbc:");
  }

  /**
   * The figures of the window that holds the predictions, all made by one call: the current
   * window, or the last closed one if a window (an hour by default) turned since the call.
   */
  private static JsonNode predictionsWindow(JsonNode version) {
    JsonNode closed = version.get("lastClosedWindow");
    return version.get("predictions").asLong() == 0 && closed != null && !closed.isNull()
        ? closed : version;
  }

  private static JsonNode awaitStatus(MlopsProcess mlops, String registry, String model,
      java.util.function.Predicate<JsonNode> done) throws Exception {
    JsonNode last = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (last == null || System.nanoTime() < deadline) {
      MlopsProcess.Result r = mlops.run("--registry", registry, "monitor", "status", model,
          "--json");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      last = JSON.readTree(r.out());
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("mlops monitor status did not show what was expected within 90 s;"
        + " last: " + last);
  }

  private void copyFixtures() throws Exception {
    for (String name : new String[] {"churn-v1.onnx", "signature.json"}) {
      try (InputStream in = Objects.requireNonNull(
          MonitorCommandIT.class.getResourceAsStream("/predict/" + name), name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
  }

  /** Rows of the churn signature's inputs; {@code shift} raises tenure and charges. */
  private static void writeCsv(Path file, int rows, int shift, long seed) throws Exception {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("tenure_months,monthly_charges,contract,has_support\n");
    for (int i = 0; i < rows; i++) {
      csv.append(random.nextInt(48) + shift).append(',').append(20 + random.nextInt(80) + shift)
          .append(',').append(CONTRACTS.get(random.nextInt(3))).append(',')
          .append(random.nextBoolean()).append('\n');
    }
    Files.writeString(file, csv);
  }

  private static String instances(int rows) {
    Random random = new Random(3);
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      json.append(i == 0 ? "" : ",").append("{\"tenure_months\":").append(random.nextInt(48))
          .append(",\"monthly_charges\":").append(20 + random.nextInt(80))
          .append(",\"contract\":\"").append(CONTRACTS.get(random.nextInt(3)))
          .append("\",\"has_support\":").append(random.nextBoolean()).append('}');
    }
    return json.toString();
  }

  private static String post(HttpClient client, URI base, String path, String body)
      throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static String get(HttpClient client, URI base, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}

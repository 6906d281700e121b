package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.jdbc.JdbcModelRegistry;
import dev.mlops.jdbc.JdbcMonitorStore;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.postgres.PostgresServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops monitor status} on a PostgreSQL registry whose fleet's monitors were given a
 * decision threshold: it judges the binary classifier at that threshold without being told it.
 */
class MonitorStatusTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * P(yes) of eight predictions and their actual classes: at 0.8, 4 of 8 are right (rows 0, 5, 6
   * and 3); at the default 0.5, 5 of 8.
   */
  private static final double[] YES = {0.95, 0.85, 0.70, 0.60, 0.40, 0.20, 0.10, 0.75};
  private static final String[] ACTUAL = {"yes", "no", "yes", "no", "yes", "no", "no", "yes"};

  @TempDir Path dir;

  @Test
  void theMetricsAreJudgedAtTheThresholdTheServersMonitorsRecorded() throws Exception {
    PostgresServer pg = PostgresServer.sharedOrSkip();
    String location = pg.jdbcUrl() + "?user=postgres";
    String model = "binary" + ProcessHandle.current().pid();
    try (JdbcModelRegistry registry = JdbcModelRegistry.builder(URI.create(location)).open();
        JdbcMonitorStore store = JdbcMonitorStore.builder(URI.create(location)).open()) {
      Path artifact = Files.createDirectories(dir.resolve("artifact"));
      Files.writeString(artifact.resolve("model.bin"), "weights");
      ModelVersion version = registry.register(RegistrationRequest.builder(model)
          .artifact(artifact).format(ModelFormat.of("opaque"))
          .signature(ModelSignature.of(List.of(FieldSpec.scalar("x", DataType.FLOAT64)),
              List.of(FieldSpec.categorical("churn", List.of("no", "yes")))))
          .build());
      // What mlops serve --monitor --decision-threshold 0.8 builds for each model it serves.
      ModelMonitor monitor = ModelMonitor.builder().registry(registry).store(store)
          .tumblingWindow(Duration.ofDays(1)).decisionThreshold(0.8).build();
      Predictor<Map<String, Object>, Prediction> predictor =
          monitor.wrap(new SingleProbability(version));
      Map<String, Object> outcomes = new HashMap<>();
      for (int i = 0; i < YES.length; i++) {
        outcomes.put(predictor.predict(Map.of("x", YES[i])).predictionId(), ACTUAL[i]);
      }
      monitor.recordOutcomes(outcomes);
      monitor.flush();
      monitor.close();
    }

    InProcess.Result r = InProcess.run("--registry", location, "monitor", "status", model,
        "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode current = JSON.readTree(r.out()).get("versions").get(0);
    assertThat(current.get("labelled").asLong()).isEqualTo(8);
    assertThat(current.get("metrics").get("accuracy").asDouble()).as(r.out())
        .isCloseTo(0.5, within(1e-12));
    assertThat(current.get("metrics").get("recall").asDouble()).isCloseTo(0.25, within(1e-12));
  }

  /** A binary classifier whose one output is P(yes), the input's x. */
  private record SingleProbability(ModelVersion modelVersion)
      implements Predictor<Map<String, Object>, Prediction> {

    @Override
    public Prediction predict(Map<String, Object> input) {
      double yes = (Double) input.get("x");
      return new Prediction("p-" + yes + "-" + System.nanoTime(), modelVersion.name(),
          modelVersion.version(), List.of(yes), yes >= 0.5 ? "yes" : "no", Duration.ofMillis(1));
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      List<Prediction> out = new ArrayList<>();
      inputs.forEach(i -> out.add(predict(i)));
      return out;
    }

    @Override
    public void close() {}
  }
}

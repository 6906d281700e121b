package dev.mlops.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.estimation.BinaryPerformanceEstimator;
import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring page over a fleet's store: two monitors standing for two instances of a service
 * share an in-memory store; the page shows their windows merged, with the performance estimated
 * before the labels arrive beside the realized one.
 */
class FleetMonitoringPageTest {

  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(ConsoleFixture.T0);
  private final InMemoryMonitorStore store = new InMemoryMonitorStore();

  @Test
  void thePageShowsTheFleetsWindowsMergedAcrossInstancesWithEstimatedAccuracy() throws Exception {
    ConsoleFixture fixture = new ConsoleFixture(directory);
    BinaryPerformanceEstimator estimator = estimator(new Random(7));
    try (ModelMonitor a = instance("a", estimator); ModelMonitor b = instance("b", estimator)) {
      Predictor<Map<String, Object>, Prediction> onA = a.wrap(new Classifier("a-"));
      Predictor<Map<String, Object>, Prediction> onB = b.wrap(new Classifier("b-"));
      // The first hour: 3 predictions on a, 4 on b; the second (still open): 2 on a, 3 on b.
      clock.setInstant(ConsoleFixture.T0.plus(Duration.ofMinutes(10)));
      List<String> predictedOnA = predict(onA, 3);
      predict(onB, 4);
      clock.setInstant(ConsoleFixture.T0.plus(Duration.ofMinutes(70)));
      predict(onA, 2);
      predict(onB, 3);
      clock.setInstant(ConsoleFixture.T0.plus(Duration.ofMinutes(90)));
      a.flush();
      // Outcomes of a's first predictions reach b, which joins them through the store.
      predictedOnA.forEach(id -> b.recordOutcome(id, "yes"));
      b.flush();

      MonitorHistory history = MonitorHistory.of(a.fleet(), fixture.registry, Duration.ofDays(1),
          store.describe());
      assertThat(history.models()).containsExactly("churn");
      List<MonitorSnapshot> windows = history.windows("churn");
      assertThat(windows).extracting(MonitorSnapshot::predictions).containsExactly(7L, 5L);
      assertThat(windows).extracting(MonitorSnapshot::closed).containsExactly(true, false);
      MonitorSnapshot first = windows.get(0);
      assertThat(first.estimated().rows()).as("both instances' scores").isEqualTo(7);
      assertThat(first.outcomes().joined()).isEqualTo(3);
      double estimatedAccuracy = first.estimated().metrics().get("accuracy");

      try (ModelConsole console = ModelConsole.builder().registry(fixture.registry).port(0)
          .monitorHistory(history).start()) {
        ConsoleClient client = new ConsoleClient(console);
        String models = client.get("/monitoring").body();
        assertThat(models).contains("the fleet&#39;s monitoring store memory", "href=\"/monitoring/churn\"");
        String page = client.get("/monitoring/churn").body();
        String table = ModelConsolePagesTest.section(page, "windows");
        assertThat(ModelConsolePagesTest.count(table, "<tr>")).isEqualTo(3); // header and two windows
        assertThat(table).contains("<td>7</td>", "<td>5</td>", "3 / 4",
            "accuracy=" + dev.mlops.core.drift.internal.HtmlText.number(estimatedAccuracy));
        String traffic = ModelConsolePagesTest.svg(page, "chart-traffic");
        assertThat(ModelConsolePagesTest.count(traffic, "<circle")).isEqualTo(2);
        String accuracy = ModelConsolePagesTest.svg(page, "chart-metric-0");
        assertThat(accuracy).contains("aria-label=\"Performance: accuracy (realized",
            "data-series=\"v2\"", "data-series=\"v2 estimated\"", "stroke-dasharray",
            "data-band=\"v2 estimated\"");
        // Realized accuracy only where outcomes were joined (the first window); estimates in both.
        assertThat(ModelConsolePagesTest.count(accuracy, "<circle")).isEqualTo(3);
      }
    } finally {
      fixture.registry.close();
    }
  }

  private ModelMonitor instance(String name, BinaryPerformanceEstimator estimator) {
    // Writes happen when the test flushes, not on the writer's schedule.
    return ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofHours(1)).store(store)
        .instanceName(name).storeFlushInterval(Duration.ofHours(1))
        .performanceEstimator(2, estimator).build();
  }

  private static List<String> predict(Predictor<Map<String, Object>, Prediction> predictor, int rows) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ids.add(predictor.predict(Map.of("age", 30.0 + i)).predictionId());
    }
    return ids;
  }

  /** Fitted on 2,000 scores whose labels were drawn with the scores' probability. */
  private static BinaryPerformanceEstimator estimator(Random random) {
    double[] scores = new double[2000];
    boolean[] labels = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = 1 / (1 + Math.exp(-random.nextGaussian()));
      labels[i] = random.nextDouble() < scores[i];
    }
    return BinaryPerformanceEstimator.builder().fit(scores, labels);
  }

  /** Churn version 2 as a binary classifier whose probability of "yes" grows with the age. */
  private static final class Classifier implements Predictor<Map<String, Object>, Prediction> {
    private static final ModelVersion VERSION = new ModelVersion("churn", 2, ModelFormat.of("custom"),
        List.of(new ArtifactRef("model.bin", 1, "0".repeat(64))),
        ModelSignature.of(List.of(FieldSpec.scalar("age", DataType.FLOAT64)),
            List.of(FieldSpec.categorical("churn", List.of("no", "yes")))),
        Map.of(), Map.of(), Map.of(), Lineage.empty(), ModelVersionStatus.READY, Set.of(), null,
        ConsoleFixture.T0, "test");

    private final String prefix;
    private final AtomicLong ids = new AtomicLong();

    Classifier(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Prediction predict(Map<String, Object> input) {
      double yes = 1 / (1 + Math.exp(-(((Number) input.get("age")).doubleValue() - 31) / 2));
      return new Prediction(prefix + ids.incrementAndGet(), "churn", 2, List.of(1 - yes, yes),
          yes >= 0.5 ? "yes" : "no", Duration.ofMillis(2));
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      return inputs.stream().map(this::predict).toList();
    }

    @Override
    public ModelVersion modelVersion() {
      return VERSION;
    }

    @Override
    public void close() {}
  }
}

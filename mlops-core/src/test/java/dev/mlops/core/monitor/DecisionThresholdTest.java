package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
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
 * A binary classifier whose output is its positive class's probability alone, judged at the
 * default decision threshold 0.5 and at a configured 0.8: the metrics are those worked out by
 * hand below, in one monitor and through a shared store, and a reader of the store that was told
 * no threshold uses the one the monitors recorded there.
 */
class DecisionThresholdTest {

  /**
   * P(yes) of eight predictions and their actual classes. At 0.5, rows 0, 1, 2, 3 and 7 are
   * predicted yes: 3 true positives (0, 2, 7), 2 false positives (1, 3), 1 false negative (4) and
   * 2 true negatives (5, 6). At 0.8, rows 0 and 1 are: 1 true positive, 1 false positive, 3 false
   * negatives (2, 4, 7), 3 true negatives (3, 5, 6). Of the 16 pairs of a yes and a no, 12 rank
   * the yes higher (0 above all four, 2 and 7 above three, 4 above two): ROC AUC 0.75 at both.
   */
  private static final double[] YES = {0.95, 0.85, 0.70, 0.60, 0.40, 0.20, 0.10, 0.75};
  private static final String[] ACTUAL = {"yes", "no", "yes", "no", "yes", "no", "no", "yes"};
  private static final Map<String, Double> AT_HALF = Map.of("accuracy", 5 / 8.0,
      "precision", 3 / 5.0, "recall", 3 / 4.0, "f1", 2 / 3.0, "roc_auc", 0.75);
  private static final Map<String, Double> AT_EIGHT_TENTHS = Map.of("accuracy", 4 / 8.0,
      "precision", 1 / 2.0, "recall", 1 / 4.0, "f1", 1 / 3.0, "roc_auc", 0.75);

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:10Z");

  @TempDir Path dir;

  @Test
  void aSingleProbabilityIsThePositiveClassesAndIsJudgedAtTheDefaultThreshold() {
    ModelMonitor single = ModelMonitor.builder().clock(clock).build();
    List<Prediction> predictions = predictAndLabel(single,
        ScriptedDeployment.singleProbability(Models.classifier(1), "s-"), false);
    ModelMonitor both = ModelMonitor.builder().clock(clock).build();
    predictAndLabel(both, new ScriptedDeployment(Models.classifier(1), "b-"), false);

    assertThat(predictions).allSatisfy(p -> assertThat(p.scores()).hasSize(1));

    Map<String, Double> metrics = single.snapshot().metrics();
    assertMetrics(metrics, AT_HALF);
    assertThat(metrics.get("log_loss")).isCloseTo(logLoss(), within(1e-12));
    // The same as with both probabilities given, up to the last bit of 1 - p.
    assertThat(metrics).containsOnlyKeys(both.snapshot().metrics().keySet());
    assertMetrics(metrics, both.snapshot().metrics());
  }

  @Test
  void aConfiguredThresholdDecidesWhichRowsArePredictedPositive() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).decisionThreshold(0.8).build();
    predictAndLabel(monitor, ScriptedDeployment.singleProbability(Models.classifier(1), "s-"),
        false);

    Map<String, Double> metrics = monitor.snapshot().metrics();
    assertMetrics(metrics, AT_EIGHT_TENTHS);
    assertThat(metrics.get("log_loss")).as("the log loss does not depend on a threshold")
        .isCloseTo(logLoss(), within(1e-12));
  }

  @Test
  void throughAStoreTheFleetAndItsReadersJudgeAtTheThresholdTheMonitorsRecorded()
      throws IOException {
    InMemoryMonitorStore store = new InMemoryMonitorStore();
    try (FileModelRegistry registry = registry()) {
      ModelMonitor monitor = instance(store, 0.8);
      predictAndLabel(monitor, ScriptedDeployment.singleProbability(Models.classifier(1), "a-"),
          true);

      assertMetrics(window(monitor.fleet()).metrics(), AT_EIGHT_TENTHS);
      FleetSnapshots reader = FleetSnapshots.builder(store).registry(registry).clock(clock)
          .build();
      assertMetrics(window(reader).metrics(), AT_EIGHT_TENTHS);
      FleetSnapshots told = FleetSnapshots.builder(store).registry(registry).clock(clock)
          .decisionThreshold(0.5).build();
      assertMetrics(window(told).metrics(), AT_HALF);
      monitor.close();
    }
  }

  @Test
  void theRecordedThresholdIsThatOfTheMonitorThatStartedLast() throws IOException {
    InMemoryMonitorStore store = new InMemoryMonitorStore();
    try (FileModelRegistry registry = registry()) {
      ModelMonitor before = instance(store, 0.8);
      predictAndLabel(before, ScriptedDeployment.singleProbability(Models.classifier(1), "a-"),
          true);
      FleetSnapshots reader = FleetSnapshots.builder(store).registry(registry).clock(clock)
          .build();
      assertMetrics(window(reader).metrics(), AT_EIGHT_TENTHS);

      // The fleet is redeployed without a threshold: readers follow, over the earlier rows too.
      before.close();
      ModelMonitor after = ModelMonitor.builder().clock(clock)
          .tumblingWindow(Duration.ofMinutes(1)).store(store.anotherInstance())
          .instanceName("b").storeFlushInterval(Duration.ofHours(1)).build();
      after.wrap(ScriptedDeployment.singleProbability(Models.classifier(1), "b-"));
      after.flush();

      assertMetrics(window(reader).metrics(), AT_HALF);
      assertThat(window(before.fleet()).metrics())
          .as("a monitor's own reader keeps its own threshold").containsEntry("accuracy", 0.5);
      after.close();
    }
  }

  private ModelMonitor instance(InMemoryMonitorStore store, double threshold) {
    return ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .decisionThreshold(threshold).store(store).instanceName("a")
        .storeFlushInterval(Duration.ofHours(1)).build();
  }

  /** Wraps the deployment, predicts the eight rows and reports their outcomes. */
  private static List<Prediction> predictAndLabel(ModelMonitor monitor,
      ScriptedDeployment deployment, boolean shared) {
    Predictor<Map<String, Object>, Prediction> predictor = monitor.wrap(deployment);
    List<Prediction> predictions = new ArrayList<>();
    Map<String, Object> outcomes = new HashMap<>();
    for (int i = 0; i < YES.length; i++) {
      Prediction p = predictor.predict(Map.of("x", Math.log(YES[i] / (1 - YES[i])), "plan", "a"));
      predictions.add(p);
      outcomes.put(p.predictionId(), ACTUAL[i]);
    }
    // Through a store too, the monitor finds its own predictions at once, unflushed.
    assertThat(monitor.recordOutcomes(outcomes)).isEqualTo(new OutcomeReceipt(8, 0, 0));
    if (shared) {
      // The partials and the record of the windows and threshold, for readers.
      monitor.flush();
    }
    return predictions;
  }

  /** The fleet's open window of version 1. */
  private static MonitorSnapshot window(FleetSnapshots fleet) {
    List<MonitorSnapshot> windows = fleet.currentAndLastClosed("churn");
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).outcomes().joined()).isEqualTo(8);
    return windows.get(0);
  }

  private static void assertMetrics(Map<String, Double> metrics, Map<String, Double> expected) {
    expected.forEach((name, value) ->
        assertThat(metrics.get(name)).as(name).isCloseTo(value, within(1e-12)));
  }

  /** The mean negative log of the probability each row gave its actual class. */
  private static double logLoss() {
    double sum = 0;
    for (int i = 0; i < YES.length; i++) {
      double yes = 1 / (1 + Math.exp(-Math.log(YES[i] / (1 - YES[i]))));
      sum -= Math.log(ACTUAL[i].equals("yes") ? yes : 1 - yes);
    }
    return sum / YES.length;
  }

  /** A registry holding version 1 of the churn classifier, for readers to learn its classes. */
  private FileModelRegistry registry() throws IOException {
    FileModelRegistry registry = FileModelRegistry.builder().root(dir.resolve("registry")).open();
    Path artifact = Files.createDirectories(dir.resolve("artifact"));
    Files.writeString(artifact.resolve("model.bin"), "weights");
    registry.register(RegistrationRequest.builder("churn").artifact(artifact)
        .format(ModelFormat.of("opaque")).signature(Models.classifier(1).signature()).build());
    return registry;
  }
}

package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.estimation.EstimatedMetric;
import dev.mlops.core.estimation.MulticlassEstimateAccumulator;
import dev.mlops.core.estimation.MulticlassPerformanceEstimator;
import dev.mlops.core.estimation.PerformanceEstimate;
import dev.mlops.core.estimation.ReferenceScores;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every window of a classifier of more than two classes with a performance estimator carries the
 * one-vs-rest estimate of its scores, by the definitions of {@link
 * MulticlassPerformanceEstimator}: in one monitor, across a fleet, and through the snapshot JSON.
 */
class MulticlassEstimatesTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final List<String> CONFUSION_METRICS =
      List.of("accuracy", "precision", "recall", "f1");

  private final MutableClock clock = new MutableClock(START);
  private final Random random = new Random(19);
  private final MulticlassPerformanceEstimator estimator = estimator(new Random(7));

  @Test
  void aWindowOfTwoPanesEstimatesWhatTheArrayEstimatorDoesOnTheSameRows() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .slidingWindow(Duration.ofMinutes(2), Duration.ofMinutes(1))
        .performanceEstimator(1, estimator).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.multiclass(1)));
    List<Prediction> predictions = new ArrayList<>();
    for (int minute = 0; minute < 2; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      for (int i = 0; i < 300; i++) {
        // The second minute's inputs shift: the estimate follows the scores.
        predictions.add(predictor.predict(DriftAndMemoryTest.row(random, minute * 0.8)));
      }
    }
    double[][] scores = scores(predictions);

    EstimatedPerformance open = monitor.snapshot().estimated();
    assertThat(open.estimated()).isTrue();
    assertThat(open.rows()).isEqualTo(600);
    assertEstimates(open, estimator.estimate(scores), accumulated(scores).rocAucErrorBound());

    clock.set(START.plus(Duration.ofMinutes(2)));
    monitor.closeElapsedWindows();
    for (Prediction p : predictions) {
      monitor.recordOutcome(p.predictionId(), Models.IRIS_CLASSES.get(drawn(p.scores())));
    }
    MonitorSnapshot closed = monitor.closedWindows().get(1);
    assertThat(closed.windowStart()).isEqualTo(START);
    assertThat(closed.estimated()).isEqualTo(open);
    assertThat(closed.metrics()).as("realized beside estimated, under the same names")
        .containsKeys("accuracy", "precision", "recall", "f1", "roc_auc");
    assertThat(closed.metrics().get("accuracy")).as("labels drawn from calibrated scores")
        .isBetween(open.lower().get("accuracy"), open.upper().get("accuracy"));
    assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(closed)))
        .isEqualTo(closed);
  }

  @Test
  void aFleetOfTwoInstancesEstimatesWhatOneMonitorOfAllTheirTrafficDoes() {
    InMemoryMonitorStore store = new InMemoryMonitorStore();
    List<ModelMonitor> fleet = List.of(instance(store, "a"), instance(store, "b"));
    List<Predictor<Map<String, Object>, Prediction>> predictors = List.of(
        fleet.get(0).wrap(new ScriptedDeployment(Models.multiclass(1), "a-")),
        fleet.get(1).wrap(new ScriptedDeployment(Models.multiclass(1), "b-")));
    ModelMonitor single = ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .performanceEstimator(1, estimator).build();
    Predictor<Map<String, Object>, Prediction> all =
        single.wrap(new ScriptedDeployment(Models.multiclass(1), "single-"));
    List<Prediction> union = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      clock.set(START.plusMillis(100L * i));
      // Instance b sees shifted inputs: the fleet's partials differ.
      int member = random.nextInt(2);
      Map<String, Object> input = new HashMap<>(DriftAndMemoryTest.row(random, member));
      Prediction q = all.predict(input);
      assertThat(predictors.get(member).predict(input).scores()).isEqualTo(q.scores());
      union.add(q);
    }
    fleet.forEach(ModelMonitor::flush);
    clock.set(START.plus(Duration.ofMinutes(1)));
    fleet.forEach(ModelMonitor::flush);
    single.closeElapsedWindows();

    MonitorSnapshot merged = fleet.get(0).fleet().closedWindows("iris", START.minusSeconds(1),
        START.plus(Duration.ofMinutes(1))).get(0);
    EstimatedPerformance one = single.closedWindows().get(0).estimated();
    EstimatedPerformance fleetEstimate = merged.estimated();
    assertThat(fleetEstimate.rows()).isEqualTo(one.rows()).isEqualTo(400);
    assertThat(fleetEstimate.metrics()).containsOnlyKeys(
        "accuracy", "precision", "recall", "f1", "roc_auc");
    for (String metric : fleetEstimate.metrics().keySet()) {
      assertThat(fleetEstimate.metrics().get(metric)).as(metric)
          .isCloseTo(one.metrics().get(metric), within(1e-12));
      assertThat(fleetEstimate.lower().get(metric)).as(metric)
          .isCloseTo(one.lower().get(metric), within(1e-12));
      assertThat(fleetEstimate.upper().get(metric)).as(metric)
          .isCloseTo(one.upper().get(metric), within(1e-12));
    }
    double[][] scores = scores(union);
    assertEstimates(fleetEstimate, estimator.estimate(scores),
        accumulated(scores).rocAucErrorBound());
    assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(merged)))
        .isEqualTo(merged);
    fleet.forEach(ModelMonitor::close);
  }

  @Test
  void aVersionRegisteredWithReferenceScoresOfThreeClassesIsEstimatedByTheEstimatorFittedOnThem(
      @TempDir Path dir) throws IOException {
    Path artifact = dir.resolve("artifact");
    Files.createDirectories(artifact);
    Files.writeString(artifact.resolve("model.bin"), "weights");
    ReferenceScores reference = referenceScores(new Random(5), 2000);
    reference.write(artifact);
    try (FileModelRegistry registry = FileModelRegistry.builder().root(dir.resolve("registry"))
        .open()) {
      registry.register(RegistrationRequest.builder("iris").artifact(artifact)
          .format(ModelFormat.of("opaque")).signature(Models.multiclass(1).signature()).build());
      ModelMonitor monitor = ModelMonitor.builder().clock(clock).registry(registry)
          .tumblingWindow(Duration.ofMinutes(1)).build();
      Predictor<Map<String, Object>, Prediction> predictor =
          monitor.wrap(new ScriptedDeployment(registry.getVersion("iris", 1)));
      List<Prediction> predictions = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        predictions.add(predictor.predict(DriftAndMemoryTest.row(random, 0.5)));
      }
      double[][] scores = scores(predictions);
      MulticlassPerformanceEstimator fitted = reference.multiclassEstimator();
      assertEstimates(monitor.snapshot().estimated(), fitted.estimate(scores),
          accumulated(fitted, scores).rocAucErrorBound());
    }
  }

  @Test
  void anEstimatorOfTheWrongKindOrClassesLeavesTheWindowsUnestimatedAndSaysWhy() {
    assertThat(unavailable(ModelMonitor.builder().clock(clock)
        .performanceEstimator(1, FleetMonitoringTest.estimator(new Random(2))),
        Models.multiclass(1)))
        .isEqualTo("the binary performance estimator given for version 1 cannot estimate its 3"
            + " classes [setosa, versicolor, virginica]; give it a MulticlassPerformanceEstimator");
    assertThat(unavailable(ModelMonitor.builder().clock(clock).performanceEstimator(1, estimator),
        Models.classifier(1)))
        .startsWith("version 1 is a binary classifier").contains("BinaryPerformanceEstimator");
    ReferenceScores iris = referenceScores(new Random(3), 500);
    double[][] rows = new double[iris.rows()][];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      rows[i] = iris.scores(i);
      labels.add(iris.label(i));
    }
    MulticlassPerformanceEstimator otherClasses = ReferenceScores
        .of(List.of("setosa", "virginica", "versicolor"), rows, labels).multiclassEstimator();
    assertThat(unavailable(ModelMonitor.builder().clock(clock)
        .performanceEstimator(1, otherClasses), Models.multiclass(1)))
        .contains("has the classes [setosa, virginica, versicolor] but the version's output has"
            + " [setosa, versicolor, virginica]");
    assertThat(unavailable(ModelMonitor.builder().clock(clock), Models.multiclass(1)))
        .isEqualTo("version 1 has no reference-scores.json");
  }

  private String unavailable(ModelMonitor.Builder builder, ModelVersion version) {
    ModelMonitor monitor = builder.build();
    monitor.wrap(new ScriptedDeployment(version)).predict(DriftAndMemoryTest.row(random, 0));
    EstimatedPerformance estimated = monitor.snapshot().estimated();
    assertThat(estimated.estimated()).isFalse();
    return Objects.requireNonNull(estimated.unavailable());
  }

  private ModelMonitor instance(InMemoryMonitorStore store, String name) {
    return ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .performanceEstimator(1, estimator).store(store).instanceName(name)
        .storeFlushInterval(Duration.ofHours(1)).build();
  }

  private static void assertEstimates(EstimatedPerformance window, PerformanceEstimate expected,
      double rocAucBound) {
    assertThat(window.rows()).isEqualTo(expected.rows());
    assertThat(window.metrics()).containsOnlyKeys(expected.metrics().keySet());
    for (String metric : CONFUSION_METRICS) {
      EstimatedMetric e = expected.metric(metric);
      assertThat(window.metrics().get(metric)).as(metric).isCloseTo(e.value(), within(1e-12));
      assertThat(window.lower().get(metric)).as(metric).isCloseTo(e.lower(), within(1e-12));
      assertThat(window.upper().get(metric)).as(metric).isCloseTo(e.upper(), within(1e-12));
    }
    assertThat(rocAucBound).isPositive().isLessThan(0.01);
    assertThat(window.metrics().get("roc_auc"))
        .isCloseTo(expected.metric("roc_auc").value(), within(rocAucBound));
  }

  private static MulticlassEstimateAccumulator accumulated(MulticlassPerformanceEstimator e,
      double[][] scores) {
    MulticlassEstimateAccumulator accumulator = e.accumulator();
    for (double[] row : scores) {
      accumulator.add(row);
    }
    return accumulator;
  }

  private MulticlassEstimateAccumulator accumulated(double[][] scores) {
    return accumulated(estimator, scores);
  }

  private static double[][] scores(List<Prediction> predictions) {
    double[][] scores = new double[predictions.size()][];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = predictions.get(i).scores().stream().mapToDouble(Double::doubleValue).toArray();
    }
    return scores;
  }

  /** A class drawn with a prediction's probabilities. */
  private int drawn(List<Double> probabilities) {
    double u = random.nextDouble();
    int c = 0;
    while (c < probabilities.size() - 1 && u >= probabilities.get(c)) {
      u -= probabilities.get(c);
      c++;
    }
    return c;
  }

  /** One-vs-rest CBPE fitted on the iris classifier's scores of 2,000 rows, labels drawn. */
  static MulticlassPerformanceEstimator estimator(Random random) {
    return referenceScores(random, 2000).multiclassEstimator();
  }

  /** The iris classifier's scores of rows x ~ N(0, 1), with labels drawn from them. */
  static ReferenceScores referenceScores(Random random, int rows) {
    double[][] scores = new double[rows][];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      scores[i] = ScriptedDeployment.irisScores(random.nextGaussian());
      double u = random.nextDouble();
      int c = u < scores[i][0] ? 0 : u < scores[i][0] + scores[i][1] ? 1 : 2;
      labels.add(Models.IRIS_CLASSES.get(c));
    }
    return ReferenceScores.of(Models.IRIS_CLASSES, scores, labels);
  }
}

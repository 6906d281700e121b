package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.alert.EstimatedMetricRule;
import dev.mlops.core.alert.MetricRule;
import dev.mlops.core.estimation.DirectLossEstimator;
import dev.mlops.core.estimation.EstimatedMetric;
import dev.mlops.core.estimation.PerformanceEstimate;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.lifecycle.SnapshotRetrainContext;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.core.training.GradientDescentTrainer;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every window of a regression model with a direct loss estimator carries the estimated MAE and
 * RMSE of its sampled predictions, as {@link DirectLossEstimator#estimate} computes them on the
 * same rows: in one monitor, across a fleet, and through the snapshot JSON. The price regressor
 * predicts {@code 2x}; the actual price has noise of scale {@code 0.2 + 2 load}, which the linear
 * loss models learn.
 */
class RegressionEstimatesTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final List<FieldSpec> FEATURES =
      List.of(FieldSpec.scalar("x", DataType.FLOAT64), FieldSpec.scalar("load", DataType.FLOAT64));

  private final MutableClock clock = new MutableClock(START);
  private final Random random = new Random(29);
  private final DirectLossEstimator dle = fitted(new Random(3));

  @AfterEach
  void close() {
    dle.close();
  }

  @Test
  void aWindowOfTwoPanesEstimatesWhatTheArrayEstimatorDoesOnTheSameRowsBesideTheRealizedErrors() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .slidingWindow(Duration.ofMinutes(2), Duration.ofMinutes(1))
        .performanceEstimator(1, dle).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.regressor(1)));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Prediction> predictions = new ArrayList<>();
    for (int minute = 0; minute < 2; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      // More rows than a batch of the loss models per pane; the second minute's rows are noisier.
      for (int i = 0; i < 300; i++) {
        Map<String, Object> row = row(random, minute * 0.6);
        rows.add(row);
        predictions.add(predictor.predict(row));
      }
    }
    PerformanceEstimate expected = dle.estimate(rows, values(predictions));

    EstimatedPerformance open = monitor.snapshot().estimated();
    assertThat(open.estimated()).isTrue();
    assertEstimates(open, expected);

    clock.set(START.plus(Duration.ofMinutes(2)));
    monitor.closeElapsedWindows();
    for (int i = 0; i < rows.size(); i++) {
      monitor.recordOutcome(predictions.get(i).predictionId(), actual(random, rows.get(i)));
    }
    MonitorSnapshot closed = monitor.closedWindows().get(1);
    assertThat(closed.windowStart()).isEqualTo(START);
    assertThat(closed.estimated()).isEqualTo(open);
    assertThat(closed.metrics()).as("realized beside estimated, under the same names")
        .containsKeys("mae", "rmse");
    assertThat(closed.metrics().get("mae")).as("the actual prices drawn as the reference's")
        .isBetween(open.lower().get("mae"), open.upper().get("mae"));
    assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(closed)))
        .isEqualTo(closed);
  }

  @Test
  void aFleetOfTwoInstancesEstimatesWhatOneMonitorOfAllTheirTrafficDoes() {
    InMemoryMonitorStore store = new InMemoryMonitorStore();
    List<ModelMonitor> fleet = List.of(instance(store, "a"), instance(store, "b"));
    List<Predictor<Map<String, Object>, Prediction>> predictors = List.of(
        fleet.get(0).wrap(new ScriptedDeployment(Models.regressor(1), "a-")),
        fleet.get(1).wrap(new ScriptedDeployment(Models.regressor(1), "b-")));
    ModelMonitor single = ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .performanceEstimator(1, dle).build();
    Predictor<Map<String, Object>, Prediction> all =
        single.wrap(new ScriptedDeployment(Models.regressor(1), "single-"));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Prediction> union = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      clock.set(START.plusMillis(90L * i));
      // Instance b sees noisier rows: the fleet's partials differ.
      int member = random.nextInt(2);
      Map<String, Object> row = row(random, member * 0.5);
      union.add(all.predict(row));
      predictors.get(member).predict(row);
      rows.add(row);
    }
    fleet.forEach(ModelMonitor::flush);
    clock.set(START.plus(Duration.ofMinutes(1)));
    fleet.forEach(ModelMonitor::flush);
    single.closeElapsedWindows();

    MonitorSnapshot merged = fleet.get(0).fleet().closedWindows("price", START.minusSeconds(1),
        START.plus(Duration.ofMinutes(1))).get(0);
    EstimatedPerformance one = single.closedWindows().get(0).estimated();
    EstimatedPerformance fleetEstimate = merged.estimated();
    assertThat(fleetEstimate.rows()).isEqualTo(one.rows()).isEqualTo(600);
    assertThat(fleetEstimate.metrics()).containsOnlyKeys("mae", "rmse");
    for (String metric : fleetEstimate.metrics().keySet()) {
      assertThat(fleetEstimate.metrics().get(metric)).as(metric)
          .isCloseTo(one.metrics().get(metric), within(1e-12));
      assertThat(fleetEstimate.lower().get(metric)).as(metric)
          .isCloseTo(one.lower().get(metric), within(1e-12));
      assertThat(fleetEstimate.upper().get(metric)).as(metric)
          .isCloseTo(one.upper().get(metric), within(1e-12));
    }
    assertEstimates(fleetEstimate, dle.estimate(rows, values(union)));
    assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(merged)))
        .isEqualTo(merged);
    fleet.forEach(ModelMonitor::close);
  }

  @Test
  void aRiseOfTheEstimatedErrorFiresTheAlertRuleAndTheRetrainPoliciesBeforeAnyOutcome() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMinutes(1)).performanceEstimator(1, dle).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.regressor(1)));
    for (int minute = 0; minute < 2; minute++) {
      clock.set(START.plus(Duration.ofMinutes(minute)));
      // Minute 0 sees calm loads, minute 1 the heavy loads the noise grows with.
      double minLoad = minute == 0 ? 0.2 : 0.7;
      double maxLoad = minute == 0 ? 0.5 : 1.0;
      for (int i = 0; i < 300; i++) {
        predictor.predict(Map.of("x", random.nextGaussian(),
            "load", minLoad + (maxLoad - minLoad) * random.nextDouble()));
      }
    }
    clock.set(START.plus(Duration.ofMinutes(2)));
    monitor.closeElapsedWindows();
    MonitorSnapshot calm = window(monitor, START);
    MonitorSnapshot heavy = window(monitor, START.plus(Duration.ofMinutes(1)));
    EstimatedMetricRule rule = AlertRules.estimatedMetricAbove("mae", 1.0);
    MetricRule realized = AlertRules.metricAbove("mae", 1.0);

    // E|N(0, s)| = 0.8 s: about 0.72 at loads around 0.35, about 1.52 at loads around 0.85.
    assertThat(calm.estimated().metrics().get("mae")).isLessThan(0.9);
    assertThat(heavy.estimated().metrics().get("mae")).isGreaterThan(1.2);
    assertThat(rule.check(calm)).isEmpty();
    assertThat(rule.check(heavy)).hasValueSatisfying(message -> assertThat(message)
        .startsWith("estimated mae 1.").contains(" > 1.00 (band ")
        .endsWith(") over 300 predictions not yet labelled, model price v1"));
    assertThat(realized.canJudge(heavy)).as("no outcome has joined yet").isFalse();

    ModelVersion champion = Models.regressor(1);
    RetrainPolicy above = RetrainPolicies.onEstimatedMetricAbove("mae", 1.0);
    RetrainPolicy rise = RetrainPolicies.onEstimatedMetricDrop("rmse", 0.2);
    assertThat(above.evaluate(context(champion, calm)).retrain()).isFalse();
    assertThat(above.evaluate(context(champion, heavy)).retrain()).isTrue();
    assertThat(rise.evaluate(context(champion, calm)).retrain())
        .as("the estimated RMSE is under the registered 1.5").isFalse();
    RetrainDecision rose = rise.evaluate(context(champion, heavy));
    assertThat(rose.retrain()).isTrue();
    assertThat(rose.reasons()).singleElement().asString()
        .startsWith("estimated rmse ").contains(" vs 1.5 at training (version 1): rose ");
  }

  @Test
  void anEstimatorOfTheWrongKindOrALossModelThatFailsLeavesTheWindowUnestimatedAndSaysWhy() {
    assertThat(unavailable(ModelMonitor.builder().clock(clock).performanceEstimator(1, dle),
        Models.classifier(1)))
        .isEqualTo("version 1 is a classifier of the classes [no, yes]; give it a"
            + " BinaryPerformanceEstimator, not a DirectLossEstimator");
    assertThat(unavailable(ModelMonitor.builder().clock(clock)
        .performanceEstimator(1, MulticlassEstimatesTest.estimator(new Random(2))),
        Models.regressor(1)))
        .isEqualTo("version 1 is a regression model (its signature names no classes); give it a"
            + " DirectLossEstimator, not a multi-class performance estimator");
    assertThat(unavailable(ModelMonitor.builder().clock(clock), Models.regressor(1)))
        .isEqualTo("version 1 is not a classifier (its signature names no classes) and was given"
            + " no DirectLossEstimator");

    ModelMonitor monitor = ModelMonitor.builder().clock(clock).performanceEstimator(1, dle).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.regressor(1)));
    Prediction withoutLoad = predictor.predict(Map.of("x", 1.0));
    assertThat(withoutLoad.scores()).as("the prediction is served").containsExactly(2.0);
    assertThat(monitor.snapshot().estimated().unavailable())
        .as("the loss models need the load, which the row lacks")
        .isEqualTo("the loss models failed on the window's sampled rows:"
            + " java.lang.IllegalArgumentException: Row lacks feature 'load'");
  }

  private String unavailable(ModelMonitor.Builder builder,
      dev.mlops.registry.ModelVersion version) {
    ModelMonitor monitor = builder.build();
    monitor.wrap(new ScriptedDeployment(version)).predict(row(random, 0));
    EstimatedPerformance estimated = monitor.snapshot().estimated();
    assertThat(estimated.estimated()).isFalse();
    return Objects.requireNonNull(estimated.unavailable());
  }

  private static MonitorSnapshot window(ModelMonitor monitor, Instant start) {
    return monitor.closedWindows().stream().filter(w -> w.windowStart().equals(start))
        .findFirst().orElseThrow();
  }

  private static RetrainContext context(ModelVersion champion, MonitorSnapshot window) {
    return SnapshotRetrainContext.of(window.windowEnd(), champion, Optional.empty(),
        Optional.of(window), 0);
  }

  private ModelMonitor instance(InMemoryMonitorStore store, String name) {
    return ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .performanceEstimator(1, dle).store(store).instanceName(name)
        .storeFlushInterval(Duration.ofHours(1)).build();
  }

  private static void assertEstimates(EstimatedPerformance window, PerformanceEstimate expected) {
    assertThat(window.rows()).isEqualTo(expected.rows());
    assertThat(window.metrics()).containsOnlyKeys("mae", "rmse");
    for (String metric : List.of("mae", "rmse")) {
      EstimatedMetric e = expected.metric(metric);
      assertThat(window.metrics().get(metric)).as(metric).isCloseTo(e.value(), within(1e-12));
      assertThat(window.lower().get(metric)).as(metric).isCloseTo(e.lower(), within(1e-12));
      assertThat(window.upper().get(metric)).as(metric).isCloseTo(e.upper(), within(1e-12));
    }
  }

  private static double[] values(List<Prediction> predictions) {
    return predictions.stream().mapToDouble(p -> p.scores().get(0)).toArray();
  }

  /** A row with x ~ N(0, 1) and load uniform in [minLoad, 1]. */
  private static Map<String, Object> row(Random random, double minLoad) {
    return Map.of("x", random.nextGaussian(), "load", minLoad + (1 - minLoad) * random.nextDouble());
  }

  /** The actual price: the regressor's {@code 2x} plus noise of scale {@code 0.2 + 2 load}. */
  private static double actual(Random random, Map<String, Object> row) {
    return 2 * (Double) row.get("x") + (0.2 + 2 * (Double) row.get("load")) * random.nextGaussian();
  }

  /** DLE of the regressor fitted on 3000 reference rows with loads in [0, 1]. */
  private static DirectLossEstimator fitted(Random random) {
    TabularDataset.Builder reference =
        TabularDataset.builder(FEATURES, FieldSpec.scalar("price", DataType.FLOAT64));
    double[] predictions = new double[3000];
    for (int i = 0; i < predictions.length; i++) {
      Map<String, Object> row = row(random, 0.0);
      predictions[i] = 2 * (Double) row.get("x");
      reference.addRow(row, actual(random, row));
    }
    return DirectLossEstimator.builder(new GradientDescentTrainer(300, 0.3)).seed(1)
        .fit(reference.build(), predictions);
  }
}

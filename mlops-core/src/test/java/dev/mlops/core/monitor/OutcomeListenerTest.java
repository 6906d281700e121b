package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.comparison.CanaryOutcomes;
import dev.mlops.core.comparison.MetricComparison;
import dev.mlops.core.lifecycle.CanaryGate;
import dev.mlops.core.lifecycle.ComparisonRules;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Outcome listeners: the monitor hands each outcome it joins to its prediction, late ones
 * included, to its listeners with the version that made the prediction, so that a canary's
 * per-version record is fed by the monitor instead of the application.
 */
class OutcomeListenerTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final ComparisonRules RULES =
      ComparisonRules.builder().require("accuracy", 0.01).guard("roc_auc", 0.02).build();

  private final MutableClock clock = new MutableClock(START);

  /**
   * Version 1 (the champion) and version 2 (the canary) answer 1,500 and 500 calls; the actual
   * class agrees with the champion's prediction 85 % of the time and with the canary's 70 %.
   */
  @Test
  void lateOutcomesReachACanaryRecordForTheVersionThatMadeThePredictionAsTheApplicationWouldRecordThem() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).tumblingWindow(Duration.ofMinutes(1))
        .build();
    Predictor<Map<String, Object>, Prediction> champion =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    Predictor<Map<String, Object>, Prediction> canary =
        monitor.wrap(new ScriptedDeployment(Models.classifier(2)));
    CanaryOutcomes fromMonitor = new CanaryOutcomes(Models.CHURN_CLASSES);
    CanaryOutcomes fromApplication = new CanaryOutcomes(Models.CHURN_CLASSES);
    List<JoinedOutcome> heard = new CopyOnWriteArrayList<>();
    monitor.onOutcomeJoined(fromMonitor::record);
    Subscription listening = monitor.onOutcomeJoined(heard::add);

    Random random = new Random(11);
    Map<String, String> actuals = new LinkedHashMap<>();
    for (int i = 0; i < 2000; i++) {
      boolean onCanary = i % 4 == 3;
      Prediction p = (onCanary ? canary : champion)
          .predict(Map.of("x", 4 * random.nextDouble() - 2, "plan", "a"));
      boolean right = random.nextDouble() < (onCanary ? 0.70 : 0.85);
      String actual = right == p.label().equals("yes") ? "yes" : "no";
      actuals.put(p.predictionId(), actual);
      fromApplication.record(p, actual);
    }
    assertThat(fromMonitor.count(1) + fromMonitor.count(2)).as("recorded while predicting").isZero();

    // The labels come in after every window of the predictions closed, by prediction id alone.
    clock.set(START.plus(Duration.ofMinutes(30)));
    assertThat(monitor.closeElapsedWindows()).isNotEmpty();
    int half = actuals.size() / 2;
    List<String> ids = List.copyOf(actuals.keySet());
    ids.subList(0, half).forEach(id -> monitor.recordOutcome(id, actuals.get(id)));
    Map<String, String> rest = new LinkedHashMap<>();
    ids.subList(half, ids.size()).forEach(id -> rest.put(id, actuals.get(id)));
    assertThat(monitor.recordOutcomes(rest).joined()).isEqualTo(rest.size());

    assertThat(fromMonitor.count(1)).isEqualTo(fromApplication.count(1)).isEqualTo(1500);
    assertThat(fromMonitor.count(2)).isEqualTo(fromApplication.count(2)).isEqualTo(500);
    for (String metric : List.of("accuracy", "roc_auc")) {
      MetricComparison monitored = fromMonitor.compare(metric, 1, 2);
      assertThat(monitored).as(metric).isEqualTo(fromApplication.compare(metric, 1, 2));
    }
    CanaryGate gate = new CanaryGate(fromMonitor, RULES, 400);
    ComparisonRules.Judgement regression = gate.regression(2, 1);
    assertThat(regression.holds()).as("%s", regression.reasons()).isTrue();
    assertThat(regression.reasons())
        .isEqualTo(new CanaryGate(fromApplication, RULES, 400).regression(2, 1).reasons());
    GateDecision decision = gate.evaluate(Models.classifier(2), Optional.of(Models.classifier(1)));
    assertThat(decision.approved()).isFalse();
    assertThat(decision.reasons().get(0))
        .isEqualTo("canary version 2 judged on 500 outcomes of its calls against 1500 of champion version 1");

    assertThat(heard).hasSize(2000).allSatisfy(o -> {
      assertThat(o.version()).isEqualTo(o.predictionId().contains("-2-") ? 2 : 1);
      assertThat(o.actual()).isEqualTo(actuals.get(o.predictionId()));
      assertThat(o.scores()).hasSize(2);
    });

    // Duplicates and unknown predictions are not joined, so no listener hears them; a closed
    // subscription hears nothing more.
    listening.close();
    String first = ids.get(0);
    assertThat(monitor.recordOutcome(first, actuals.get(first)))
        .isEqualTo(dev.mlops.monitor.spi.JoinResult.ALREADY_JOINED);
    assertThat(monitor.recordOutcome("no-such-prediction", "yes"))
        .isEqualTo(dev.mlops.monitor.spi.JoinResult.NOT_FOUND);
    assertThat(fromMonitor.count(1) + fromMonitor.count(2)).isEqualTo(2000);
    assertThat(heard).hasSize(2000);
  }

  @Test
  void aSingleProbabilityIsTheSecondClassAndAFailingListenerDoesNotUndoTheJoin() {
    ModelMonitor monitor = ModelMonitor.builder().clock(clock).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(ScriptedDeployment.singleProbability(Models.classifier(1), "single-"));
    CanaryOutcomes outcomes = new CanaryOutcomes(Models.CHURN_CLASSES);
    monitor.onOutcomeJoined(o -> {
      throw new IllegalStateException("a broken listener");
    });
    monitor.onOutcomeJoined(outcomes::record);

    Prediction yes = predictor.predict(Map.of("x", 3.0, "plan", "a"));
    Prediction no = predictor.predict(Map.of("x", -3.0, "plan", "a"));

    assertThat(monitor.recordOutcome(yes.predictionId(), "yes"))
        .isEqualTo(dev.mlops.monitor.spi.JoinResult.JOINED);
    assertThat(monitor.recordOutcome(no.predictionId(), "no"))
        .isEqualTo(dev.mlops.monitor.spi.JoinResult.JOINED);
    assertThat(outcomes.count(1)).isEqualTo(2);
    assertThat(outcomes.compare("accuracy", 1, 1).champion()).isEqualTo(1.0);
  }
}

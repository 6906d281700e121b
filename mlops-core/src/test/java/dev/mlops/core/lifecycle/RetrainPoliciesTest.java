package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.lifecycle.Fixtures.Context;
import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetrainPoliciesTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private final Context context = new Context();

  /** Ticks a policy every {@code step} from {@code start} until {@code end}, retraining when it says so. */
  private static List<Instant> simulate(RetrainPolicy policy, Context context, Instant start, Instant end,
      Duration step) {
    List<Instant> retrains = new ArrayList<>();
    for (Instant t = start; !t.isAfter(end); t = t.plus(step)) {
      if (policy.evaluate(context.at(t)).retrain()) {
        retrains.add(t);
        context.lastRetrainAt = t;
      }
    }
    return retrains;
  }

  @Nested
  class Every {
    @Test
    void countsFromTheChampionsCreationWhenNeverRetrained() {
      context.champion = Fixtures.version(1, Map.of(), CREATED);
      RetrainPolicy policy = RetrainPolicies.every(Duration.ofDays(7));

      assertThat(policy.evaluate(context.at(CREATED.plus(Duration.ofDays(7)).minusNanos(1))).retrain()).isFalse();
      RetrainDecision due = policy.evaluate(context.at(CREATED.plus(Duration.ofDays(7))));
      assertThat(due.retrain()).isTrue();
      assertThat(due.reasons().get(0)).contains("every PT168H").contains("never retrained");
    }

    @Test
    void countsFromTheLastRetrain() {
      context.lastRetrainAt = CREATED.plus(Duration.ofDays(10));
      RetrainPolicy policy = RetrainPolicies.every(Duration.ofDays(7));

      assertThat(policy.evaluate(context.at(CREATED.plus(Duration.ofDays(16)))).retrain()).isFalse();
      assertThat(policy.evaluate(context.at(CREATED.plus(Duration.ofDays(17)))).retrain()).isTrue();
    }

    @Test
    void rejectsANonPositivePeriod() {
      assertThatThrownBy(() -> RetrainPolicies.every(Duration.ZERO)).hasMessageContaining("period");
      assertThatThrownBy(() -> RetrainPolicies.every(Duration.ofHours(-1))).hasMessageContaining("PT-1H");
    }
  }

  @Nested
  class Calendar {
    @Test
    void weeklyScheduleFiresExactlyOncePerWeekOverEightWeeksOfHourlyChecks() {
      // Monday 2 March 2026 00:00 in Paris; the eight weeks cross the change to summer time on 29 March.
      Instant start = ZonedDateTime.of(2026, 3, 2, 0, 0, 0, 0, PARIS).toInstant();
      context.champion = Fixtures.version(1, Map.of(), start);
      RetrainPolicy policy = RetrainPolicies.weekly(DayOfWeek.MONDAY, LocalTime.of(3, 0), PARIS);

      List<Instant> retrains = simulate(policy, context, start.plus(Duration.ofHours(1)),
          start.plus(Duration.ofDays(56)), Duration.ofHours(1));

      assertThat(retrains).hasSize(8);
      assertThat(retrains).allSatisfy(t -> {
        ZonedDateTime local = t.atZone(PARIS);
        assertThat(local.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(3, 0));
      });
    }

    @Test
    void weeklyScheduleFiresAtTheOccurrenceAndNotBefore() {
      Instant monday3am = Instant.parse("2026-01-05T03:00:00Z");
      context.champion = Fixtures.version(1, Map.of(), CREATED);
      context.lastRetrainAt = Instant.parse("2025-12-29T03:00:00Z");
      RetrainPolicy policy = RetrainPolicies.weekly(DayOfWeek.MONDAY, LocalTime.of(3, 0), ZoneOffset.UTC);

      RetrainDecision before = policy.evaluate(context.at(monday3am.minusNanos(1)));
      RetrainDecision at = policy.evaluate(context.at(monday3am));

      assertThat(before.retrain()).isFalse();
      assertThat(before.reasons().get(0)).contains("next at 2026-01-05T03:00:00Z");
      assertThat(at.retrain()).isTrue();
      assertThat(at.reasons().get(0)).contains("occurrence at 2026-01-05T03:00:00Z passed");
    }

    @Test
    void missedOccurrencesRetrainOnceAtTheNextCheck() {
      context.lastRetrainAt = Instant.parse("2026-01-01T12:00:00Z");
      RetrainPolicy policy = RetrainPolicies.daily(LocalTime.NOON, ZoneOffset.UTC);

      // The application was down for three days: one retrain on return, then the next day's.
      List<Instant> retrains = simulate(policy, context, Instant.parse("2026-01-04T15:00:00Z"),
          Instant.parse("2026-01-05T15:00:00Z"), Duration.ofHours(1));

      assertThat(retrains).containsExactly(Instant.parse("2026-01-04T15:00:00Z"),
          Instant.parse("2026-01-05T12:00:00Z"));
    }

    @Test
    void dailyScheduleFiresOncePerDay() {
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      context.champion = Fixtures.version(1, Map.of(), start);

      List<Instant> retrains = simulate(RetrainPolicies.daily(LocalTime.of(2, 30), PARIS), context,
          start, start.plus(Duration.ofDays(14)), Duration.ofMinutes(30));

      assertThat(retrains).hasSize(14)
          .allSatisfy(t -> assertThat(t.atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(2, 30)));
    }
  }

  @Nested
  class Drift {
    @Test
    void datasetDriftRetrainsNamingTheDriftedFeatures() {
      context.drift = Fixtures.drift(Map.of("tenure", 0.31, "age", 0.2, "plan", 0.01));

      RetrainDecision decision = RetrainPolicies.onDatasetDrift().evaluate(context);

      assertThat(decision.retrain()).isTrue();
      assertThat(decision.reasons().get(0)).startsWith("dataset drifted: 66.67% of features drifted")
          .contains("tenure").contains("age").doesNotContain("plan");
    }

    @Test
    void noDatasetDriftOrNoMeasurementDoesNotRetrain() {
      assertThat(RetrainPolicies.onDatasetDrift().evaluate(context).reasons())
          .containsExactly("dataset drift: not measured in the current window");
      context.drift = Fixtures.drift(Map.of("tenure", 0.31, "age", 0.02, "plan", 0.01));
      RetrainDecision decision = RetrainPolicies.onDatasetDrift().evaluate(context);
      assertThat(decision.retrain()).isFalse();
      assertThat(decision.reasons().get(0)).startsWith("dataset did not drift: 33.33% of features drifted");
    }

    @Test
    void featureDriftRetrainsFromTheMinimumScoreOn() {
      RetrainPolicy policy = RetrainPolicies.onFeatureDrift("tenure", 0.1);

      context.drift = Fixtures.drift(Map.of("tenure", 0.31));
      assertThat(policy.evaluate(context).reasons()).containsExactly("feature tenure drifted: wasserstein 0.31 >= 0.1");
      context.drift = Fixtures.drift(Map.of("tenure", 0.1));
      assertThat(policy.evaluate(context).retrain()).isTrue();
      context.drift = Fixtures.drift(Map.of("tenure", 0.0999));
      RetrainDecision below = policy.evaluate(context);
      assertThat(below.retrain()).isFalse();
      assertThat(below.reasons()).containsExactly("feature tenure within bounds: wasserstein 0.0999 < 0.1");
    }

    @Test
    void featureDriftNotMeasuredDoesNotRetrainButAnUnknownFeatureIsAnError() {
      RetrainPolicy policy = RetrainPolicies.onFeatureDrift("tenur", 0.1);
      assertThat(policy.evaluate(context).retrain()).isFalse();

      context.drift = Fixtures.drift(Map.of("tenure", 0.31));
      assertThatThrownBy(() -> policy.evaluate(context)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'tenur'").hasMessageContaining("[tenure]");
    }
  }

  @Nested
  class Performance {
    @Test
    void metricBelowABoundRetrains() {
      RetrainPolicy policy = RetrainPolicies.onMetricBelow("accuracy", 0.75);

      assertThat(policy.evaluate(context).reasons()).containsExactly("accuracy: no labelled outcomes in the current window");
      context.metrics.put("accuracy", 0.75);
      assertThat(policy.evaluate(context).retrain()).isFalse();
      context.metrics.put("accuracy", 0.7499);
      assertThat(policy.evaluate(context).reasons()).containsExactly("accuracy 0.7499 < 0.75");
    }

    @Test
    void estimatedMetricBelowABoundRetrainsOnTheEstimateAloneBeforeAnyLabel() {
      RetrainPolicy policy = RetrainPolicies.onEstimatedMetricBelow("accuracy", 0.75);

      assertThat(policy.evaluate(context).reasons())
          .containsExactly("estimated accuracy: the current window has no estimate");
      context.metrics.put("accuracy", 0.5);
      assertThat(policy.evaluate(context).retrain()).as("realized metrics are not read").isFalse();
      context.estimated.put("accuracy", 0.75);
      assertThat(policy.evaluate(context).retrain()).isFalse();
      context.estimated.put("accuracy", 0.7);
      assertThat(policy.evaluate(context).reasons())
          .containsExactly("estimated accuracy 0.7 < 0.75");
      assertThat(policy).hasToString("onEstimatedMetricBelow(accuracy, 0.75)");
    }

    @Test
    void estimatedMetricAboveABoundRetrainsOnARiseOfTheEstimatedError() {
      RetrainPolicy policy = RetrainPolicies.onEstimatedMetricAbove("mae", 1.2);

      assertThat(policy.evaluate(context).reasons())
          .containsExactly("estimated mae: the current window has no estimate");
      context.metrics.put("mae", 3.0);
      assertThat(policy.evaluate(context).retrain()).as("realized metrics are not read").isFalse();
      context.estimated.put("mae", 1.2);
      assertThat(policy.evaluate(context).reasons()).containsExactly("estimated mae 1.2 <= 1.2");
      context.estimated.put("mae", 1.25);
      RetrainDecision rose = policy.evaluate(context);
      assertThat(rose.retrain()).isTrue();
      assertThat(rose.reasons()).containsExactly("estimated mae 1.25 > 1.2");
      assertThat(policy).hasToString("onEstimatedMetricAbove(mae, 1.2)");
      assertThatThrownBy(() -> RetrainPolicies.onEstimatedMetricAbove("mae", Double.NaN))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bound");
    }

    @Test
    void metricAboveABoundRetrains() {
      RetrainPolicy policy = RetrainPolicies.onMetricAbove("log_loss", 0.5);

      context.metrics.put("log_loss", 0.5);
      assertThat(policy.evaluate(context).retrain()).isFalse();
      context.metrics.put("log_loss", 0.51);
      assertThat(policy.evaluate(context).reasons()).containsExactly("log_loss 0.51 > 0.5");
    }

    @Test
    void relativeDropOfAMetricWhereHigherIsBetterRetrains() {
      context.champion = Fixtures.version(3, Map.of("accuracy", 0.8));
      RetrainPolicy policy = RetrainPolicies.onMetricDrop("accuracy", 0.05);

      context.metrics.put("accuracy", 0.77);
      assertThat(policy.evaluate(context).retrain()).isFalse();
      context.metrics.put("accuracy", 0.76);
      RetrainDecision dropped = policy.evaluate(context);
      assertThat(dropped.retrain()).isTrue();
      assertThat(dropped.reasons()).containsExactly(
          "accuracy 0.76 vs 0.8 at training (version 3): dropped 5% >= 5%");
      context.metrics.put("accuracy", 0.95);
      assertThat(policy.evaluate(context).retrain()).isFalse();
    }

    @Test
    void relativeDropFollowsTheMetricsDirection() {
      context.champion = Fixtures.version(3, Map.of("log_loss", 0.4));
      RetrainPolicy policy = RetrainPolicies.onMetricDrop("log_loss", 0.2);

      context.metrics.put("log_loss", 0.3);
      assertThat(policy.evaluate(context).retrain()).isFalse();
      context.metrics.put("log_loss", 0.5);
      assertThat(policy.evaluate(context).reasons()).containsExactly(
          "log_loss 0.5 vs 0.4 at training (version 3): rose 25% >= 20%");
    }

    @Test
    void anEstimatedDropIsMeasuredAgainstTheChampionsHoldOutValue() {
      RetrainPolicy policy = RetrainPolicies.onEstimatedMetricDrop("accuracy", 0.05);

      assertThat(policy.evaluate(context).reasons())
          .containsExactly("estimated accuracy: the current window has no estimate");
      context.metrics.put("accuracy", 0.5);
      context.estimated.put("accuracy", 0.77);
      assertThat(policy.evaluate(context).retrain()).as("the realized value is not read").isFalse();
      context.estimated.put("accuracy", 0.76);
      assertThat(policy.evaluate(context).reasons()).containsExactly(
          "estimated accuracy 0.76 vs 0.8 at training (version 1): dropped 5% >= 5%");
      assertThatThrownBy(() -> RetrainPolicies.onEstimatedMetricDrop("accuracy", 0))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEstimatedErrorIsWorseWhenItRisesAboveTheChampionsHoldOutValue() {
      context.champion = Fixtures.version(2, Map.of("rmse", 1.0));
      RetrainPolicy policy = RetrainPolicies.onEstimatedMetricDrop("rmse", 0.1);

      context.estimated.put("rmse", 0.5);
      assertThat(policy.evaluate(context).reasons()).as("a smaller error is better").containsExactly(
          "estimated rmse 0.5 vs 1 at training (version 2): worse by 0% < 10%");
      context.estimated.put("rmse", 1.05);
      assertThat(policy.evaluate(context).retrain()).isFalse();
      context.estimated.put("rmse", 1.1);
      assertThat(policy.evaluate(context).reasons()).containsExactly(
          "estimated rmse 1.1 vs 1 at training (version 2): rose 10% >= 10%");
      assertThat(policy).hasToString("onEstimatedMetricDrop(rmse, 10%, LOWER_IS_BETTER)");

      context.champion = Fixtures.version(2, Map.of("r2", 0.8));
      assertThatThrownBy(() -> policy.evaluate(context))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2")
          .hasMessageContaining("'rmse'").hasMessageContaining("onEstimatedMetricAbove");
      assertThatThrownBy(() -> RetrainPolicies.onEstimatedMetricDrop("churn_cost", 0.1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("churn_cost");
    }

    @Test
    void relativeDropNeedsTheChampionsMetricAndAKnownDirection() {
      context.champion = Fixtures.version(3, Map.of("roc_auc", 0.9));
      context.metrics.put("accuracy", 0.5);
      assertThatThrownBy(() -> RetrainPolicies.onMetricDrop("accuracy", 0.05).evaluate(context))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 3")
          .hasMessageContaining("'accuracy'");
      assertThatThrownBy(() -> RetrainPolicies.onMetricDrop("churn_cost", 0.05))
          .hasMessageContaining("churn_cost");
      context.champion = Fixtures.version(3, Map.of("churn_cost", 100.0));
      context.metrics.put("churn_cost", 130.0);
      assertThat(RetrainPolicies.onMetricDrop("churn_cost", 0.25, MetricDirection.LOWER_IS_BETTER)
          .evaluate(context).retrain()).isTrue();
      assertThatThrownBy(() -> RetrainPolicies.onMetricDrop("accuracy", 0)).hasMessageContaining("> 0");
    }

    @Test
    void newDataRetrainsFromTheRowCountOn() {
      RetrainPolicy policy = RetrainPolicies.onNewData(10_000);

      context.newDataRows = 9_999;
      assertThat(policy.evaluate(context).reasons()).containsExactly("new data: 9999 rows < 10000");
      context.newDataRows = 10_000;
      assertThat(policy.evaluate(context).reasons()).containsExactly("new data: 10000 rows >= 10000");
      assertThatThrownBy(() -> RetrainPolicies.onNewData(0)).hasMessageContaining("positive");
    }
  }

  @Nested
  class Compositions {
    private final RetrainPolicy lowAccuracy = RetrainPolicies.onMetricBelow("accuracy", 0.7);
    private final RetrainPolicy muchData = RetrainPolicies.onNewData(100);

    @Test
    void anyOfRetrainsWithTheReasonsOfThePoliciesThatFired() {
      context.metrics.put("accuracy", 0.6);
      context.newDataRows = 5;

      RetrainDecision decision = RetrainPolicies.anyOf(lowAccuracy, muchData).evaluate(context);

      assertThat(decision.retrain()).isTrue();
      assertThat(decision.reasons()).containsExactly("accuracy 0.6 < 0.7");
    }

    @Test
    void anyOfWithoutAnyFiringGivesEveryReason() {
      context.metrics.put("accuracy", 0.9);
      context.newDataRows = 5;

      RetrainDecision decision = RetrainPolicies.anyOf(lowAccuracy, muchData).evaluate(context);

      assertThat(decision.retrain()).isFalse();
      assertThat(decision.reasons()).containsExactly("accuracy 0.9 >= 0.7", "new data: 5 rows < 100");
    }

    @Test
    void allOfNeedsEveryPolicy() {
      context.metrics.put("accuracy", 0.6);
      context.newDataRows = 5;
      RetrainPolicy both = RetrainPolicies.allOf(lowAccuracy, muchData);

      assertThat(both.evaluate(context).retrain()).isFalse();
      assertThat(both.evaluate(context).reasons()).containsExactly("new data: 5 rows < 100");
      context.newDataRows = 500;
      assertThat(both.evaluate(context).reasons()).containsExactly("accuracy 0.6 < 0.7", "new data: 500 rows >= 100");
    }

    @Test
    void compositionsNeedAPolicy() {
      assertThatThrownBy(RetrainPolicies::anyOf).hasMessageContaining("anyOf");
      assertThatThrownBy(RetrainPolicies::allOf).hasMessageContaining("allOf");
    }

    @Test
    void minimumIntervalHoldsARetrainBackUntilItHasPassed() {
      context.drift = Fixtures.drift(Map.of("tenure", 0.5));
      context.lastRetrainAt = Instant.parse("2026-01-09T00:00:00Z");
      RetrainPolicy policy = RetrainPolicies.withMinimumInterval(RetrainPolicies.onDatasetDrift(), Duration.ofDays(2));

      RetrainDecision held = policy.evaluate(context.at(Instant.parse("2026-01-10T23:59:59Z")));
      assertThat(held.retrain()).isFalse();
      assertThat(held.reasons()).containsExactly(
          "held back by minimum interval PT48H: last retrain at 2026-01-09T00:00:00Z, next allowed at"
              + " 2026-01-11T00:00:00Z",
          "would retrain: dataset drifted: 100% of features drifted (tenure)");
      assertThat(policy.evaluate(context.at(Instant.parse("2026-01-11T00:00:00Z"))).retrain()).isTrue();
      context.lastRetrainAt = null;
      assertThat(policy.evaluate(context.at(Instant.parse("2026-01-09T00:00:01Z"))).retrain()).isTrue();
    }

    @Test
    void persistentDriftRetrainsOncePerMinimumInterval() {
      context.drift = Fixtures.drift(Map.of("tenure", 0.5));
      Instant start = Instant.parse("2026-01-10T00:00:00Z");
      RetrainPolicy policy = RetrainPolicies.withMinimumInterval(RetrainPolicies.onDatasetDrift(), Duration.ofDays(7));

      List<Instant> threeDays = simulate(policy, context, start, start.plus(Duration.ofDays(3)), Duration.ofHours(1));
      List<Instant> laterOn = simulate(policy, context, start.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)),
          start.plus(Duration.ofDays(14)), Duration.ofHours(1));

      assertThat(threeDays).containsExactly(start);
      assertThat(laterOn).containsExactly(start.plus(Duration.ofDays(7)), start.plus(Duration.ofDays(14)));
    }
  }
}

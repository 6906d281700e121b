package dev.mlops.core.alert;

import static dev.mlops.core.alert.Snapshots.ks;
import static dev.mlops.core.alert.Snapshots.report;
import static dev.mlops.core.alert.Snapshots.snapshot;
import static dev.mlops.core.alert.Snapshots.wasserstein;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.alert.Severity;
import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.monitor.MonitorSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

  @Nested
  class DatasetDrift {
    private final DatasetDriftRule rule = AlertRules.datasetDrift();

    @Test
    void firesWhenTheShareOfDriftedFeaturesReachesTheThresholdAndNamesThem() {
      MonitorSnapshot s = snapshot()
          .drift(report(1_200, ks("tenure_months", 0.31, 1e-5), ks("plan", 0.2, 0.001),
              ks("charges", 0.01, 0.9)))
          .build();

      assertThat(rule.canJudge(s)).isTrue();
      assertThat(rule.check(s)).hasValue("dataset drift: 2 of 3 features drifted (66.67% >= "
          + "50.00%): tenure_months, plan over 1,200 rows, model churn v3");
    }

    @Test
    void firesAtExactlyTheThresholdShare() {
      MonitorSnapshot s =
          snapshot().drift(report(500, ks("a", 0.3, 0.001), ks("b", 0.01, 0.8))).build();

      assertThat(rule.check(s)).isPresent();
    }

    @Test
    void staysQuietBelowTheThresholdShare() {
      MonitorSnapshot s = snapshot()
          .drift(report(500, ks("a", 0.3, 0.001), ks("b", 0.01, 0.8), ks("c", 0.01, 0.7)))
          .build();

      assertThat(rule.canJudge(s)).isTrue();
      assertThat(rule.check(s)).isEmpty();
    }

    @Test
    void namesAtMostFiveFeatures() {
      MonitorSnapshot s = snapshot().drift(report(500, ks("f1", 0.3, 0.001), ks("f2", 0.3, 0.001),
          ks("f3", 0.3, 0.001), ks("f4", 0.3, 0.001), ks("f5", 0.3, 0.001), ks("f6", 0.3, 0.001),
          ks("f7", 0.3, 0.001))).build();

      assertThat(rule.check(s).orElseThrow()).contains("f1, f2, f3, f4, f5 and 2 more over");
    }

    @Test
    void cannotJudgeWithoutADriftReportOrWithoutTestedFeatures() {
      MonitorSnapshot none = snapshot().drift(null).build();
      MonitorSnapshot empty = snapshot().drift(report(500)).build();

      assertThat(rule.canJudge(none)).isFalse();
      assertThat(rule.check(none)).isEmpty();
      assertThat(rule.canJudge(empty)).isFalse();
      assertThat(rule.check(empty)).isEmpty();
    }

    @Test
    void cannotJudgeAReportFromFewerRowsThanItsMinimum() {
      DatasetDriftRule strict = rule.withMinimumRows(1_000);
      MonitorSnapshot small = snapshot().drift(report(999, ks("a", 0.5, 1e-9))).build();
      MonitorSnapshot enough = snapshot().drift(report(1_000, ks("a", 0.5, 1e-9))).build();

      assertThat(strict.canJudge(small)).isFalse();
      assertThat(strict.check(small)).isEmpty();
      assertThat(strict.check(enough)).isPresent();
    }

    @Test
    void hasAWarningSeverityAOneHourCooldownAndANameThatCanChange() {
      assertThat(rule.name()).isEqualTo("dataset-drift");
      assertThat(rule.severity()).isEqualTo(Severity.WARNING);
      assertThat(rule.cooldown()).isEqualTo(Duration.ofHours(1));

      DatasetDriftRule changed = rule.withName("inputs-moved").withSeverity(Severity.CRITICAL)
          .withCooldown(Duration.ofMinutes(5));
      assertThat(changed.name()).isEqualTo("inputs-moved");
      assertThat(changed.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(changed.cooldown()).isEqualTo(Duration.ofMinutes(5));
      assertThat(rule.name()).as("rules are immutable").isEqualTo("dataset-drift");
    }
  }

  @Nested
  class FeatureDrift {
    @Test
    void theVerdictRuleFiresWhenTheFeaturesTestFoundDrift() {
      FeatureDriftRule rule = AlertRules.featureDrifted("tenure_months");
      MonitorSnapshot drifted = snapshot()
          .drift(report(1_200, ks("tenure_months", 0.31, 1.2e-5), ks("plan", 0.01, 0.9)))
          .build();
      MonitorSnapshot calm = snapshot()
          .drift(report(1_200, ks("tenure_months", 0.03, 0.4), ks("plan", 0.4, 1e-9)))
          .build();

      assertThat(rule.name()).isEqualTo("feature-drift-tenure_months");
      assertThat(rule.check(drifted)).hasValue("feature tenure_months drifted (ks 0.31, "
          + "p=1.20e-05 < 0.05) over 1,200 rows, model churn v3");
      assertThat(rule.canJudge(calm)).isTrue();
      assertThat(rule.check(calm)).as("another feature's drift does not count").isEmpty();
    }

    @Test
    void theVerdictRuleDescribesADistanceByItsThreshold() {
      FeatureDriftRule rule = AlertRules.featureDrifted("income");
      MonitorSnapshot s = snapshot().drift(report(800, wasserstein("income", 0.25))).build();

      assertThat(rule.check(s)).hasValue("feature income drifted (wasserstein 0.25 >= threshold "
          + "0.10) over 800 rows, model churn v3");
    }

    @Test
    void theScoreRuleFiresStrictlyAboveItsBound() {
      FeatureDriftRule rule = AlertRules.featureDriftScoreAbove("income", 0.2);

      assertThat(rule.name()).isEqualTo("feature-drift-score-income-above-0.2");
      assertThat(rule.check(snapshot().drift(report(800, wasserstein("income", 0.2))).build()))
          .as("at the bound").isEmpty();
      assertThat(rule.check(snapshot().drift(report(800, wasserstein("income", 0.2001))).build()))
          .hasValue("feature income drift score 0.2001 > 0.20 (wasserstein, drifted) over 800 "
              + "rows, model churn v3");
    }

    @Test
    void theScoreRuleFiresWithoutTheVerdictUnlessAskedToRequireIt() {
      // A large KS statistic on a tiny sample: the test does not call it significant.
      MonitorSnapshot s = snapshot().drift(report(12, ks("plan", 0.4, 0.2))).build();
      FeatureDriftRule score = AlertRules.featureDriftScoreAbove("plan", 0.3);

      assertThat(score.check(s)).hasValue("feature plan drift score 0.40 > 0.30 (ks, p=0.2000, "
          + "below the test's threshold) over 12 rows, model churn v3");
      assertThat(score.andDrifted().verdictRequired()).isTrue();
      assertThat(score.andDrifted().check(s)).isEmpty();
      assertThat(score.andDrifted().check(
          snapshot().drift(report(5_000, ks("plan", 0.4, 1e-12))).build())).isPresent();
    }

    @Test
    void cannotJudgeAFeatureThatWasSkippedOrAbsentOrWithoutDrift() {
      FeatureDriftRule rule = AlertRules.featureDrifted("tenure_months");
      MonitorSnapshot skipped = snapshot()
          .drift(Snapshots.reportSkipping("tenure_months", 500, ks("plan", 0.5, 1e-9))).build();
      MonitorSnapshot absent = snapshot().drift(report(500, ks("plan", 0.5, 1e-9))).build();
      MonitorSnapshot none = snapshot().drift(null).build();

      for (MonitorSnapshot s : new MonitorSnapshot[] {skipped, absent, none}) {
        assertThat(rule.canJudge(s)).isFalse();
        assertThat(rule.check(s)).isEmpty();
      }
    }

    @Test
    void cannotJudgeAReportFromFewerRowsThanItsMinimum() {
      FeatureDriftRule rule = AlertRules.featureDrifted("a").withMinimumRows(100);

      assertThat(rule.canJudge(snapshot().drift(report(99, ks("a", 0.5, 1e-9))).build()))
          .isFalse();
      assertThat(rule.check(snapshot().drift(report(100, ks("a", 0.5, 1e-9))).build()))
          .isPresent();
    }

    @Test
    void rejectsABoundThatIsNotANumber() {
      assertThatThrownBy(() -> AlertRules.featureDriftScoreAbove("a", Double.NaN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("feature 'a'");
    }
  }

  @Nested
  class Metric {
    @Test
    void estimatedBelowFiresOnTheEstimateBeforeAnyLabelAndSaysItsBand() {
      EstimatedMetricRule rule = AlertRules.estimatedMetricBelow("accuracy", 0.75);

      assertThat(rule.name()).isEqualTo("estimated-accuracy-below-0.75");
      assertThat(rule.severity()).isEqualTo(Severity.WARNING);
      assertThat(rule.check(snapshot().estimated("accuracy", 0.71, 3_000).build()))
          .hasValue("estimated accuracy 0.71 < 0.75 (band 0.68 to 0.74) over 3,000 predictions"
              + " not yet labelled, model churn v3");
      assertThat(rule.check(snapshot().estimated("accuracy", 0.75, 3_000).build())).isEmpty();
      assertThat(rule.canJudge(snapshot().metric("accuracy", 0.5, 500).build()))
          .as("realized metrics are not estimates").isFalse();
      assertThat(rule.canJudge(snapshot().estimated("accuracy", 0.5, 99).build())).isFalse();
      assertThat(rule.withMinimumRows(10).check(snapshot().estimated("accuracy", 0.5, 99).build()))
          .isPresent();
    }

    @Test
    void estimatedAboveFiresOnARiseOfTheEstimatedErrorAndSaysItsBand() {
      EstimatedMetricRule rule = AlertRules.estimatedMetricAbove("mae", 1.0);

      assertThat(rule.name()).isEqualTo("estimated-mae-above-1");
      assertThat(rule.severity()).isEqualTo(Severity.WARNING);
      assertThat(rule.firesBelow()).isFalse();
      assertThat(rule.check(snapshot().model("price", 1).estimated("mae", 1.32, 600).build()))
          .hasValue("estimated mae 1.32 > 1.00 (band 1.29 to 1.35) over 600 predictions"
              + " not yet labelled, model price v1");
      assertThat(rule.check(snapshot().estimated("mae", 1.0, 600).build()))
          .as("at the bound").isEmpty();
      assertThat(rule.check(snapshot().estimated("mae", 0.4, 600).build()))
          .as("a fall of an error is no alarm").isEmpty();
      assertThat(rule.canJudge(snapshot().metric("mae", 2.0, 500).build()))
          .as("realized metrics are not estimates").isFalse();
      assertThat(rule.canJudge(snapshot().estimated("rmse", 2.0, 600).build()))
          .as("another estimated metric").isFalse();
      assertThat(rule.canJudge(snapshot().estimated("mae", 2.0, 99).build())).isFalse();
      assertThat(rule.withMinimumRows(10).check(snapshot().estimated("mae", 2.0, 99).build()))
          .isPresent();
      assertThatThrownBy(() -> AlertRules.estimatedMetricAbove("mae", Double.NaN))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mae'");
      assertThatThrownBy(() -> AlertRules.estimatedMetricAbove(" ", 1.0))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void estimatedWorseThanFollowsTheMetricsDirection() {
      EstimatedMetricRule accuracy = AlertRules.estimatedMetricWorseThan(MetricNames.ACCURACY, 0.75);
      EstimatedMetricRule rmse = AlertRules.estimatedMetricWorseThan(MetricNames.RMSE, 1.5);

      assertThat(accuracy.name()).isEqualTo("estimated-accuracy-below-0.75");
      assertThat(accuracy.firesBelow()).isTrue();
      assertThat(accuracy.check(snapshot().estimated("accuracy", 0.7, 500).build())).isPresent();
      assertThat(rmse.name()).isEqualTo("estimated-rmse-above-1.5");
      assertThat(rmse.check(snapshot().estimated("rmse", 1.6, 500).build())).isPresent();
      assertThat(rmse.check(snapshot().estimated("rmse", 1.4, 500).build())).isEmpty();
      assertThatThrownBy(() -> AlertRules.estimatedMetricWorseThan("churn_cost", 1.0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("churn_cost");
    }

    @Test
    void belowFiresStrictlyUnderTheBoundAndSaysWhatWasObserved() {
      MetricRule rule = AlertRules.metricBelow("accuracy", 0.8);

      assertThat(rule.name()).isEqualTo("accuracy-below-0.8");
      assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(rule.check(snapshot().metric("accuracy", 0.71, 1_204).build()))
          .hasValue("accuracy 0.71 < 0.80 over 1,204 labelled predictions, model churn v3");
      assertThat(rule.check(snapshot().metric("accuracy", 0.8, 1_204).build()))
          .as("at the bound").isEmpty();
      assertThat(rule.check(snapshot().metric("accuracy", 0.93, 1_204).build())).isEmpty();
    }

    @Test
    void aboveFiresStrictlyOverTheBound() {
      MetricRule rule = AlertRules.metricAbove("log_loss", 0.5);

      assertThat(rule.name()).isEqualTo("log_loss-above-0.5");
      assertThat(rule.firesBelow()).isFalse();
      assertThat(rule.check(snapshot().metric("log_loss", 0.65, 400).build()))
          .hasValue("log_loss 0.65 > 0.50 over 400 labelled predictions, model churn v3");
      assertThat(rule.check(snapshot().metric("log_loss", 0.5, 400).build())).isEmpty();
      assertThat(rule.check(snapshot().metric("log_loss", 0.2, 400).build())).isEmpty();
    }

    @Test
    void worseThanTakesTheDirectionOfBuiltInMetrics() {
      assertThat(AlertRules.metricWorseThan(MetricNames.ROC_AUC, 0.85).firesBelow()).isTrue();
      assertThat(AlertRules.metricWorseThan(MetricNames.RMSE, 3.0).firesBelow()).isFalse();
      assertThat(AlertRules.metricWorseThan(MetricNames.RMSE, 3.0).name())
          .isEqualTo("rmse-above-3");
      assertThat(AlertRules.metricWorseThan("revenue", 10, MetricDirection.HIGHER_IS_BETTER)
          .name()).isEqualTo("revenue-below-10");
      assertThatThrownBy(() -> AlertRules.metricWorseThan("revenue", 10))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cannotJudgeAWindowWithoutLabelsOrWithTooFew() {
      MetricRule rule = AlertRules.metricBelow("accuracy", 0.8);
      MonitorSnapshot noLabels = snapshot().build();
      MonitorSnapshot otherMetric = snapshot().metric("f1", 0.1, 500).build();
      MonitorSnapshot tooFew = snapshot().metric("accuracy", 0.1, 29).build();
      MonitorSnapshot undefined = snapshot().metric("accuracy", Double.NaN, 500).build();

      for (MonitorSnapshot s : new MonitorSnapshot[] {noLabels, otherMetric, tooFew, undefined}) {
        assertThat(rule.canJudge(s)).isFalse();
        assertThat(rule.check(s)).isEmpty();
      }
      assertThat(rule.minimumLabelled()).isEqualTo(30);
      assertThat(rule.check(snapshot().metric("accuracy", 0.1, 30).build())).isPresent();
      assertThat(rule.withMinimumLabelled(5).check(snapshot().metric("accuracy", 0.1, 5).build()))
          .isPresent();
    }
  }

  @Nested
  class ErrorRate {
    private final ErrorRateRule rule = AlertRules.errorRateAbove(0.01);

    @Test
    void firesStrictlyAboveTheBound() {
      assertThat(rule.name()).isEqualTo("error-rate-above-0.01");
      assertThat(rule.check(snapshot().calls(1_000, 52).build()))
          .hasValue("error rate 5.20% > 1.00% (52 of 1,000 calls failed), model churn v3");
      assertThat(rule.check(snapshot().calls(1_000, 10).build())).as("at the bound").isEmpty();
      assertThat(rule.check(snapshot().calls(1_000, 11).build())).isPresent();
    }

    @Test
    void cannotJudgeAWindowWithTooFewCalls() {
      MonitorSnapshot quiet = snapshot().calls(29, 29).build();
      MonitorSnapshot empty = snapshot().calls(0, 0).build();

      assertThat(rule.canJudge(quiet)).isFalse();
      assertThat(rule.check(quiet)).isEmpty();
      assertThat(rule.withMinimumCalls(0).canJudge(empty)).as("no calls, no rate").isFalse();
      assertThat(rule.withMinimumCalls(5).check(quiet)).isPresent();
    }

    @Test
    void rejectsABoundThatIsNotAShare() {
      assertThatThrownBy(() -> AlertRules.errorRateAbove(5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[0, 1)").hasMessageContaining("5.0");
      assertThatThrownBy(() -> AlertRules.errorRateAbove(-0.1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Latency {
    private final LatencyRule rule = AlertRules.p99LatencyAbove(Duration.ofMillis(250));

    @Test
    void firesStrictlyAboveTheBound() {
      assertThat(rule.name()).isEqualTo("p99-latency-above-250ms");
      assertThat(rule.severity()).isEqualTo(Severity.WARNING);
      assertThat(rule.check(snapshot().p99(5_000, Duration.ofMillis(412)).build()))
          .hasValue("p99 latency 412 ms > 250 ms over 5,000 calls, model churn v3");
      assertThat(rule.check(snapshot().p99(5_000, Duration.ofMillis(250)).build())).isEmpty();
      assertThat(rule.check(snapshot().p99(5_000, Duration.ofNanos(250_000_001)).build()))
          .isPresent();
    }

    @Test
    void cannotJudgeAWindowWithTooFewMeasuredCalls() {
      MonitorSnapshot few = snapshot().p99(29, Duration.ofSeconds(3)).build();

      assertThat(rule.canJudge(few)).isFalse();
      assertThat(rule.check(few)).isEmpty();
      assertThat(rule.withMinimumCalls(1).check(few)).isPresent();
      assertThat(rule.withMinimumCalls(0).canJudge(snapshot().build())).isFalse();
    }

    @Test
    void namesSubMillisecondBoundsInMicroseconds() {
      assertThat(AlertRules.p99LatencyAbove(Duration.ofNanos(800_000)).name())
          .isEqualTo("p99-latency-above-800us");
      assertThat(AlertRules.p99LatencyAbove(Duration.ofSeconds(2)).name())
          .isEqualTo("p99-latency-above-2s");
    }

    @Test
    void rejectsABoundThatIsNotPositive() {
      assertThatThrownBy(() -> AlertRules.p99LatencyAbove(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
  }

  @Test
  void everyBuiltInRuleRejectsANegativeCooldownAndABlankName() {
    assertThatThrownBy(() -> AlertRules.datasetDrift().withCooldown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> AlertRules.errorRateAbove(0.1).withName(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> AlertRules.metricBelow("accuracy", 0.8).withMinimumLabelled(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}

package dev.mlops.core.alert;

import dev.mlops.alert.Severity;
import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.core.metrics.MetricNames;
import java.time.Duration;
import java.util.Objects;

/**
 * The built-in {@link dev.mlops.alert.AlertRule}s. Each factory gives a rule with a descriptive
 * name, a default severity and a one-hour cooldown; change them with the rule's {@code with...}
 * methods:
 *
 * <pre>{@code
 * List<AlertRule> rules = List.of(
 *     AlertRules.datasetDrift(),
 *     AlertRules.featureDriftScoreAbove("tenure_months", 0.2).andDrifted(),
 *     AlertRules.metricWorseThan(MetricNames.ACCURACY, 0.8).withMinimumLabelled(200),
 *     AlertRules.errorRateAbove(0.01).withCooldown(Duration.ofMinutes(15)),
 *     AlertRules.p99LatencyAbove(Duration.ofMillis(250)).withSeverity(Severity.CRITICAL));
 * }</pre>
 *
 * <p>Every rule leaves a snapshot it cannot judge alone (no drift measured, no labels, too few
 * calls): {@code canJudge} is false and {@code check} is empty, and the dispatcher keeps the rule's
 * state as it was.
 *
 * @since 0.1
 */
public final class AlertRules {

  private AlertRules() {}

  /**
   * Fires when a window's inputs drifted as a whole ({@code dataset-drift}, {@link
   * Severity#WARNING}).
   *
   * @return the rule
   */
  public static DatasetDriftRule datasetDrift() {
    return new DatasetDriftRule(RuleHeader.of("dataset-drift", Severity.WARNING), 0);
  }

  /**
   * Fires when one feature's drift test found drift ({@code feature-drift-<feature>}, {@link
   * Severity#WARNING}).
   *
   * @param feature the feature, as named in the drift report
   * @return the rule
   */
  public static FeatureDriftRule featureDrifted(String feature) {
    Objects.requireNonNull(feature, "feature");
    return new FeatureDriftRule(
        RuleHeader.of("feature-drift-" + feature, Severity.WARNING), feature, null, true, 0);
  }

  /**
   * Fires when one feature's drift score (its test's statistic or distance) is above a bound
   * ({@code feature-drift-score-<feature>-above-<bound>}, {@link Severity#WARNING}).
   *
   * @param feature the feature, as named in the drift report
   * @param bound the score the feature's score must exceed to fire
   * @return the rule
   * @throws IllegalArgumentException if the bound is not a finite number
   */
  public static FeatureDriftRule featureDriftScoreAbove(String feature, double bound) {
    Objects.requireNonNull(feature, "feature");
    RuleHeader.requireFinite("The drift score bound of feature '" + feature + "'", bound);
    return new FeatureDriftRule(
        RuleHeader.of(
            "feature-drift-score-" + feature + "-above-" + Figures.bound(bound), Severity.WARNING),
        feature,
        bound,
        false,
        0);
  }

  /**
   * Fires when a metric where higher is better (accuracy, F1, ROC AUC, R²) falls below a bound
   * ({@code <metric>-below-<bound>}, {@link Severity#CRITICAL}).
   *
   * @param metric the metric, as named in {@code MonitorSnapshot.metrics()}
   * @param bound the least acceptable value
   * @return the rule
   * @throws IllegalArgumentException if the bound is not a finite number
   */
  public static MetricRule metricBelow(String metric, double bound) {
    return metric(metric, bound, MetricRule.Comparison.BELOW);
  }

  /**
   * Fires when a metric estimated from a window's predictions before their labels arrive ({@link
   * dev.mlops.monitor.MonitorSnapshot#estimated()}: CBPE for a classifier, DLE for a regression
   * model) falls below a bound ({@code estimated-<metric>-below-<bound>}, {@link
   * Severity#WARNING}): the early warning that precedes {@link #metricBelow} by as long as the
   * labels take. For metrics where higher is better.
   *
   * @param metric {@code accuracy}, {@code precision}, {@code recall}, {@code f1} or {@code
   *     roc_auc}
   * @param bound the least acceptable estimate
   * @return the rule
   * @throws IllegalArgumentException if the metric is blank or the bound is not a finite number
   * @since 0.1
   */
  public static EstimatedMetricRule estimatedMetricBelow(String metric, double bound) {
    return estimated(metric, bound, MetricRule.Comparison.BELOW);
  }

  /**
   * Fires when a metric estimated from a window's predictions before their labels arrive rises
   * above a bound ({@code estimated-<metric>-above-<bound>}, {@link Severity#WARNING}): for
   * metrics where lower is better, the estimated {@code mae} and {@code rmse} of a regression
   * model given a {@code DirectLossEstimator} (DLE); the early warning that precedes {@link
   * #metricAbove} by as long as the outcomes take.
   *
   * @param metric {@code mae} or {@code rmse}
   * @param bound the greatest acceptable estimate
   * @return the rule
   * @throws IllegalArgumentException if the metric is blank or the bound is not a finite number
   * @since 0.1
   */
  public static EstimatedMetricRule estimatedMetricAbove(String metric, double bound) {
    return estimated(metric, bound, MetricRule.Comparison.ABOVE);
  }

  /**
   * Fires when a metric estimated from a window's predictions is worse than a bound, in the
   * direction {@link MetricNames#direction} gives it: {@link #estimatedMetricBelow} for accuracy or
   * ROC AUC, {@link #estimatedMetricAbove} for MAE or RMSE.
   *
   * @param metric one of the names in {@link MetricNames}
   * @param bound the worst acceptable estimate
   * @return the rule
   * @throws IllegalArgumentException if the metric is not a built-in one or the bound is not a
   *     finite number
   * @since 0.1
   */
  public static EstimatedMetricRule estimatedMetricWorseThan(String metric, double bound) {
    Objects.requireNonNull(metric, "metric");
    return MetricNames.direction(metric) == MetricDirection.HIGHER_IS_BETTER
        ? estimatedMetricBelow(metric, bound)
        : estimatedMetricAbove(metric, bound);
  }

  /**
   * Fires when a window's model outputs drifted from those on the version's reference scores
   * ({@code score-drift}, {@link Severity#WARNING}): a binary classifier's positive-class
   * probability, another classifier's predicted class ({@link
   * dev.mlops.monitor.MonitorSnapshot#scoreDrift()}).
   *
   * @return the rule
   * @since 0.1
   */
  public static OutputDriftRule scoreDrift() {
    return new OutputDriftRule(RuleHeader.of("score-drift", Severity.WARNING),
        OutputDriftRule.Part.SCORE, 0);
  }

  /**
   * Fires when the streaming detector attached to the monitor under a name signalled a change in
   * the window ({@code stream-detection-<detector>}, {@link Severity#WARNING}; {@link
   * dev.mlops.monitor.MonitorSnapshot#detections()}).
   *
   * @param detectorName the name the detector was attached under
   * @return the rule
   * @throws IllegalArgumentException if the name is blank
   * @since 0.1
   */
  public static StreamDetectionRule streamDetection(String detectorName) {
    Objects.requireNonNull(detectorName, "detectorName");
    if (detectorName.isBlank()) {
      throw new IllegalArgumentException("The detector name of a stream-detection rule must not"
          + " be blank");
    }
    return new StreamDetectionRule(
        RuleHeader.of("stream-detection-" + detectorName, Severity.WARNING), detectorName);
  }

  /**
   * Fires when the labels joined to a window's predictions drifted from the reference's labels
   * ({@code target-drift}, {@link Severity#WARNING}; {@link
   * dev.mlops.monitor.MonitorSnapshot#targetDrift()}).
   *
   * @return the rule
   * @since 0.1
   */
  public static OutputDriftRule targetDrift() {
    return new OutputDriftRule(RuleHeader.of("target-drift", Severity.WARNING),
        OutputDriftRule.Part.TARGET, 0);
  }

  /**
   * Fires when a metric where lower is better (log loss, calibration error, MAE, RMSE, MAPE) rises
   * above a bound ({@code <metric>-above-<bound>}, {@link Severity#CRITICAL}).
   *
   * @param metric the metric, as named in {@code MonitorSnapshot.metrics()}
   * @param bound the greatest acceptable value
   * @return the rule
   * @throws IllegalArgumentException if the bound is not a finite number
   */
  public static MetricRule metricAbove(String metric, double bound) {
    return metric(metric, bound, MetricRule.Comparison.ABOVE);
  }

  /**
   * Fires when a built-in metric is worse than a bound, in the direction {@link
   * MetricNames#direction} gives it: below the bound for accuracy or ROC AUC, above it for log loss
   * or RMSE ({@code <metric>-below-<bound>} or {@code <metric>-above-<bound>}, {@link
   * Severity#CRITICAL}).
   *
   * @param metric one of the names in {@link MetricNames}
   * @param bound the worst acceptable value
   * @return the rule
   * @throws IllegalArgumentException if the metric is not a built-in one (use {@link
   *     #metricWorseThan(String, double, MetricDirection)} for your own) or the bound is not a
   *     finite number
   */
  public static MetricRule metricWorseThan(String metric, double bound) {
    Objects.requireNonNull(metric, "metric");
    return metricWorseThan(metric, bound, MetricNames.direction(metric));
  }

  /**
   * Fires when a metric is worse than a bound in the given direction: below it when higher is
   * better, above it when lower is better.
   *
   * @param metric the metric, as named in {@code MonitorSnapshot.metrics()}
   * @param bound the worst acceptable value
   * @param direction which way the metric improves
   * @return the rule
   * @throws IllegalArgumentException if the bound is not a finite number
   */
  public static MetricRule metricWorseThan(
      String metric, double bound, MetricDirection direction) {
    Objects.requireNonNull(direction, "direction");
    return direction == MetricDirection.HIGHER_IS_BETTER
        ? metricBelow(metric, bound)
        : metricAbove(metric, bound);
  }

  /**
   * Fires when the share of failed calls in a window is above a bound ({@code
   * error-rate-above-<bound>}, {@link Severity#CRITICAL}).
   *
   * @param bound the greatest acceptable share, in [0, 1): 0.01 for 1%
   * @return the rule
   * @throws IllegalArgumentException if the bound is outside [0, 1)
   */
  public static ErrorRateRule errorRateAbove(double bound) {
    return new ErrorRateRule(
        RuleHeader.of("error-rate-above-" + Figures.bound(checkShare(bound)), Severity.CRITICAL),
        bound,
        ErrorRateRule.DEFAULT_MINIMUM_CALLS);
  }

  /**
   * Fires when the 99th percentile of a window's latency is above a bound ({@code
   * p99-latency-above-<bound>}, such as {@code p99-latency-above-250ms}, {@link Severity#WARNING}).
   *
   * @param bound the greatest acceptable p99
   * @return the rule
   * @throws IllegalArgumentException if the bound is not positive
   */
  public static LatencyRule p99LatencyAbove(Duration bound) {
    Objects.requireNonNull(bound, "bound");
    return new LatencyRule(
        RuleHeader.of("p99-latency-above-" + Figures.bound(bound), Severity.WARNING),
        bound,
        LatencyRule.DEFAULT_MINIMUM_CALLS);
  }

  private static MetricRule metric(String metric, double bound, MetricRule.Comparison comparison) {
    Objects.requireNonNull(metric, "metric");
    if (metric.isBlank()) {
      throw new IllegalArgumentException("A metric name must not be blank");
    }
    RuleHeader.requireFinite("The bound of metric '" + metric + "'", bound);
    return new MetricRule(
        RuleHeader.of(metric + "-" + comparison.word() + "-" + Figures.bound(bound),
            Severity.CRITICAL),
        metric,
        bound,
        comparison,
        MetricRule.DEFAULT_MINIMUM_LABELLED);
  }

  private static EstimatedMetricRule estimated(
      String metric, double bound, MetricRule.Comparison comparison) {
    Objects.requireNonNull(metric, "metric");
    if (metric.isBlank()) {
      throw new IllegalArgumentException("An estimated metric name must not be blank");
    }
    RuleHeader.requireFinite("The bound of estimated metric '" + metric + "'", bound);
    return new EstimatedMetricRule(
        RuleHeader.of("estimated-" + metric + "-" + comparison.word() + "-" + Figures.bound(bound),
            Severity.WARNING),
        metric,
        bound,
        comparison,
        EstimatedMetricRule.DEFAULT_MINIMUM_ROWS);
  }

  private static double checkShare(double bound) {
    if (!(bound >= 0 && bound < 1)) {
      throw new IllegalArgumentException(
          "An error-rate bound must be in [0, 1) but was " + bound + " (0.05 means 5%)");
    }
    return bound;
  }
}

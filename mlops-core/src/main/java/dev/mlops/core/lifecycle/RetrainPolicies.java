package dev.mlops.core.lifecycle;

import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.lifecycle.RetrainPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@link RetrainPolicy retrain policies}: schedules, drift, live performance, new
 * data volume, and their compositions. Every policy is a pure function of its
 * {@link dev.mlops.lifecycle.RetrainContext} (time comes from {@code context.now()}), and every
 * decision says what was observed:
 *
 * <pre>{@code
 * RetrainPolicy policy = RetrainPolicies.anyOf(
 *     RetrainPolicies.weekly(DayOfWeek.MONDAY, LocalTime.of(3, 0), ZoneId.of("Europe/Paris")),
 *     RetrainPolicies.withMinimumInterval(
 *         RetrainPolicies.anyOf(
 *             RetrainPolicies.onFeatureDrift("tenure", 0.1),
 *             RetrainPolicies.onMetricDrop("roc_auc", 0.05)),
 *         Duration.ofDays(1)));
 * }</pre>
 *
 * <p>Schedules count from the last retrain ({@link dev.mlops.lifecycle.RetrainContext#lastRetrainAt()}),
 * or from the champion's registration when the model was never retrained by the controller.
 * Policies that read monitoring (drift, live metrics) do not retrain when the window measured
 * nothing (too few rows, no labels yet) and say so.
 *
 * @since 0.1
 */
public final class RetrainPolicies {

  private RetrainPolicies() {}

  /**
   * Retrains when {@code period} has passed since the last retrain, or since the champion was
   * registered if the model was never retrained.
   *
   * @param period the time between retrains
   * @return the policy
   * @throws IllegalArgumentException if the period is not positive
   */
  public static RetrainPolicy every(Duration period) {
    return new EveryPolicy(positive("period", period));
  }

  /**
   * Retrains once a week at a local day and time: fires at the first check after each occurrence
   * that has passed since the last retrain (several missed occurrences retrain once).
   *
   * @param day the day of the week
   * @param time the local time
   * @param zone the zone the day and time are in
   * @return the policy
   */
  public static RetrainPolicy weekly(DayOfWeek day, LocalTime time, ZoneId zone) {
    return new WeeklyPolicy(Objects.requireNonNull(day, "day"), Objects.requireNonNull(time, "time"),
        Objects.requireNonNull(zone, "zone"));
  }

  /**
   * Retrains once a day at a local time: fires at the first check after each occurrence that has
   * passed since the last retrain.
   *
   * @param time the local time
   * @param zone the zone the time is in
   * @return the policy
   */
  public static RetrainPolicy daily(LocalTime time, ZoneId zone) {
    return new DailyPolicy(Objects.requireNonNull(time, "time"), Objects.requireNonNull(zone, "zone"));
  }

  /**
   * Retrains when the current window's inputs drifted as a whole (the drift report's dataset
   * verdict).
   *
   * @return the policy
   */
  public static RetrainPolicy onDatasetDrift() {
    return new DatasetDriftPolicy();
  }

  /**
   * Retrains when the champion's outputs in the current window drifted from those on its
   * reference scores ({@link RetrainContext#scoreDrifted()}).
   *
   * @return the policy
   * @since 0.1
   */
  public static RetrainPolicy onScoreDrift() {
    return new OutputDriftPolicy(true);
  }

  /**
   * Retrains when the streaming detector attached to the champion's monitor under a name fired in
   * the current window ({@link dev.mlops.lifecycle.RetrainContext#streamDetections()}).
   *
   * @param detectorName the name the detector was attached under
   * @return the policy
   * @throws IllegalArgumentException if the name is blank
   * @since 0.1
   */
  public static RetrainPolicy onStreamDetection(String detectorName) {
    Objects.requireNonNull(detectorName, "detectorName");
    if (detectorName.isBlank()) {
      throw new IllegalArgumentException("The detector name of onStreamDetection must not be"
          + " blank");
    }
    return new StreamDetectionPolicy(detectorName);
  }

  /**
   * Retrains when the labels joined to the current window's predictions drifted from the
   * reference's ({@link RetrainContext#targetDrifted()}).
   *
   * @return the policy
   * @since 0.1
   */
  public static RetrainPolicy onTargetDrift() {
    return new OutputDriftPolicy(false);
  }

  /**
   * Retrains when one feature's drift score (the statistic of its drift test) reaches a minimum.
   * The policy throws {@link IllegalArgumentException} when drift was measured but the report has
   * no such feature, so that a misspelt name does not go unnoticed.
   *
   * @param feature the feature name
   * @param minScore the score at or above which to retrain
   * @return the policy
   * @throws IllegalArgumentException if the score is negative or not finite
   */
  public static RetrainPolicy onFeatureDrift(String feature, double minScore) {
    Objects.requireNonNull(feature, "feature");
    if (!(minScore >= 0) || Double.isInfinite(minScore)) {
      throw new IllegalArgumentException("minScore must be a finite number >= 0 but was " + minScore);
    }
    return new FeatureDriftPolicy(feature, minScore);
  }

  /**
   * Retrains when a live metric (on labelled traffic in the current window) is below a bound; for
   * metrics where higher is better, such as accuracy.
   *
   * @param metric the metric name, such as {@code accuracy}
   * @param bound the value below which to retrain
   * @return the policy
   * @throws IllegalArgumentException if the bound is not finite
   */
  public static RetrainPolicy onMetricBelow(String metric, double bound) {
    return new MetricBoundPolicy(Objects.requireNonNull(metric, "metric"), finite("bound", bound), true, false);
  }

  /**
   * Retrains when a metric estimated from the current window's scores, before their labels arrive
   * ({@link RetrainContext#estimatedMetrics()}, CBPE), is below a bound; for metrics where higher
   * is better, such as accuracy ({@link #onEstimatedMetricAbove} for the estimated MAE or RMSE). It acts as soon as the window shows the drop, not once labels
   * confirm it; the estimate follows changes in the inputs, not in how labels depend on them (pair
   * it with {@link #onMetricBelow} for those).
   *
   * @param metric {@code accuracy}, {@code precision}, {@code recall}, {@code f1} or {@code
   *     roc_auc}
   * @param bound the estimate below which to retrain
   * @return the policy
   * @throws IllegalArgumentException if the bound is not finite
   * @since 0.1
   */
  public static RetrainPolicy onEstimatedMetricBelow(String metric, double bound) {
    return new MetricBoundPolicy(Objects.requireNonNull(metric, "metric"), finite("bound", bound),
        true, true);
  }

  /**
   * Retrains when a metric estimated from the current window's predictions, before their outcomes
   * arrive ({@link RetrainContext#estimatedMetrics()}), is above a bound; for metrics where lower
   * is better: the estimated {@code mae} and {@code rmse} of a regression model whose monitor has a
   * {@code DirectLossEstimator} (DLE). Like {@link #onEstimatedMetricBelow}, it follows changes in
   * the inputs, not in how the outcomes depend on them (pair it with {@link #onMetricAbove}).
   *
   * @param metric {@code mae} or {@code rmse}
   * @param bound the estimate above which to retrain
   * @return the policy
   * @throws IllegalArgumentException if the bound is not finite
   * @since 0.1
   */
  public static RetrainPolicy onEstimatedMetricAbove(String metric, double bound) {
    return new MetricBoundPolicy(Objects.requireNonNull(metric, "metric"), finite("bound", bound),
        false, true);
  }

  /**
   * Retrains when a metric estimated from the current window's predictions before their labels
   * arrive ({@link RetrainContext#estimatedMetrics()}) is worse than the champion's registered
   * (hold-out) value by at least {@code relative} (0.05: five per cent), in the metric's direction
   * from {@link MetricNames#direction(String)}: a fall for the estimated accuracy or ROC AUC of a
   * classifier (CBPE), a rise for the estimated MAE or RMSE of a regression model (DLE). The
   * champion is compared with what it achieved on data like its training data, so a retrained
   * model trained on changed data is judged against its own hold-out, not against a fixed bound.
   * The policy throws {@link IllegalArgumentException} when the champion has no such registered
   * metric.
   *
   * @param metric {@code accuracy}, {@code precision}, {@code recall}, {@code f1}, {@code
   *     roc_auc}, {@code mae} or {@code rmse}
   * @param relative the least relative worsening that retrains, positive
   * @return the policy
   * @throws IllegalArgumentException if the metric is not one of the {@link MetricNames} or {@code
   *     relative} is not positive
   * @since 0.1
   */
  public static RetrainPolicy onEstimatedMetricDrop(String metric, double relative) {
    Objects.requireNonNull(metric, "metric");
    if (!(relative > 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException("relative must be a positive number but was " + relative);
    }
    return new MetricDropPolicy(metric, relative, MetricNames.direction(metric), true);
  }

  /**
   * Retrains when a live metric is above a bound; for error metrics, such as {@code log_loss}.
   *
   * @param metric the metric name
   * @param bound the value above which to retrain
   * @return the policy
   * @throws IllegalArgumentException if the bound is not finite
   */
  public static RetrainPolicy onMetricAbove(String metric, double bound) {
    return new MetricBoundPolicy(Objects.requireNonNull(metric, "metric"), finite("bound", bound), false, false);
  }

  /**
   * Retrains when a live metric is worse than the champion's registered hold-out value by at least
   * {@code relative} (0.05: five per cent), in the metric's direction from
   * {@link MetricNames#direction(String)}: a fall for accuracy, a rise for log loss. The policy
   * throws {@link IllegalArgumentException} when the champion has no such registered metric.
   *
   * @param metric one of the {@link MetricNames}
   * @param relative the relative worsening at or above which to retrain, positive
   * @return the policy
   * @throws IllegalArgumentException if the metric's direction is unknown (use
   *     {@link #onMetricDrop(String, double, MetricDirection)}) or {@code relative} is not positive
   */
  public static RetrainPolicy onMetricDrop(String metric, double relative) {
    return onMetricDrop(metric, relative, MetricNames.direction(metric));
  }

  /**
   * Retrains when a live metric is worse than the champion's registered value by at least
   * {@code relative}, in the given direction.
   *
   * @param metric the metric name
   * @param relative the relative worsening at or above which to retrain, positive
   * @param direction whether higher or lower values are better
   * @return the policy
   * @throws IllegalArgumentException if {@code relative} is not positive and finite
   */
  public static RetrainPolicy onMetricDrop(String metric, double relative, MetricDirection direction) {
    Objects.requireNonNull(metric, "metric");
    if (!(relative > 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException("relative must be a finite number > 0 but was " + relative);
    }
    return new MetricDropPolicy(metric, relative, Objects.requireNonNull(direction, "direction"),
        false);
  }

  /**
   * Retrains once at least {@code rows} new labelled rows are available since the champion was
   * trained ({@link dev.mlops.lifecycle.RetrainContext#newDataRows()}).
   *
   * @param rows the row count, positive
   * @return the policy
   * @throws IllegalArgumentException if {@code rows} is not positive
   */
  public static RetrainPolicy onNewData(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be positive but was " + rows);
    }
    return new NewDataPolicy(rows);
  }

  /**
   * Retrains when any of the policies does; the reasons are those of every policy that fired.
   *
   * @param policies at least one policy
   * @return the composition
   * @throws IllegalArgumentException if no policy is given
   */
  public static RetrainPolicy anyOf(RetrainPolicy... policies) {
    return new AnyOfPolicy(nonEmpty("anyOf", policies));
  }

  /**
   * Retrains when all of the policies do; the reasons are all of theirs.
   *
   * @param policies at least one policy
   * @return the composition
   * @throws IllegalArgumentException if no policy is given
   */
  public static RetrainPolicy allOf(RetrainPolicy... policies) {
    return new AllOfPolicy(nonEmpty("allOf", policies));
  }

  /**
   * Holds back a policy's decision to retrain until {@code interval} has passed since the last
   * retrain. A persisting condition, such as drift, then retrains once per interval.
   *
   * @param policy the policy to limit
   * @param interval the minimum time between retrains
   * @return the limited policy
   * @throws IllegalArgumentException if the interval is not positive
   */
  public static RetrainPolicy withMinimumInterval(RetrainPolicy policy, Duration interval) {
    return new MinimumIntervalPolicy(Objects.requireNonNull(policy, "policy"), positive("interval", interval));
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    return value;
  }

  private static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite but was " + value);
    }
    return value;
  }

  private static List<RetrainPolicy> nonEmpty(String composition, RetrainPolicy[] policies) {
    if (policies.length == 0) {
      throw new IllegalArgumentException(composition + " needs at least one policy");
    }
    for (RetrainPolicy p : policies) {
      Objects.requireNonNull(p, composition + " was given a null policy");
    }
    return List.of(policies);
  }
}

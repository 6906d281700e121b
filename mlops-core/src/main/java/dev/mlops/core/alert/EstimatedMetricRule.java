package dev.mlops.core.alert;

import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires when a performance metric estimated from a window's predictions, before their labels
 * arrive ({@link MonitorSnapshot#estimated()}: CBPE for a classifier, DLE for a regression model),
 * is below a bound ({@link AlertRules#estimatedMetricBelow}, for accuracy or ROC AUC) or above it
 * ({@link AlertRules#estimatedMetricAbove}, for MAE or RMSE). It cannot judge a window without an
 * estimate of that metric, or with fewer estimated predictions than {@link #withMinimumRows its
 * minimum}. Instances are immutable.
 *
 * <p>Messages: {@code estimated accuracy 0.71 < 0.75 (band 0.68 to 0.74) over 3,000 predictions
 * not yet labelled, model churn v3}; {@code estimated mae 1.32 > 1.00 (band 1.27 to 1.37) over
 * 600 predictions not yet labelled, model price v1}.
 *
 * @since 0.1
 */
public final class EstimatedMetricRule extends BuiltInAlertRule<EstimatedMetricRule> {

  /** Estimated predictions a window needs unless set otherwise. */
  public static final long DEFAULT_MINIMUM_ROWS = 100;

  private final String metric;
  private final double bound;
  private final MetricRule.Comparison comparison;
  private final long minimumRows;

  EstimatedMetricRule(RuleHeader header, String metric, double bound,
      MetricRule.Comparison comparison, long minimumRows) {
    super(header);
    this.metric = Objects.requireNonNull(metric, "metric");
    this.bound = RuleHeader.requireFinite("The bound of estimated metric '" + metric + "'", bound);
    this.comparison = Objects.requireNonNull(comparison, "comparison");
    this.minimumRows = RuleHeader.requireNonNegative("minimumRows", minimumRows);
  }

  /**
   * The metric this rule watches, as named in {@link EstimatedPerformance#metrics()}.
   *
   * @return such as {@code accuracy}
   * @since 0.1
   */
  public String metric() {
    return metric;
  }

  /**
   * The bound the estimate must not cross: fall below ({@link #firesBelow()}) or rise above.
   *
   * @return the bound
   * @since 0.1
   */
  public double bound() {
    return bound;
  }

  /**
   * Whether the rule fires below the bound (higher is better: accuracy, ROC AUC) or above it
   * (lower is better: MAE, RMSE).
   *
   * @return true when estimates below the bound fire
   * @since 0.1
   */
  public boolean firesBelow() {
    return comparison == MetricRule.Comparison.BELOW;
  }

  /**
   * This rule judging only windows whose estimate is over at least this many predictions
   * ({@value #DEFAULT_MINIMUM_ROWS} unless set otherwise).
   *
   * @param rows the minimum; 0 judges any window with an estimate
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   * @since 0.1
   */
  public EstimatedMetricRule withMinimumRows(long rows) {
    return new EstimatedMetricRule(header(), metric, bound, comparison, rows);
  }

  @Override
  EstimatedMetricRule withHeader(RuleHeader newHeader) {
    return new EstimatedMetricRule(newHeader, metric, bound, comparison, minimumRows);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    Double value = snapshot.estimated().metrics().get(metric);
    return value != null && Double.isFinite(value) && snapshot.estimated().rows() >= minimumRows;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    if (!canJudge(snapshot)) {
      return Optional.empty();
    }
    EstimatedPerformance estimated = snapshot.estimated();
    Double value = estimated.metrics().get(metric);
    if (value == null || !comparison.violates(value, bound)) {
      return Optional.empty();
    }
    Double lower = estimated.lower().get(metric);
    Double upper = estimated.upper().get(metric);
    String band = lower == null || upper == null ? ""
        : " (band " + Figures.value(lower) + " to " + Figures.value(upper) + ")";
    return Optional.of("estimated " + metric + " " + Figures.value(value) + " "
        + comparison.symbol() + " " + Figures.value(bound) + band + " over " + Figures.count(estimated.rows())
        + " predictions not yet labelled, "
        + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  @Override
  public String toString() {
    return "EstimatedMetricRule[" + header() + ", " + metric + " " + comparison.symbol() + " " + bound
        + ", minimumRows="
        + minimumRows + "]";
  }
}

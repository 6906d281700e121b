package dev.mlops.core.alert;

import dev.mlops.monitor.MonitorSnapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires when a performance metric measured on a window's labelled predictions is worse than a
 * bound: below it for metrics where higher is better (accuracy, ROC AUC; {@link
 * AlertRules#metricBelow}), above it for metrics where lower is better (log loss, RMSE; {@link
 * AlertRules#metricAbove}). It cannot judge a snapshot without that metric (no labels joined) or
 * with fewer joined labels than {@link #withMinimumLabelled its minimum}, since a metric over a
 * handful of labels says little. Instances are immutable.
 *
 * <p>Message: {@code accuracy 0.71 < 0.80 over 1,204 labelled predictions, model churn v3}.
 *
 * @since 0.1
 */
public final class MetricRule extends BuiltInAlertRule<MetricRule> {

  /** Labelled predictions a window needs unless set otherwise. */
  public static final long DEFAULT_MINIMUM_LABELLED = 30;

  /** Which side of the bound is bad. */
  enum Comparison {
    BELOW("<", "below"),
    ABOVE(">", "above");

    private final String symbol;
    private final String word;

    Comparison(String symbol, String word) {
      this.symbol = symbol;
      this.word = word;
    }

    boolean violates(double value, double bound) {
      return this == BELOW ? value < bound : value > bound;
    }

    String word() {
      return word;
    }

    String symbol() {
      return symbol;
    }
  }

  private final String metric;
  private final double bound;
  private final Comparison comparison;
  private final long minimumLabelled;

  MetricRule(
      RuleHeader header, String metric, double bound, Comparison comparison, long minimumLabelled) {
    super(header);
    this.metric = Objects.requireNonNull(metric, "metric");
    this.bound = RuleHeader.requireFinite("The bound of metric '" + metric + "'", bound);
    this.comparison = Objects.requireNonNull(comparison, "comparison");
    this.minimumLabelled = RuleHeader.requireNonNegative("minimumLabelled", minimumLabelled);
  }

  /**
   * The metric this rule watches, as named in {@link MonitorSnapshot#metrics()}.
   *
   * @return such as {@code accuracy}
   */
  public String metric() {
    return metric;
  }

  /**
   * The bound the metric must not cross.
   *
   * @return the bound
   */
  public double bound() {
    return bound;
  }

  /**
   * Whether the rule fires below the bound (higher is better) or above it (lower is better).
   *
   * @return true when values below the bound fire
   */
  public boolean firesBelow() {
    return comparison == Comparison.BELOW;
  }

  /**
   * How many labelled predictions a window needs to be judged ({@value #DEFAULT_MINIMUM_LABELLED}
   * unless set otherwise).
   *
   * @return the minimum
   */
  public long minimumLabelled() {
    return minimumLabelled;
  }

  /**
   * This rule judging only windows with at least this many labelled predictions.
   *
   * @param labelled the minimum; 0 judges any window that has the metric
   * @return a new rule
   * @throws IllegalArgumentException if the minimum is negative
   */
  public MetricRule withMinimumLabelled(long labelled) {
    return new MetricRule(header(), metric, bound, comparison, labelled);
  }

  @Override
  MetricRule withHeader(RuleHeader newHeader) {
    return new MetricRule(newHeader, metric, bound, comparison, minimumLabelled);
  }

  @Override
  public boolean canJudge(MonitorSnapshot snapshot) {
    Double value = snapshot.metrics().get(metric);
    return value != null && Double.isFinite(value)
        && snapshot.outcomes().joined() >= minimumLabelled;
  }

  @Override
  public Optional<String> check(MonitorSnapshot snapshot) {
    Double value = snapshot.metrics().get(metric);
    if (value == null || !canJudge(snapshot)) {
      return Optional.empty();
    }

    if (!comparison.violates(value, bound)) {
      return Optional.empty();
    }
    return Optional.of(metric + " " + Figures.value(value) + " " + comparison.symbol + " "
        + Figures.value(bound) + " over " + Figures.count(snapshot.outcomes().joined())
        + " labelled predictions, " + Figures.model(snapshot.modelName(), snapshot.version()));
  }

  @Override
  public String toString() {
    return "MetricRule[" + header() + ", " + metric + " " + comparison.symbol + " " + bound
        + ", minimumLabelled=" + minimumLabelled + "]";
  }
}

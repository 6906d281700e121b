package dev.mlops.core.lifecycle;

import dev.mlops.core.comparison.McNemarTest;
import dev.mlops.core.comparison.MetricComparison;
import dev.mlops.core.comparison.ModelComparisons;
import dev.mlops.internal.SetOnce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * When a challenger measured against the champion counts as better (to promote it) or worse (to
 * roll it back), judged on {@link MetricComparison}s with their significance tests.
 *
 * <pre>{@code
 * ComparisonRules rules = ComparisonRules.builder()
 *     .require("accuracy", 0.01)       // better by at least one point, and significantly
 *     .guard("roc_auc", 0.02)          // not worse by more than two points
 *     .significanceLevel(0.05)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>A <b>required</b> metric holds when the challenger's value exceeds the champion's by at least
 *       the margin <em>and</em> the one-sided p-value for "the challenger is better" is below the
 *       significance level. The test is against no difference; the margin is on the observed
 *       difference.
 *   <li>A <b>guard</b> holds when the challenger's value is below the champion's by at most the
 *       tolerance (observed, no test).
 *   <li>{@link #promotion} holds when every rule does. {@link #regression} holds when on some
 *       compared metric the one-sided p-value for "the challenger is worse" is below the level:
 *       the challenger is significantly worse.
 * </ul>
 *
 * <p>The compared metrics are accuracy (McNemar's test on the same rows, the two-proportion z-test
 * on different rows) and ROC AUC (DeLong's test); see {@link ModelComparisons}. Differences are
 * compared with a tolerance of 1e-12, as in {@link MetricThresholdGate}. Immutable.
 *
 * @since 0.1
 */
public final class ComparisonRules {

  private static final double ROUNDING = 1e-12;

  private final Map<String, Double> required;
  private final Map<String, Double> guards;
  private final double level;
  private final McNemarTest.Variant variant;
  private final List<String> order;

  private ComparisonRules(Builder b) {
    this.required = Collections.unmodifiableMap(new LinkedHashMap<>(b.required));
    this.guards = Collections.unmodifiableMap(new LinkedHashMap<>(b.guards));
    this.level = b.level;
    this.variant = b.variant;
    this.order = List.copyOf(b.order);
  }

  /**
   * Starts a set of rules. Defaults: significance level 0.05, McNemar's exact test.
   *
   * @return a builder
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The metrics to compare: the required ones, then the guards, each once, in the order set.
   *
   * @return the metric names
   * @since 0.1
   */
  public List<String> metrics() {
    return order;
  }

  /**
   * The significance level.
   *
   * @return a p-value must be below this
   * @since 0.1
   */
  public double significanceLevel() {
    return level;
  }

  /**
   * How McNemar's p-value is computed for accuracy on the same rows.
   *
   * @return the variant
   * @since 0.1
   */
  public McNemarTest.Variant mcNemar() {
    return variant;
  }

  /**
   * Whether the challenger may be promoted: every required metric significantly better by its
   * margin, every guard within its tolerance.
   *
   * @param comparisons a comparison for each of {@link #metrics()}
   * @return the judgement: the rules that held when it holds, the rules that failed otherwise
   * @throws IllegalArgumentException if a metric of the rules has no comparison
   * @since 0.1
   */
  public Judgement promotion(List<MetricComparison> comparisons) {
    Function<String, MetricComparison> byMetric = byMetric(comparisons);
    List<String> held = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    required.forEach((metric, margin) -> {
      MetricComparison c = byMetric.apply(metric);
      boolean large = c.difference() >= margin - ROUNDING;
      boolean significant = c.pValueBetter() < level;
      String text = metric + " " + DecimalText.of(c.challenger()) + " vs champion "
          + DecimalText.of(c.champion()) + ": " + signed(c.difference()) + (large ? " >= " : " < ")
          + "margin " + DecimalText.of(margin) + ", " + (significant ? "" : "not ") + "significant ("
          + c.test() + " one-sided p = " + pValue(c.pValueBetter()) + (significant ? " < " : " >= ")
          + DecimalText.of(level) + "; " + c.evidence() + ")";
      (large && significant ? held : failed).add(text);
    });
    guards.forEach((metric, tolerance) -> {
      MetricComparison c = byMetric.apply(metric);
      boolean ok = -c.difference() <= tolerance + ROUNDING;
      (ok ? held : failed).add("guard " + metric + " " + DecimalText.of(c.challenger()) + " vs champion "
          + DecimalText.of(c.champion()) + ": " + signed(c.difference()) + (ok ? ", within " : ", worse than ")
          + DecimalText.of(tolerance) + " allowed");
    });
    return failed.isEmpty() ? new Judgement(true, held) : new Judgement(false, failed);
  }

  /**
   * Whether the challenger is significantly worse than the champion on some compared metric.
   *
   * @param comparisons a comparison for each of {@link #metrics()}
   * @return the judgement: the metrics where it is significantly worse when it holds, every
   *     metric's figures otherwise
   * @throws IllegalArgumentException if a metric of the rules has no comparison
   * @since 0.1
   */
  public Judgement regression(List<MetricComparison> comparisons) {
    Function<String, MetricComparison> byMetric = byMetric(comparisons);
    List<String> worse = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (String metric : order) {
      MetricComparison c = byMetric.apply(metric);
      boolean significant = c.pValueWorse() < level;
      String text = metric + " " + DecimalText.of(c.challenger()) + " vs champion " + DecimalText.of(c.champion())
          + ": " + (significant ? "significantly worse" : "not significantly worse") + " (" + c.test()
          + " one-sided p = " + pValue(c.pValueWorse()) + (significant ? " < " : " >= ")
          + DecimalText.of(level) + "; " + c.evidence() + ")";
      all.add(text);
      if (significant) {
        worse.add(text);
      }
    }
    return worse.isEmpty() ? new Judgement(false, all) : new Judgement(true, worse);
  }

  /** The comparison of each metric the rules check, by metric; every one is there. */
  private Function<String, MetricComparison> byMetric(List<MetricComparison> comparisons) {
    Map<String, MetricComparison> byMetric = new LinkedHashMap<>();
    comparisons.forEach(c -> byMetric.put(c.metric(), c));
    for (String metric : order) {
      if (!byMetric.containsKey(metric)) {
        throw new IllegalArgumentException("no comparison of metric '" + metric + "', which the rules check;"
            + " compared: " + byMetric.keySet());
      }
    }
    return metric -> Objects.requireNonNull(byMetric.get(metric), metric);
  }


  /** A p-value as reasons show it: as other figures, or below 1e-4 with three digits and an exponent. */
  private static String pValue(double p) {
    return p != 0.0 && p < 1e-4 ? String.format(Locale.ROOT, "%.3g", p) : DecimalText.of(p);
  }

  private static String signed(double difference) {
    return (difference >= 0 ? "+" : "") + DecimalText.of(difference);
  }

  @Override
  public String toString() {
    return "ComparisonRules[required=" + required + ", guards=" + guards + ", level=" + level
        + ", mcNemar=" + variant + "]";
  }

  /**
   * A judgement with its reasons.
   *
   * @param holds whether the challenger is better (for {@link #promotion}) or worse (for {@link
   *     #regression})
   * @param reasons why, at least one
   * @since 0.1
   */
  public record Judgement(boolean holds, List<String> reasons) {

    /**
     * Copies the reasons.
     *
     * @since 0.1
     */
    public Judgement {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * Builds {@link ComparisonRules}; at least one required metric.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Map<String, Double> required = new LinkedHashMap<>();
    private final Map<String, Double> guards = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private double level = 0.05;
    private McNemarTest.Variant variant = McNemarTest.Variant.EXACT;
    private final Set<String> given = new HashSet<>();

    private Builder() {}

    /**
     * Requires the challenger to be better on a metric by at least a margin, significantly.
     *
     * @param metric {@code accuracy} or {@code roc_auc}
     * @param margin the smallest improvement, zero or more
     * @return this builder
     * @throws IllegalArgumentException if the metric cannot be compared or the margin is negative
     *     or not finite
     * @throws IllegalStateException if the metric is already required
     * @since 0.1
     */
    public Builder require(String metric, double margin) {
      add(required, metric, margin, "required");
      return this;
    }

    /**
     * Lets the challenger be worse on a metric by at most a tolerance.
     *
     * @param metric {@code accuracy} or {@code roc_auc}
     * @param tolerance the largest acceptable fall, zero or more
     * @return this builder
     * @throws IllegalArgumentException if the metric cannot be compared or the tolerance is
     *     negative or not finite
     * @throws IllegalStateException if the metric is already a guard
     * @since 0.1
     */
    public Builder guard(String metric, double tolerance) {
      add(guards, metric, tolerance, "guard");
      return this;
    }

    /**
     * Sets the significance level of every test.
     *
     * @param value in (0, 1); default 0.05
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1)
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder significanceLevel(double value) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException("significanceLevel must be in (0, 1) but was " + value);
      }
      SetOnce.mark(given, "significanceLevel");
      this.level = value;
      return this;
    }

    /**
     * Sets how McNemar's p-value is computed.
     *
     * @param value the variant; default {@link McNemarTest.Variant#EXACT}
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder mcNemar(McNemarTest.Variant value) {
      Objects.requireNonNull(value, "mcNemar");
      SetOnce.mark(given, "mcNemar");
      this.variant = value;
      return this;
    }

    /**
     * Builds the rules.
     *
     * @return the rules
     * @throws IllegalStateException if no metric is required
     * @since 0.1
     */
    public ComparisonRules build() {
      if (required.isEmpty()) {
        throw new IllegalStateException("Comparison rules need at least one required metric: require(metric, margin)");
      }
      return new ComparisonRules(this);
    }

    private void add(Map<String, Double> rules, String metric, double value, String kind) {
      Objects.requireNonNull(metric, "metric");
      if (!ModelComparisons.METRICS.contains(metric)) {
        throw new IllegalArgumentException("Metric '" + metric + "' cannot be compared with a significance test;"
            + " comparable metrics: " + String.join(", ", ModelComparisons.METRICS));
      }
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(kind + " " + metric + " must be a finite number >= 0 but was " + value);
      }
      rules.put(metric, SetOnce.value(kind + " " + metric, rules.get(metric), value));
      if (!order.contains(metric)) {
        order.add(metric);
      }
    }
  }
}

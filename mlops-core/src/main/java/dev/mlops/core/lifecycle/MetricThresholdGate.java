package dev.mlops.core.lifecycle;

import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.internal.SetOnce;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A promotion gate on the challenger's registered (hold-out) metrics, in the manner of MLflow's
 * metric thresholds: per metric an absolute floor, a minimum absolute and a minimum relative
 * improvement over the champion, and guard metrics that may not regress beyond a tolerance.
 *
 * <pre>{@code
 * PromotionGate gate = MetricThresholdGate.builder()
 *     .floor("roc_auc", 0.80)
 *     .minImprovement("roc_auc", 0.01)
 *     .guard("log_loss", 0.02)
 *     .build();
 * }</pre>
 *
 * <p>Every rule follows its metric's direction, by default {@link MetricNames#direction(String)}:
 * for a metric where lower is better, the floor is the highest acceptable value and an improvement
 * is a decrease. Metrics without a known direction need {@link Builder#direction}.
 *
 * <p>The gate approves when every rule holds and rejects otherwise, listing the rules that failed.
 * Without a champion only the floors apply. A metric that the challenger (or, for a comparison,
 * the champion) lacks rejects the challenger with a reason naming the metric and the version; the
 * gate does not throw for it. Differences are compared with a tolerance of 1e-12, so that a value
 * exactly on a threshold is not rejected because of floating-point rounding.
 *
 * @since 0.1
 */
public final class MetricThresholdGate implements PromotionGate {

  private static final double ROUNDING = 1e-12;

  private final List<MetricRule> rules;

  private MetricThresholdGate(List<MetricRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Starts a gate.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
    List<String> passed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    boolean compares = false;
    for (MetricRule rule : rules) {
      compares |= rule.comparesWithChampion();
      if (rule.floor == null && champion.isEmpty()) {
        continue;
      }
      Double value = challenger.metrics().get(rule.metric);
      if (value == null) {
        failed.add("version " + challenger.version() + " of model '" + challenger.name() + "' has no metric '"
            + rule.metric + "', which the gate checks; it has " + challenger.metrics().keySet());
        continue;
      }
      rule.checkFloor(value, passed, failed);
      if (champion.isPresent() && rule.comparesWithChampion()) {
        rule.checkAgainstChampion(value, champion.get(), passed, failed);
      }
    }
    if (champion.isEmpty() && compares) {
      passed.add("no champion: only floors apply");
    }
    return failed.isEmpty() ? GateDecision.approve(passed) : GateDecision.reject(failed);
  }

  @Override
  public String toString() {
    return "MetricThresholdGate" + rules;
  }

  /** The rules on one metric. */
  private static final class MetricRule {
    final String metric;
    final MetricDirection direction;
    final @Nullable Double floor;
    final @Nullable Double minImprovement;
    final @Nullable Double minRelativeImprovement;
    final @Nullable Double guardTolerance;

    MetricRule(String metric, MetricDirection direction, RuleSettings s) {
      this.metric = metric;
      this.direction = direction;
      this.floor = s.floor;
      this.minImprovement = s.minImprovement;
      this.minRelativeImprovement = s.minRelativeImprovement;
      this.guardTolerance = s.guardTolerance;
    }

    boolean comparesWithChampion() {
      return minImprovement != null || minRelativeImprovement != null || guardTolerance != null;
    }

    private boolean higherIsBetter() {
      return direction == MetricDirection.HIGHER_IS_BETTER;
    }

    /** How much better {@code value} is than {@code reference}; negative when worse. */
    private double gain(double value, double reference) {
      return higherIsBetter() ? value - reference : reference - value;
    }

    void checkFloor(double value, List<String> passed, List<String> failed) {
      if (floor == null) {
        return;
      }
      boolean ok = gain(value, floor) >= -ROUNDING;
      String bound = (higherIsBetter() ? "floor " : "ceiling ") + DecimalText.of(floor);
      String relation = higherIsBetter() ? (ok ? " >= " : " < ") : (ok ? " <= " : " > ");
      (ok ? passed : failed).add(metric + " " + DecimalText.of(value) + relation + bound);
    }

    void checkAgainstChampion(double value, ModelVersion champion, List<String> passed, List<String> failed) {
      Double reference = champion.metrics().get(metric);
      String of = " (champion version " + champion.version() + ")";
      if (reference == null) {
        failed.add("champion version " + champion.version() + " of model '" + champion.name()
            + "' has no metric '" + metric + "' to compare with; it has " + champion.metrics().keySet());
        return;
      }
      double gain = gain(value, reference);
      String v = metric + " " + DecimalText.of(value);
      String ref = DecimalText.of(reference);
      if (minImprovement != null) {
        boolean ok = gain >= minImprovement - ROUNDING;
        String sign = higherIsBetter() ? " + " : " - ";
        String relation = higherIsBetter() ? (ok ? " >= " : " < ") : (ok ? " <= " : " > ");
        (ok ? passed : failed).add(v + relation + "champion " + ref + sign + DecimalText.of(minImprovement) + of);
      }
      if (minRelativeImprovement != null) {
        double required = minRelativeImprovement * Math.abs(reference);
        boolean ok = gain >= required - ROUNDING;
        String change = reference == 0.0 ? "by " + DecimalText.of(gain)
            : DecimalText.percent(gain / Math.abs(reference));
        (ok ? passed : failed).add(v + " improved " + change + (ok ? " >= " : " < ")
            + DecimalText.percent(minRelativeImprovement) + " over champion " + ref + of);
      }
      if (guardTolerance != null) {
        double regression = -gain;
        boolean ok = regression <= guardTolerance + ROUNDING;
        (ok ? passed : failed).add("guard " + v + (ok ? " within " : " regressed by " + DecimalText.of(regression)
            + ", more than ") + DecimalText.of(guardTolerance) + " of champion " + ref + of);
      }
    }

    @Override
    public String toString() {
      return metric + "(" + direction + ", floor=" + floor + ", minImprovement=" + minImprovement
          + ", minRelativeImprovement=" + minRelativeImprovement + ", guardTolerance=" + guardTolerance + ")";
    }
  }

  /** Settings collected per metric by the builder. */
  private static final class RuleSettings {
    @Nullable Double floor;
    @Nullable Double minImprovement;
    @Nullable Double minRelativeImprovement;
    @Nullable Double guardTolerance;
    @Nullable MetricDirection direction;
  }

  /**
   * Builds a {@link MetricThresholdGate}. Each setting may be given once per metric; at least one
   * rule is required.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Map<String, RuleSettings> settings = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the worst acceptable value of a metric: the minimum where higher is better, the maximum
     * where lower is better. Applies with or without a champion.
     *
     * @param metric the metric name
     * @param value the floor
     * @return this builder
     * @throws IllegalArgumentException if the value is not finite
     * @throws IllegalStateException if the floor of this metric was already set
     */
    public Builder floor(String metric, double value) {
      RuleSettings s = settings(metric);
      s.floor = SetOnce.value("floor of metric '" + metric + "'", s.floor,
          finite(metric, "floor", value));
      return this;
    }

    /**
     * Requires the challenger to beat the champion by at least {@code delta} on a metric (0: at
     * least match it).
     *
     * @param metric the metric name
     * @param delta the minimum absolute improvement, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code delta} is negative or not finite
     * @throws IllegalStateException if it was already set for this metric
     */
    public Builder minImprovement(String metric, double delta) {
      RuleSettings s = settings(metric);
      s.minImprovement = SetOnce.value("minImprovement of metric '" + metric + "'", s.minImprovement,
          nonNegative(metric, "minImprovement", delta));
      return this;
    }

    /**
     * Requires the challenger to beat the champion by at least a share of the champion's value
     * (0.02: two per cent).
     *
     * @param metric the metric name
     * @param share the minimum relative improvement, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code share} is negative or not finite
     * @throws IllegalStateException if it was already set for this metric
     */
    public Builder minRelativeImprovement(String metric, double share) {
      RuleSettings s = settings(metric);
      s.minRelativeImprovement = SetOnce.value(
          "minRelativeImprovement of metric '" + metric + "'", s.minRelativeImprovement,
          nonNegative(metric, "minRelativeImprovement", share));
      return this;
    }

    /**
     * Makes a metric a guard: the challenger may be worse than the champion on it by at most
     * {@code tolerance} (0: not worse at all).
     *
     * @param metric the metric name
     * @param tolerance the largest acceptable regression, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code tolerance} is negative or not finite
     * @throws IllegalStateException if this metric is already a guard
     */
    public Builder guard(String metric, double tolerance) {
      RuleSettings s = settings(metric);
      s.guardTolerance = SetOnce.value("guard of metric '" + metric + "'", s.guardTolerance,
          nonNegative(metric, "guard tolerance", tolerance));
      return this;
    }

    /**
     * Sets whether higher or lower values of a metric are better, overriding
     * {@link MetricNames#direction(String)}; required for metrics it does not know.
     *
     * @param metric the metric name
     * @param direction the direction
     * @return this builder
     * @throws IllegalStateException if the direction of this metric was already set
     */
    public Builder direction(String metric, MetricDirection direction) {
      RuleSettings s = settings(metric);
      s.direction = SetOnce.value("direction of metric '" + metric + "'", s.direction, direction);
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the gate
     * @throws IllegalStateException if no rule was set, or a metric has a direction but no rule
     * @throws IllegalArgumentException if a metric's direction is unknown and was not set
     */
    public MetricThresholdGate build() {
      List<MetricRule> rules = new ArrayList<>();
      settings.forEach((metric, s) -> {
        if (s.floor == null && s.minImprovement == null && s.minRelativeImprovement == null
            && s.guardTolerance == null) {
          throw new IllegalStateException("Metric '" + metric + "' has a direction but no rule; add a floor,"
              + " an improvement or a guard, or remove it");
        }
        rules.add(new MetricRule(metric, s.direction != null ? s.direction : defaultDirection(metric), s));
      });
      if (rules.isEmpty()) {
        throw new IllegalStateException("A metric threshold gate needs at least one rule: floor, minImprovement,"
            + " minRelativeImprovement or guard");
      }
      return new MetricThresholdGate(rules);
    }

    private static MetricDirection defaultDirection(String metric) {
      try {
        return MetricNames.direction(metric);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Metric '" + metric + "' has no known direction; say whether higher"
            + " or lower is better with direction(\"" + metric + "\", MetricDirection...)", e);
      }
    }

    private RuleSettings settings(String metric) {
      Objects.requireNonNull(metric, "metric");
      return settings.computeIfAbsent(metric, m -> new RuleSettings());
    }


    private static double finite(String metric, String setting, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(setting + " of metric '" + metric + "' must be finite but was " + value);
      }
      return value;
    }

    private static double nonNegative(String metric, String setting, double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            setting + " of metric '" + metric + "' must be a finite number >= 0 but was " + value);
      }
      return value;
    }
  }
}

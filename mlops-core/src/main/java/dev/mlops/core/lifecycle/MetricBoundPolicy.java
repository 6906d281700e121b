package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;

/**
 * Retrains when a live performance metric crosses a fixed bound: below it (for metrics where
 * higher is better) or above it (for error metrics).
 */
final class MetricBoundPolicy implements RetrainPolicy {

  private final String metric;
  private final double bound;
  private final boolean fireBelow;

  MetricBoundPolicy(String metric, double bound, boolean fireBelow) {
    this.metric = metric;
    this.bound = bound;
    this.fireBelow = fireBelow;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    Double value = context.currentMetrics().get(metric);
    if (value == null) {
      return RetrainDecision.skip(metric + ": no labelled outcomes in the current window");
    }
    String v = DecimalText.of(value);
    String b = DecimalText.of(bound);
    boolean crossed = fireBelow ? value < bound : value > bound;
    if (crossed) {
      return RetrainDecision.retrain(metric + " " + v + (fireBelow ? " < " : " > ") + b);
    }
    return RetrainDecision.skip(metric + " " + v + (fireBelow ? " >= " : " <= ") + b);
  }

  @Override
  public String toString() {
    return (fireBelow ? "onMetricBelow(" : "onMetricAbove(") + metric + ", " + DecimalText.of(bound) + ")";
  }
}

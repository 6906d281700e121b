package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;

/**
 * Retrains when a performance metric crosses a fixed bound: below it (for metrics where higher is
 * better) or above it (for error metrics). The metric is the one realized on labelled traffic, or
 * the one estimated before the labels arrive.
 */
final class MetricBoundPolicy implements RetrainPolicy {

  private final String metric;
  private final double bound;
  private final boolean fireBelow;
  private final boolean estimated;

  MetricBoundPolicy(String metric, double bound, boolean fireBelow, boolean estimated) {
    this.metric = metric;
    this.bound = bound;
    this.fireBelow = fireBelow;
    this.estimated = estimated;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    Double value = (estimated ? context.estimatedMetrics() : context.currentMetrics()).get(metric);
    String name = estimated ? "estimated " + metric : metric;
    if (value == null) {
      return RetrainDecision.skip(name + (estimated
          ? ": the current window has no estimate" : ": no labelled outcomes in the current window"));
    }
    String v = DecimalText.of(value);
    String b = DecimalText.of(bound);
    boolean crossed = fireBelow ? value < bound : value > bound;
    if (crossed) {
      return RetrainDecision.retrain(name + " " + v + (fireBelow ? " < " : " > ") + b);
    }
    return RetrainDecision.skip(name + " " + v + (fireBelow ? " >= " : " <= ") + b);
  }

  @Override
  public String toString() {
    return (estimated ? "onEstimatedMetric" : "onMetric") + (fireBelow ? "Below(" : "Above(") + metric + ", " + DecimalText.of(bound) + ")";
  }
}

package dev.mlops.core.lifecycle;

import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;

/**
 * Retrains when a live metric (realized on labels, or estimated before them) is worse than the
 * champion's registered (hold-out) value by at least a relative amount, in the metric's
 * direction: a fall for accuracy, a rise for log loss.
 */
final class MetricDropPolicy implements RetrainPolicy {

  private final String metric;
  private final double relative;
  private final MetricDirection direction;
  private final boolean estimated;

  MetricDropPolicy(String metric, double relative, MetricDirection direction, boolean estimated) {
    this.metric = metric;
    this.relative = relative;
    this.direction = direction;
    this.estimated = estimated;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    Double trained = context.champion().metrics().get(metric);
    if (trained == null) {
      throw new IllegalArgumentException("Retrain policy " + (estimated ? "onEstimatedMetricDrop('"
          : "onMetricDrop('") + metric + "') compares with the"
          + " champion's registered metric, but version " + context.champion().version() + " of model '"
          + context.champion().name() + "' has none; it has " + context.champion().metrics().keySet()
          + ". Register the metric with the version, or use " + (estimated ? "onEstimatedMetric"
          : "onMetric") + (direction == MetricDirection.HIGHER_IS_BETTER ? "Below." : "Above."));
    }
    Double live = (estimated ? context.estimatedMetrics() : context.currentMetrics()).get(metric);
    if (live == null) {
      return RetrainDecision.skip(estimated ? "estimated " + metric
          + ": the current window has no estimate"
          : metric + ": no labelled outcomes in the current window");
    }
    double worsening = direction == MetricDirection.HIGHER_IS_BETTER ? trained - live : live - trained;
    double share = worsening <= 0 ? 0.0
        : trained == 0.0 ? Double.POSITIVE_INFINITY : worsening / Math.abs(trained);
    String observed = (estimated ? "estimated " : "") + metric + " " + DecimalText.of(live) + " vs " + DecimalText.of(trained)
        + " at training (version " + context.champion().version() + ")";
    if (share >= relative) {
      return RetrainDecision.retrain(observed + ": " + (direction == MetricDirection.HIGHER_IS_BETTER
          ? "dropped " : "rose ") + DecimalText.percent(share) + " >= " + DecimalText.percent(relative));
    }
    return RetrainDecision.skip(observed + ": worse by " + DecimalText.percent(share) + " < "
        + DecimalText.percent(relative));
  }

  @Override
  public String toString() {
    return (estimated ? "onEstimatedMetricDrop(" : "onMetricDrop(") + metric + ", " + DecimalText.percent(relative) + ", " + direction + ")";
  }
}

package dev.mlops.core.training;

import dev.mlops.core.metrics.MetricDirection;
import java.util.Locale;

/**
 * The value a hold-out metric must reach for a run to register its model: at least {@code bound}
 * when higher is better, at most {@code bound} when lower is better.
 *
 * @param metric the metric name
 * @param bound the value to reach
 * @param direction which way is better
 */
record MetricFloor(String metric, double bound, MetricDirection direction) {

  MetricFloor {
    if (!Double.isFinite(bound)) {
      throw new IllegalArgumentException(
          "The floor of metric '" + metric + "' must be finite but was " + bound);
    }
  }

  boolean reachedBy(double value) {
    return direction == MetricDirection.HIGHER_IS_BETTER ? value >= bound : value <= bound;
  }

  /** Says why a value misses the floor, such as "accuracy 0.62 is below the floor 0.7". */
  String missedBy(double value) {
    return String.format(Locale.ROOT, "%s %s is %s %s", metric, value,
        direction == MetricDirection.HIGHER_IS_BETTER ? "below the floor" : "above the ceiling",
        bound);
  }
}

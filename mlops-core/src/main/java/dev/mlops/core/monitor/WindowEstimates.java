package dev.mlops.core.monitor;

import dev.mlops.core.estimation.PerformanceEstimate;
import dev.mlops.monitor.EstimatedPerformance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The estimated performance of a window from the estimate accumulators of its panes (or of the
 * fleet's partials of them), which merge into the accumulator of all their predictions.
 */
final class WindowEstimates {

  /** What a window without a sampled prediction says instead of an estimate. */
  static final String NO_ROWS = "no sampled prediction with a probability score in the window";

  private WindowEstimates() {}

  /**
   * Adds a prediction's scores to a pane's accumulator: a binary classifier's positive score, or
   * a row of one score per class; scores that are not probabilities are left out (the outcome
   * check names them when their labels arrive).
   */
  static void add(@Nullable PaneEstimates estimates, List<Double> scores) {
    if (estimates != null) {
      estimates.add(scores);
    }
  }

  /** The estimate of the merged accumulators, or why there is none. */
  static EstimatedPerformance of(VersionInfo info,
      Iterable<? extends @Nullable PaneEstimates> parts) {
    PaneEstimates merged = info.emptyEstimates();
    if (merged == null) {
      return EstimatedPerformance.unavailable(
          info.noEstimate() == null ? "no estimator" : info.noEstimate());
    }
    for (PaneEstimates part : parts) {
      if (part != null) {
        merged.merge(part);
      }
    }
    if (merged.rows() == 0) {
      return EstimatedPerformance.unavailable(NO_ROWS);
    }
    PerformanceEstimate estimate = merged.estimate();
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, Double> lower = new LinkedHashMap<>();
    Map<String, Double> upper = new LinkedHashMap<>();
    estimate.metrics().forEach((name, metric) -> {
      values.put(name, metric.value());
      if (!Double.isNaN(metric.lower())) {
        lower.put(name, metric.lower());
        upper.put(name, metric.upper());
      }
    });
    return new EstimatedPerformance(estimate.rows(), values, lower, upper, null);
  }
}

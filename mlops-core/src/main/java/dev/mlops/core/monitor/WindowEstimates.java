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
  /** What a regression model's window without a sampled row says instead of an estimate. */
  static final String NO_REGRESSION_ROWS =
      "no sampled prediction with its input and a finite predicted value in the window";

  private WindowEstimates() {}

  /**
   * Adds a sampled prediction to a pane's accumulator: a binary classifier's positive score, a
   * row of one score per class, or a regression model's input and predicted value; scores that
   * are not probabilities are left out (the outcome check names them when their labels arrive).
   */
  static void add(@Nullable PaneEstimates estimates, List<Double> scores,
      @Nullable Map<String, ?> input) {
    if (estimates != null) {
      estimates.add(scores, input);
    }
  }

  /** The estimate of the merged accumulators, or why there is none. */
  static EstimatedPerformance of(VersionInfo info,
      Iterable<? extends @Nullable PaneEstimates> parts) {
    WindowEstimator estimator = info.estimator();
    if (estimator == null) {
      String why = info.noEstimate();
      return EstimatedPerformance.unavailable(why == null ? "no estimator" : why);
    }
    PaneEstimates merged = estimator.empty();
    for (PaneEstimates part : parts) {
      if (part != null) {
        merged.merge(part);
      }
    }
    if (merged.rows() == 0) {
      String failure = merged.failure();
      return EstimatedPerformance.unavailable(failure == null ? estimator.noRows()
          : "the loss models failed on the window's sampled rows: " + failure);
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

package dev.mlops.core.monitor;

import dev.mlops.core.estimation.BinaryEstimateAccumulator;
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
   * Adds a binary prediction's positive score to a pane's accumulator; a score that is not a
   * probability is left out (the outcome check names it when its label arrives).
   */
  static void add(@Nullable BinaryEstimateAccumulator estimates, List<Double> scores) {
    if (estimates == null || scores.isEmpty() || scores.size() > 2) {
      return;
    }
    double score = scores.size() == 1 ? scores.get(0) : scores.get(1);
    if (score >= 0.0 && score <= 1.0) {
      estimates.add(score);
    }
  }

  /** The estimate of the merged accumulators, or why there is none. */
  static EstimatedPerformance of(VersionInfo info,
      Iterable<? extends @Nullable BinaryEstimateAccumulator> parts) {
    BinaryEstimateAccumulator merged = info.emptyEstimates();
    if (merged == null) {
      return EstimatedPerformance.unavailable(
          info.noEstimate() == null ? "no estimator" : info.noEstimate());
    }
    for (BinaryEstimateAccumulator part : parts) {
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

package dev.mlops.core.estimation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The performance of a model estimated on rows whose labels are not known yet.
 *
 * @param rows the number of rows the estimate is over
 * @param metrics metric name ({@link dev.mlops.core.metrics.MetricNames}) to estimate, in a fixed
 *     order; metrics that are undefined for the rows (ROC AUC when every row is certainly of one
 *     class) are left out; copied
 * @since 0.1
 */
public record PerformanceEstimate(long rows, Map<String, EstimatedMetric> metrics) {

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException if the row count is negative
   * @since 0.1
   */
  public PerformanceEstimate {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative but was " + rows);
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
  }

  /**
   * One metric's estimate.
   *
   * @param name the metric name
   * @return the estimate with its band
   * @throws IllegalArgumentException if the metric is not estimated, naming those that are
   * @since 0.1
   */
  public EstimatedMetric metric(String name) {
    EstimatedMetric metric = metrics.get(name);
    if (metric == null) {
      throw new IllegalArgumentException(
          "No estimate of metric '" + name + "'; estimated: " + metrics.keySet());
    }
    return metric;
  }

  /**
   * The estimated values alone, as a metric map like {@link
   * dev.mlops.core.metrics.ClassificationReport#toMap()}.
   *
   * @return metric name to estimated value, unmodifiable
   * @since 0.1
   */
  public Map<String, Double> values() {
    Map<String, Double> values = new LinkedHashMap<>();
    metrics.forEach((name, metric) -> values.put(name, metric.value()));
    return Collections.unmodifiableMap(values);
  }
}

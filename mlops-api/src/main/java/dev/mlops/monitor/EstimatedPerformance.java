package dev.mlops.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The performance of a window's predictions estimated before their labels arrive, by
 * confidence-based performance estimation (CBPE): the calibrated scores of the predictions give
 * the expected confusion matrix, and from it the expected accuracy, precision, recall, F1 and ROC
 * AUC (for more than two classes, one-vs-rest: accuracy and the macro averages of the others,
 * as the realized metrics of such a model are); for a regression model, by direct loss
 * estimation (DLE): models trained on a labelled reference predict each prediction's absolute
 * and squared error, giving the expected MAE and RMSE. Each metric has a confidence band: where
 * the metric realized on the same predictions, once labelled, is expected to fall.
 *
 * <p>A window has no estimate when the version has no labelled reference scores to calibrate
 * with, when a regression model was given no direct loss estimator, or when the window has no
 * sampled prediction the estimator can take; {@link #unavailable()} then says which.
 *
 * @param rows the predictions the estimate is over
 * @param metrics metric name (such as {@code accuracy}) to estimate; empty without an estimate;
 *     copied
 * @param lower metric name to the lower end of its band; a metric whose band could not be
 *     measured is absent; copied
 * @param upper metric name to the upper end of its band; copied
 * @param unavailable why there is no estimate, or null when there is one
 * @since 0.1
 */
public record EstimatedPerformance(
    long rows,
    Map<String, Double> metrics,
    Map<String, Double> lower,
    Map<String, Double> upper,
    @Nullable String unavailable) {

  /**
   * Validates and copies the components.
   *
   * @param rows the predictions the estimate is over
   * @param metrics metric name to estimate
   * @param lower metric name to the lower end of its band
   * @param upper metric name to the upper end of its band
   * @param unavailable why there is no estimate, or null
   * @throws IllegalArgumentException if rows is negative, a band names a metric that is not
   *     estimated, or there are metrics together with a reason for having none
   * @since 0.1
   */
  public EstimatedPerformance {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative but was " + rows);
    }
    metrics = copy(metrics, "metrics");
    lower = copy(lower, "lower");
    upper = copy(upper, "upper");
    if (!metrics.keySet().containsAll(lower.keySet())
        || !metrics.keySet().containsAll(upper.keySet())) {
      throw new IllegalArgumentException("Bands " + lower.keySet() + " / " + upper.keySet()
          + " name metrics that are not estimated: " + metrics.keySet());
    }
    if (unavailable != null && !metrics.isEmpty()) {
      throw new IllegalArgumentException(
          "An estimate with metrics " + metrics.keySet() + " cannot be unavailable: " + unavailable);
    }
  }

  /**
   * No estimate, and why.
   *
   * @param reason what is missing, such as "version 3 has no reference scores"
   * @return an estimate without metrics
   * @since 0.1
   */
  public static EstimatedPerformance unavailable(String reason) {
    return new EstimatedPerformance(0, Map.of(), Map.of(), Map.of(),
        Objects.requireNonNull(reason, "reason"));
  }

  /**
   * Whether the window has estimated metrics.
   *
   * @return true when {@link #unavailable()} is null
   * @since 0.1
   */
  public boolean estimated() {
    return unavailable == null;
  }

  private static Map<String, Double> copy(Map<String, Double> map, String name) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map, name)));
  }
}

package dev.mlops.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Performance of a regression model over a set of labelled predictions, as produced by {@link
 * RegressionMetrics#report()}.
 *
 * <ul>
 *   <li>MAPE is a fraction (0.1 means 10 %), the mean of {@code |actual - predicted| / |actual|}
 *       over the rows whose actual value is not 0; those with actual 0 are left out, because their
 *       percentage error is undefined (scikit-learn divides by a tiny epsilon there instead, which
 *       yields huge values). It is NaN when every actual value is 0.
 *   <li>R² is {@code 1 - SS_res / SS_tot}. As in scikit-learn, when the actual values are all
 *       equal ({@code SS_tot = 0}) it is 1 for perfect predictions and 0 otherwise, and it is NaN
 *       with fewer than two rows.
 * </ul>
 *
 * <p>With no rows, every metric is NaN.
 *
 * @param count the number of rows
 * @param mae the mean absolute error
 * @param rmse the root mean squared error
 * @param mape the mean absolute percentage error as a fraction, over rows with a non-zero actual
 * @param r2 the coefficient of determination
 * @since 0.1
 */
public record RegressionReport(long count, double mae, double rmse, double mape, double r2) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the count is negative
   * @since 0.1
   */
  public RegressionReport {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative but was " + count);
    }
  }

  /**
   * The metrics by their {@link MetricNames}, in the order of the components; NaN metrics are left
   * out. The count is not a metric and is not included.
   *
   * @return the defined metrics, unmodifiable
   * @since 0.1
   */
  public Map<String, Double> toMap() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    ClassificationReport.putDefined(metrics, MetricNames.MAE, mae);
    ClassificationReport.putDefined(metrics, MetricNames.RMSE, rmse);
    ClassificationReport.putDefined(metrics, MetricNames.MAPE, mape);
    ClassificationReport.putDefined(metrics, MetricNames.R2, r2);
    return Collections.unmodifiableMap(metrics);
  }
}

package dev.mlops.core.estimation;

/**
 * One estimated metric with its confidence band: the range in which the metric realized on the
 * same rows, once their labels are known, is expected to fall with the estimator's confidence
 * level, from the sampling error measured on the reference (docs/performance-estimation.md says
 * how, and what coverage a simulation measured).
 *
 * @param value the estimate
 * @param standardError the sampling error of the realized metric for a set of this many rows;
 *     NaN when the reference could not measure it
 * @param lower the lower end of the band, at least the metric's smallest value; NaN with the
 *     standard error
 * @param upper the upper end of the band, at most the metric's largest value; NaN with the
 *     standard error
 * @since 0.1
 */
public record EstimatedMetric(double value, double standardError, double lower, double upper) {

  /**
   * Checks the band.
   *
   * @throws IllegalArgumentException if the standard error is negative or the band does not
   *     contain a defined value
   * @since 0.1
   */
  public EstimatedMetric {
    if (standardError < 0) {
      throw new IllegalArgumentException("standardError must not be negative but was " + standardError);
    }
    if (!Double.isNaN(value) && !Double.isNaN(lower) && !(lower <= value && value <= upper)) {
      throw new IllegalArgumentException(
          "the band [" + lower + ", " + upper + "] must contain the value " + value);
    }
  }

  /**
   * Whether a realized value falls within the band (ends included).
   *
   * @param realized the metric computed once the labels are known
   * @return false when the band or the value is NaN
   * @since 0.1
   */
  public boolean covers(double realized) {
    return lower <= realized && realized <= upper;
  }
}

package dev.mlops.core.comparison;

import java.util.Objects;

/**
 * One metric of a challenger compared with the champion's, with the one-sided p-values of a
 * significance test in each direction. Both metrics compared here (accuracy and ROC AUC) are
 * better when higher.
 *
 * @param metric the metric name ({@link dev.mlops.core.metrics.MetricNames})
 * @param test the test that gave the p-values, such as {@code McNemar exact} or {@code DeLong}
 * @param champion the champion's value
 * @param challenger the challenger's value
 * @param pValueBetter the p-value for "the challenger is better"
 * @param pValueWorse the p-value for "the challenger is worse"
 * @param evidence what the test counted, for reasons ("challenger alone right on 71 of 1000
 *     rows, champion alone on 40")
 * @since 0.1
 */
public record MetricComparison(String metric, String test, double champion, double challenger,
    double pValueBetter, double pValueWorse, String evidence) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if a p-value is outside [0, 1]
   * @since 0.1
   */
  public MetricComparison {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(evidence, "evidence");
    if (!(pValueBetter >= 0 && pValueBetter <= 1 && pValueWorse >= 0 && pValueWorse <= 1)) {
      throw new IllegalArgumentException("p-values must be in [0, 1] but were " + pValueBetter
          + " and " + pValueWorse);
    }
  }

  /**
   * How much better the challenger is.
   *
   * @return {@code challenger - champion}; negative when it is worse
   * @since 0.1
   */
  public double difference() {
    return challenger - champion;
  }
}

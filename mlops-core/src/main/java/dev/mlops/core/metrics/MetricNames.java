package dev.mlops.core.metrics;

import java.util.List;

/**
 * The names of the metrics, as used in the keys of {@link ClassificationReport#toMap()} and {@link
 * RegressionReport#toMap()}, in promotion gates and in monitoring alerts.
 *
 * @since 0.1
 */
public final class MetricNames {

  /** Fraction of rows whose most probable class is the actual class. */
  public static final String ACCURACY = "accuracy";

  /** Precision of the positive class (binary) or macro-averaged precision (multi-class). */
  public static final String PRECISION = "precision";

  /** Recall of the positive class (binary) or macro-averaged recall (multi-class). */
  public static final String RECALL = "recall";

  /** F1 score of the positive class (binary) or macro-averaged F1 score (multi-class). */
  public static final String F1 = "f1";

  /** Area under the ROC curve (binary) or its macro one-vs-rest average (multi-class). */
  public static final String ROC_AUC = "roc_auc";

  /** Area under the precision-recall curve as average precision. */
  public static final String PR_AUC = "pr_auc";

  /** Mean negative log-likelihood of the actual class. */
  public static final String LOG_LOSS = "log_loss";

  /** Expected calibration error over 10 equal-width bins of the top-class probability. */
  public static final String CALIBRATION_ERROR = "calibration_error";

  /** Mean absolute error. */
  public static final String MAE = "mae";

  /** Root mean squared error. */
  public static final String RMSE = "rmse";

  /** Mean absolute percentage error, as a fraction. */
  public static final String MAPE = "mape";

  /** Coefficient of determination. */
  public static final String R2 = "r2";

  private static final List<String> LOWER_IS_BETTER =
      List.of(LOG_LOSS, CALIBRATION_ERROR, MAE, RMSE, MAPE);

  private static final List<String> ALL =
      List.of(
          ACCURACY, PRECISION, RECALL, F1, ROC_AUC, PR_AUC, LOG_LOSS, CALIBRATION_ERROR, MAE, RMSE,
          MAPE, R2);

  private MetricNames() {}

  /**
   * Whether higher or lower values of a metric are better.
   *
   * @param metric one of the names in this class
   * @return {@link MetricDirection#LOWER_IS_BETTER} for log loss, calibration error, MAE, RMSE and
   *     MAPE; {@link MetricDirection#HIGHER_IS_BETTER} for the others
   * @throws IllegalArgumentException if the metric is not one of the names in this class
   * @since 0.1
   */
  public static MetricDirection direction(String metric) {
    if (!ALL.contains(metric)) {
      throw new IllegalArgumentException(
          "Unknown metric '" + metric + "'. Known metrics: " + String.join(", ", ALL) + ".");
    }
    return LOWER_IS_BETTER.contains(metric)
        ? MetricDirection.LOWER_IS_BETTER
        : MetricDirection.HIGHER_IS_BETTER;
  }

  /**
   * Every metric name, in the order of the constants of this class.
   *
   * @return the names, unmodifiable
   * @since 0.1
   */
  public static List<String> all() {
    return ALL;
  }
}

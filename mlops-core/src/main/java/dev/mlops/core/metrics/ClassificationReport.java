package dev.mlops.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Performance of a classifier over a set of labelled predictions, as produced by {@link
 * ClassificationMetrics#report()}.
 *
 * <p>The predicted class of a row is its most probable class (the first one on ties).
 *
 * <ul>
 *   <li>For a binary problem, precision, recall and F1 are those of the positive class; for a
 *       multi-class problem they are macro averages (unweighted means) over the classes that occur
 *       as actual or predicted classes, as scikit-learn's {@code average="macro"} does by default.
 *       A precision whose class is never predicted, or a recall whose class never occurs, is 0, as
 *       in scikit-learn; F1 is 0 when precision and recall are both 0.
 *   <li>For a binary problem, ROC AUC is the Mann–Whitney statistic of the positive-class
 *       probability (ties count one half) and PR AUC is the average precision the way
 *       scikit-learn's {@code average_precision_score} computes it (a step function over the
 *       distinct scores, no interpolation). For a multi-class problem both are macro averages of
 *       one-vs-rest values over the classes that occur as actual classes. Both are NaN when fewer
 *       than two classes occur as actual classes.
 *   <li>Log loss is the mean of {@code -ln p} where {@code p} is the probability given to the
 *       actual class, clipped to {@code [1e-15, 1 - 1e-15]}; the probabilities are not
 *       renormalised.
 *   <li>Calibration error is the expected calibration error: rows are binned by their top-class
 *       probability {@code c} into 10 equal-width bins (bin {@code floor(10 c)}, with 1.0 in the
 *       last bin), and the absolute differences between each bin's accuracy and mean top-class
 *       probability are averaged, weighted by the bins' row counts.
 * </ul>
 *
 * <p>With no rows, every metric is NaN.
 *
 * @param count the number of rows
 * @param accuracy the fraction of rows whose predicted class is the actual class
 * @param precision the precision (binary: of the positive class; multi-class: macro average)
 * @param recall the recall (binary: of the positive class; multi-class: macro average)
 * @param f1 the F1 score (binary: of the positive class; multi-class: macro average)
 * @param rocAuc the area under the ROC curve, NaN when fewer than two classes occur
 * @param prAuc the average precision, NaN when fewer than two classes occur
 * @param logLoss the mean negative log-likelihood of the actual classes
 * @param calibrationError the expected calibration error over 10 bins
 * @param confusionMatrix the counts by actual and predicted class
 * @since 0.1
 */
public record ClassificationReport(
    long count,
    double accuracy,
    double precision,
    double recall,
    double f1,
    double rocAuc,
    double prAuc,
    double logLoss,
    double calibrationError,
    ConfusionMatrix confusionMatrix) {

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the count is negative
   * @since 0.1
   */
  public ClassificationReport {
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative but was " + count);
    }
  }

  /**
   * The metrics by their {@link MetricNames}, in the order of the components; NaN metrics are left
   * out. The count and the confusion matrix are not metrics and are not included.
   *
   * @return the defined metrics, unmodifiable
   * @since 0.1
   */
  public Map<String, Double> toMap() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    putDefined(metrics, MetricNames.ACCURACY, accuracy);
    putDefined(metrics, MetricNames.PRECISION, precision);
    putDefined(metrics, MetricNames.RECALL, recall);
    putDefined(metrics, MetricNames.F1, f1);
    putDefined(metrics, MetricNames.ROC_AUC, rocAuc);
    putDefined(metrics, MetricNames.PR_AUC, prAuc);
    putDefined(metrics, MetricNames.LOG_LOSS, logLoss);
    putDefined(metrics, MetricNames.CALIBRATION_ERROR, calibrationError);
    return Collections.unmodifiableMap(metrics);
  }

  static void putDefined(Map<String, Double> metrics, String name, double value) {
    if (!Double.isNaN(value)) {
      metrics.put(name, value);
    }
  }
}

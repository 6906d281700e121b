package dev.mlops.core.training;

import dev.mlops.core.metrics.ClassificationMetrics;
import dev.mlops.core.metrics.ClassificationReport;
import dev.mlops.training.Dataset;
import dev.mlops.training.Evaluator;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a classifier on a hold-out set with {@link ClassificationMetrics}: accuracy,
 * precision, recall, F1, ROC AUC, PR AUC, log loss and calibration error, named as in {@link
 * dev.mlops.core.metrics.MetricNames} ({@link ClassificationReport} says how each is computed; a
 * metric that is undefined on the hold-out set, such as ROC AUC when it holds one class, is left
 * out). For two classes the positive class is the second of the target's categories unless one is
 * chosen; with more, precision, recall and F1 are macro averages.
 *
 * <p>The model must return, per row, one probability per class in the order of the target's
 * categories. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ClassificationEvaluator implements Evaluator {

  private final @Nullable String positiveClass;

  private ClassificationEvaluator(@Nullable String positiveClass) {
    this.positiveClass = positiveClass;
  }

  /**
   * An evaluator whose positive class, for two classes, is the second one.
   *
   * @return the evaluator
   * @since 0.1
   */
  public static ClassificationEvaluator create() {
    return new ClassificationEvaluator(null);
  }

  /**
   * An evaluator for a binary target with an explicit positive class.
   *
   * @param positiveClass the class whose precision, recall, F1, ROC AUC and PR AUC are reported
   * @return the evaluator
   * @since 0.1
   */
  public static ClassificationEvaluator withPositiveClass(String positiveClass) {
    return new ClassificationEvaluator(Objects.requireNonNull(positiveClass, "positiveClass"));
  }

  /**
   * Scores every hold-out row and reports the metrics.
   *
   * @param model the model
   * @param holdout labelled rows not used for training, with a categorical target
   * @return metric name to value
   * @throws IllegalArgumentException if the target is not categorical, the hold-out set is empty,
   *     the positive class is not a class of the target, or the model's outputs do not fit the
   *     classes (wrong count, a probability outside [0, 1]), naming the row
   * @throws TrainingException if the model scores a row as NaN or infinite
   * @since 0.1
   */
  @Override
  public Map<String, Double> evaluate(TrainedModel model, Dataset holdout) {
    if (!holdout.classification()) {
      throw new IllegalArgumentException("The target '" + holdout.target().name() + "' is "
          + holdout.target().type() + ", not categorical; use a RegressionEvaluator");
    }
    List<String> classes = holdout.target().categories();
    ClassificationMetrics metrics = positiveClass == null
        ? new ClassificationMetrics(classes)
        : new ClassificationMetrics(classes, positiveClass);
    Predictions.score(model, holdout, classes.size(), "one probability per class " + classes,
        (row, probabilities) -> {
          try {
            metrics.add(probabilities, (String) holdout.target(row));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Hold-out row " + row + ": " + e.getMessage(), e);
          }
        });
    return metrics.report().toMap();
  }

  @Override
  public String toString() {
    return "ClassificationEvaluator[positiveClass="
        + (positiveClass == null ? "second class" : positiveClass) + "]";
  }
}

package dev.mlops.core.training;

import dev.mlops.core.metrics.RegressionMetrics;
import dev.mlops.training.Dataset;
import dev.mlops.training.Evaluator;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.util.Map;

/**
 * Evaluates a regression model on a hold-out set with {@link RegressionMetrics}: MAE, RMSE, MAPE
 * and R², named as in {@link dev.mlops.core.metrics.MetricNames} ({@link
 * dev.mlops.core.metrics.RegressionReport} says how each is computed; an undefined one is left
 * out). The model must return one predicted value per row. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class RegressionEvaluator implements Evaluator {

  private static final RegressionEvaluator INSTANCE = new RegressionEvaluator();

  private RegressionEvaluator() {}

  /**
   * The evaluator.
   *
   * @return the evaluator
   * @since 0.1
   */
  public static RegressionEvaluator create() {
    return INSTANCE;
  }

  /**
   * Scores every hold-out row and reports the metrics.
   *
   * @param model the model
   * @param holdout labelled rows not used for training, with a numeric target
   * @return metric name to value
   * @throws IllegalArgumentException if the target is categorical, the hold-out set is empty, or
   *     the model does not return exactly one value per row, naming the row
   * @throws TrainingException if the model predicts NaN or infinity for a row
   * @since 0.1
   */
  @Override
  public Map<String, Double> evaluate(TrainedModel model, Dataset holdout) {
    if (holdout.classification()) {
      throw new IllegalArgumentException("The target '" + holdout.target().name()
          + "' is categorical; use a ClassificationEvaluator");
    }
    RegressionMetrics metrics = new RegressionMetrics();
    Predictions.score(model, holdout, 1, "one predicted value",
        (row, predicted) ->
            metrics.add(predicted[0], ((Number) holdout.target(row)).doubleValue()));
    return metrics.report().toMap();
  }

  @Override
  public String toString() {
    return "RegressionEvaluator";
  }
}

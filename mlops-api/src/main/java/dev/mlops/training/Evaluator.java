package dev.mlops.training;

import java.util.Map;

/**
 * Measures a trained model on rows it was not trained on.
 *
 * @since 0.1
 */
public interface Evaluator {

  /**
   * Evaluates a model.
   *
   * @param model the model
   * @param holdout labelled rows not used for training
   * @return metric name to value, such as {@code accuracy} and {@code roc_auc}
   * @throws IllegalArgumentException if the model's outputs do not fit the dataset's target
   */
  Map<String, Double> evaluate(TrainedModel model, Dataset holdout);
}

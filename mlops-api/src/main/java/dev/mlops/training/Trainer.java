package dev.mlops.training;

import java.util.Map;

/**
 * Fits a model to a dataset. With the same data, configuration and seed a trainer gives the same
 * model (the built-in ones do, and document what that rests on).
 *
 * @since 0.1
 */
public interface Trainer {

  /**
   * Trains a model.
   *
   * @param training the rows to fit
   * @param seed the seed of every random choice (initial weights, shuffling)
   * @return the trained model; the caller closes it
   * @throws TrainingException if the data cannot be used (naming the feature and row) or training
   *     diverges (such as a NaN loss, naming the epoch)
   */
  TrainedModel train(Dataset training, long seed);

  /**
   * The trainer's configuration as text (model kind, layers, epochs, learning rate), recorded as
   * parameters and hashed into the version's lineage.
   *
   * @return parameter name to value
   */
  Map<String, String> configuration();
}

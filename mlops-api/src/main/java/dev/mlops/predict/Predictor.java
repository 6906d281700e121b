package dev.mlops.predict;

import dev.mlops.registry.ModelVersion;
import java.util.List;

/**
 * Computes predictions with a model. Implementations are thread-safe: any number of threads may
 * call {@link #predict} at once. A predictor that follows a registry alias (a deployment) may change
 * the version it uses between calls, never during one; each result is computed by exactly one
 * version.
 *
 * <p>Invalid input is rejected with an {@link InvalidInputException} before any native call, and
 * the predictor keeps serving afterwards.
 *
 * @param <I> the input type, such as a map of feature name to value for tabular models
 * @param <O> the output type
 * @since 0.1
 */
public interface Predictor<I, O> extends AutoCloseable {

  /**
   * Predicts one input.
   *
   * @param input the input
   * @return the prediction
   * @throws InvalidInputException if the input does not match the model's signature
   * @throws PredictionException if the engine fails
   * @throws IllegalStateException if the predictor is closed
   */
  O predict(I input);

  /**
   * Predicts several inputs in one engine call where the engine allows it.
   *
   * @param inputs the inputs
   * @return one prediction per input, in order
   * @throws InvalidInputException if an input does not match the signature, naming its index
   * @throws PredictionException if the engine fails
   * @throws IllegalStateException if the predictor is closed
   */
  List<O> predictBatch(List<I> inputs);

  /**
   * The version serving now. For a deployment this may change between calls.
   *
   * @return the version
   */
  ModelVersion modelVersion();

  /**
   * Releases the model and its native memory once in-flight calls finish. Idempotent.
   */
  @Override
  void close();
}

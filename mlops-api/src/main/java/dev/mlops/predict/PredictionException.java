package dev.mlops.predict;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * The engine failed to compute a prediction for valid input, or a model could not be loaded.
 *
 * @since 0.1
 */
public class PredictionException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the model and version
   * @param cause the engine's error, may be null
   */
  public PredictionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

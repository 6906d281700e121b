package dev.mlops.predict;

import org.jspecify.annotations.Nullable;

/**
 * A deployment cannot answer yet: the version it is to serve is still loading, or could not be
 * loaded and is being retried. Retrying later may succeed; a model server answers it with 503 and
 * {@code Retry-After}.
 *
 * @since 0.1
 */
public class ModelNotReadyException extends PredictionException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is not ready and why, naming the model URI
   * @param cause the last loading failure, may be null
   */
  public ModelNotReadyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

package dev.mlops.training;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * Training could not produce a usable model: unreadable or invalid data, a diverging loss, or an
 * evaluation below the configured floor. Nothing is registered as a candidate when it is thrown.
 *
 * @since 0.1
 */
public class TrainingException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the model, data source, feature, row or epoch at fault
   */
  public TrainingException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public TrainingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

package dev.mlops.core.training;

import dev.mlops.MlopsException;

/**
 * A {@link TrainingRunLog} could not be written or read, naming the file and what is wrong.
 *
 * @since 0.1
 */
public class TrainingRunLogException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the log file
   * @param cause the underlying failure
   * @since 0.1
   */
  public TrainingRunLogException(String message, Throwable cause) {
    super(message, cause);
  }
}

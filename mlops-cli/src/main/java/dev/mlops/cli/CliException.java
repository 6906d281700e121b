package dev.mlops.cli;

import dev.mlops.MlopsException;

/**
 * A user error the command line itself detects, such as a missing input file or a malformed CSV
 * row; the command exits with {@link Main#EXIT_USER_ERROR} and prints the message.
 *
 * @since 0.1
 */
public final class CliException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file, line or value at fault
   */
  public CliException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong, naming the file, line or value at fault
   * @param cause the underlying failure
   */
  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}

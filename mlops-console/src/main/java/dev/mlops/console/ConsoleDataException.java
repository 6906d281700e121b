package dev.mlops.console;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * A file the console reads besides the registry (monitor windows, a drift report) cannot be read
 * or is not what it should be. The message names the file, and the line where there is one; the
 * page that needed it shows the message, and nothing is changed.
 *
 * @since 0.1
 */
public class ConsoleDataException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file
   * @param cause the underlying failure, may be null
   */
  public ConsoleDataException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

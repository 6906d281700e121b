package dev.mlops.console;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * The console could not start, such as when its address is in use.
 *
 * @since 0.1
 */
public class ConsoleStartException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param cause the underlying failure, may be null
   */
  public ConsoleStartException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

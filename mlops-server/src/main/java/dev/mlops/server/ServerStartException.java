package dev.mlops.server;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * The model server could not start: its address could not be bound, or a model it was asked to
 * serve could not be loaded.
 *
 * @since 0.1
 */
public class ServerStartException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param cause the underlying failure, may be null
   */
  public ServerStartException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

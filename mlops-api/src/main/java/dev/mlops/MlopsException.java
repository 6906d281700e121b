package dev.mlops;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws. Unchecked: callers catch the precise subtype they can
 * handle, and everything else propagates.
 *
 * <p>Messages say what was wrong and what to do about it, and name the model, version, feature or
 * file at fault.
 *
 * @since 0.1
 */
public class MlopsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong and, where possible, what to do
   */
  public MlopsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause.
   *
   * @param message what went wrong and, where possible, what to do
   * @param cause the underlying failure, may be null
   */
  public MlopsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

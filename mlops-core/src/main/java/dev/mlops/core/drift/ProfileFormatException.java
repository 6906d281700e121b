package dev.mlops.core.drift;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when serialised profile bytes or JSON cannot be read: not a profile, a newer format, or
 * corrupt. Nothing is changed by a failed read.
 *
 * @since 0.1
 */
public final class ProfileFormatException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the input and what to do
   * @param cause the underlying failure, or null
   */
  public ProfileFormatException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

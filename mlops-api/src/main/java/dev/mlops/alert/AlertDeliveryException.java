package dev.mlops.alert;

import dev.mlops.MlopsException;
import org.jspecify.annotations.Nullable;

/**
 * An alert could not be delivered by a sink, after the sink's retries.
 *
 * @since 0.1
 */
public class AlertDeliveryException extends MlopsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which alert, which sink or address, and what went wrong
   * @param cause the underlying failure, or null
   */
  public AlertDeliveryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

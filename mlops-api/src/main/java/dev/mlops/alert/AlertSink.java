package dev.mlops.alert;

/**
 * Where alerts go: a log, a webhook, a pager, a test's list. Implement it to plug in your own.
 *
 * <p>The dispatcher calls {@link #send} from its own thread, never from a prediction call, so a
 * slow sink delays other alerts but never predictions. A sink that fails throws; the dispatcher logs
 * the failure and goes on with the other sinks.
 *
 * @since 0.1
 */
public interface AlertSink extends AutoCloseable {

  /**
   * Delivers one alert.
   *
   * @param alert the alert
   * @throws AlertDeliveryException if it could not be delivered (after the sink's own retries)
   */
  void send(Alert alert);

  /**
   * Releases the sink's resources. The default does nothing.
   */
  @Override
  default void close() {}
}

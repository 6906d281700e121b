package dev.mlops.server.internal;

import java.time.Duration;

/**
 * The bounds a server keeps to: body size, rows per request, how long a request may wait, how many
 * requests run and wait at once, and how long a shutdown waits for requests in flight.
 *
 * @param maxBodyBytes the largest request body accepted, in bytes
 * @param maxRowsPerRequest the most rows one inference request may carry
 * @param requestTimeout how long after it arrives a request may still start being computed
 * @param workerThreads how many requests are handled at once
 * @param queueCapacity how many requests may wait for a worker before the server answers 503
 * @param shutdownTimeout how long closing waits for requests in flight
 * @since 0.1
 */
public record ServerLimits(
    int maxBodyBytes,
    int maxRowsPerRequest,
    Duration requestTimeout,
    int workerThreads,
    int queueCapacity,
    Duration shutdownTimeout) {

  /**
   * Checks the bounds.
   *
   * @param maxBodyBytes positive
   * @param maxRowsPerRequest positive
   * @param requestTimeout positive
   * @param workerThreads positive
   * @param queueCapacity positive
   * @param shutdownTimeout zero or more
   * @throws IllegalArgumentException naming the value out of range
   */
  public ServerLimits {
    positive("maxBodyBytes", maxBodyBytes);
    positive("maxRowsPerRequest", maxRowsPerRequest);
    positive("workerThreads", workerThreads);
    positive("queueCapacity", queueCapacity);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive but was " + requestTimeout);
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative but was " + shutdownTimeout);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }
}

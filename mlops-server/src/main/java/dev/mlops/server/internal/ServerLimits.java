package dev.mlops.server.internal;

import java.time.Duration;

/**
 * The bounds a server keeps to: request sizes, how long a request may take to arrive and to wait,
 * how many connections and requests it holds at once, and how long a shutdown waits for requests
 * in flight.
 *
 * @param maxBodyBytes the largest request body accepted, in bytes
 * @param maxRowsPerRequest the most rows one inference request may carry
 * @param requestTimeout how long after its headers arrived a request may still start being
 *     computed
 * @param workerThreads how many requests are computed at once
 * @param queueCapacity how many requests may wait for a worker before the server answers 503
 * @param shutdownTimeout how long closing waits for requests in flight
 * @param idleTimeout how long a connection may send and receive nothing before it is closed
 * @param requestHeaderTimeout how long a request's line and headers may take to arrive, from
 *     their first byte (or from the connection's opening, for its first request)
 * @param requestBodyTimeout how long a request's body may take to arrive, from the end of its
 *     headers
 * @param maxConnections how many connections are open at once; further ones wait to be accepted
 * @param maxRequestHeaderBytes the largest request line and headers, in bytes
 * @param maxBufferedBodyBytes how many bytes of request bodies, across all requests, are held in
 *     memory at once; a request that would go over is answered 503
 * @since 0.1
 */
public record ServerLimits(
    int maxBodyBytes,
    int maxRowsPerRequest,
    Duration requestTimeout,
    int workerThreads,
    int queueCapacity,
    Duration shutdownTimeout,
    Duration idleTimeout,
    Duration requestHeaderTimeout,
    Duration requestBodyTimeout,
    int maxConnections,
    int maxRequestHeaderBytes,
    long maxBufferedBodyBytes) {

  /** The default idle timeout. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** The default request header timeout. */
  public static final Duration REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** The default request body timeout. */
  public static final Duration REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);
  /** The default connection limit. */
  public static final int MAX_CONNECTIONS = 1024;
  /** The default limit of a request's line and headers: 8 KiB. */
  public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;

  /**
   * Checks the bounds.
   *
   * @param maxBodyBytes positive
   * @param maxRowsPerRequest positive
   * @param requestTimeout positive
   * @param workerThreads positive
   * @param queueCapacity positive
   * @param shutdownTimeout zero or more
   * @param idleTimeout positive
   * @param requestHeaderTimeout positive
   * @param requestBodyTimeout positive
   * @param maxConnections positive
   * @param maxRequestHeaderBytes positive
   * @param maxBufferedBodyBytes at least {@code maxBodyBytes}
   * @throws IllegalArgumentException naming the value out of range
   */
  public ServerLimits {
    positive("maxBodyBytes", maxBodyBytes);
    positive("maxRowsPerRequest", maxRowsPerRequest);
    positive("workerThreads", workerThreads);
    positive("queueCapacity", queueCapacity);
    positive("maxConnections", maxConnections);
    positive("maxRequestHeaderBytes", maxRequestHeaderBytes);
    positive("requestTimeout", requestTimeout);
    positive("idleTimeout", idleTimeout);
    positive("requestHeaderTimeout", requestHeaderTimeout);
    positive("requestBodyTimeout", requestBodyTimeout);
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative but was " + shutdownTimeout);
    }
    if (maxBufferedBodyBytes < maxBodyBytes) {
      throw new IllegalArgumentException("maxBufferedBodyBytes (" + maxBufferedBodyBytes
          + ") must be at least maxBodyBytes (" + maxBodyBytes + "), or no body of the largest "
          + "size could be accepted");
    }
  }

  /**
   * The default of {@code maxBufferedBodyBytes}: a quarter of the heap's maximum, and at least one
   * body of the largest size.
   *
   * @param maxBodyBytes the largest request body
   * @return the default
   */
  public static long defaultMaxBufferedBodyBytes(int maxBodyBytes) {
    return Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 4);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }
}

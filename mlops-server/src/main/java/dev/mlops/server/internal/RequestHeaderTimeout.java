package dev.mlops.server.internal;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request line and headers take longer than a timeout to arrive (the
 * slowloris attack: a header line now and then keeps the idle timeout from ever firing). Jetty has
 * no such timeout, so this listener watches every connection: the clock starts when the
 * connection opens, for its first request, and at the first byte of each later request on a
 * kept-alive connection (a connection idle between requests is left to the idle timeout). It stops
 * when the handler receives the request. {@link #sweep()}, run periodically, closes the late ones.
 * Thread-safe.
 */
final class RequestHeaderTimeout implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(RequestHeaderTimeout.class);

  /** Where one connection stands. Written by Jetty's threads, read by the sweep. */
  private static final class Watch {
    volatile boolean handling;
    volatile boolean idle;
    volatile long bytesWhenIdle;
    volatile long headerStart = System.nanoTime();
  }

  private final long timeoutNanos;
  private final Duration timeout;
  private final Counter closed;
  private final Map<Connection, Watch> connections = new ConcurrentHashMap<>();

  /**
   * Creates the listener.
   *
   * @param timeout how long a request's line and headers may take
   * @param closed counts the connections closed for being too slow
   */
  RequestHeaderTimeout(Duration timeout, Counter closed) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.closed = closed;
  }

  /**
   * How often {@link #sweep()} should run: a tenth of the timeout, between 10 ms and 1 s, so that
   * a connection is closed at most that much after its deadline.
   *
   * @return the period
   */
  Duration sweepPeriod() {
    return Duration.ofNanos(Math.max(Duration.ofMillis(10).toNanos(),
        Math.min(Duration.ofSeconds(1).toNanos(), timeoutNanos / 10)));
  }

  @Override
  public void onOpened(Connection connection) {
    connections.put(connection, new Watch());
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  /**
   * The handler received a request on the connection: its headers arrived in time.
   *
   * @param connection the connection
   */
  void requestStarted(Connection connection) {
    Watch w = connections.get(connection);
    if (w != null) {
      w.handling = true;
    }
  }

  /**
   * The request on the connection is answered; the next one's clock starts at its first byte.
   *
   * @param connection the connection
   */
  void requestEnded(Connection connection) {
    Watch w = connections.get(connection);
    if (w != null) {
      w.bytesWhenIdle = connection.getBytesIn();
      w.idle = true;
      w.handling = false;
    }
  }

  /** Closes every connection whose request headers are late. */
  void sweep() {
    long now = System.nanoTime();
    for (Map.Entry<Connection, Watch> e : connections.entrySet()) {
      Watch w = e.getValue();
      if (w.handling) {
        continue;
      }
      Connection connection = e.getKey();
      if (w.idle) {
        if (connection.getBytesIn() > w.bytesWhenIdle) {
          w.headerStart = now;
          w.idle = false;
        }
      } else if (now - w.headerStart > timeoutNanos) {
        connections.remove(connection);
        closed.increment();
        LOG.debug("Closing {}: its request headers took longer than {}", connection, timeout);
        connection.getEndPoint().close();
      }
    }
  }
}

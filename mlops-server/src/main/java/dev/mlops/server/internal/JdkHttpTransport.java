package dev.mlops.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link RequestRouter} with the JDK's built-in HTTP server ({@code
 * com.sun.net.httpserver}) and a bounded worker pool: {@code workerThreads} threads and a queue of
 * {@code queueCapacity} requests. A request that finds the queue full is answered 503 at once on
 * the server's dispatcher thread, without reading its body, so the server never queues more than
 * its bound; a request that waited in the queue past the request timeout is answered 503 without
 * being computed.
 *
 * <p>Sets the system property {@code sun.net.httpserver.nodelay=true} (TCP_NODELAY) unless the
 * application set it: without it every response waits about 40 ms for a delayed ACK.
 *
 * <p>Records {@code mlops.server.rejected} (requests answered 503 because the queue was full) and
 * {@code mlops.server.queued} (requests waiting for a worker).
 *
 * @since 0.1
 */
public final class JdkHttpTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdkHttpTransport.class);

  /** Set while the dispatcher thread answers a request the full pool turned away. */
  private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> false);
  /** When the request running on this thread arrived, in {@link System#nanoTime()} terms. */
  private static final ThreadLocal<Long> ARRIVED = new ThreadLocal<>();

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
    // the body then waits for the client's delayed ACK, about 40 ms on Linux for every response.
    // The property is read once, when the server implementation loads; an explicit choice stands.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final RequestRouter router;
  private final ServerLimits limits;
  private final Counter rejected;
  private final AtomicInteger inFlight = new AtomicInteger();

  private JdkHttpTransport(HttpServer server, ThreadPoolExecutor workers, RequestRouter router,
      ServerLimits limits, MeterRegistry meters) {
    this.server = server;
    this.workers = workers;
    this.router = router;
    this.limits = limits;
    this.rejected = Counter.builder("mlops.server.rejected")
        .description("Requests answered 503 because every worker was busy and the queue full")
        .register(meters);
    Gauge.builder("mlops.server.queued", workers, w -> w.getQueue().size())
        .description("Requests waiting for a worker").register(meters);
  }

  /**
   * Binds the address and starts serving.
   *
   * @param address the host and port; port 0 picks a free one
   * @param router answers the requests
   * @param limits the pool's bounds and the request timeout
   * @param meters where the pool's metrics go
   * @return the running transport
   * @throws IOException if the address cannot be bound
   */
  public static JdkHttpTransport start(InetSocketAddress address, RequestRouter router,
      ServerLimits limits, MeterRegistry meters) throws IOException {
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.workerThreads(),
        limits.workerThreads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(limits.queueCapacity()),
        r -> {
          Thread t = new Thread(r, "mlops-server-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        JdkHttpTransport::answerOverloaded);
    HttpServer server = HttpServer.create(address, 0);
    JdkHttpTransport transport = new JdkHttpTransport(server, workers, router, limits, meters);
    server.createContext("/", transport::handle);
    // Each exchange is stamped with its arrival so that one that waited too long is not computed.
    server.setExecutor(task -> {
      long arrived = System.nanoTime();
      workers.execute(() -> {
        ARRIVED.set(arrived);
        try {
          task.run();
        } finally {
          ARRIVED.remove();
        }
      });
    });
    server.start();
    return transport;
  }

  /**
   * The bound port.
   *
   * @return the port, the one picked if 0 was asked for
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * How many requests are being answered now.
   *
   * @return the count
   */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Waits up to a bound for the requests in flight to finish, then closes the listening socket
   * and the pool. The caller first makes the router refuse new requests.
   *
   * @param grace how long to wait for requests in flight
   * @throws InterruptedException if interrupted while waiting
   */
  public void drainAndStop(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while ((inFlight.get() > 0 || !workers.getQueue().isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (inFlight.get() > 0) {
      LOG.warn("Stopping with {} request(s) still in flight after {}", inFlight.get(), grace);
    }
    server.stop(0);
    workers.shutdown();
    if (!workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      workers.shutdownNow();
    }
  }

  /** Stops at once, as {@link #drainAndStop} with no grace. */
  @Override
  public void close() {
    try {
      drainAndStop(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The pool's rejection policy: run the exchange here, flagged, so that it is answered 503. */
  private static void answerOverloaded(Runnable task, ThreadPoolExecutor pool) {
    OVERLOADED.set(true);
    try {
      task.run();
    } finally {
      OVERLOADED.set(false);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      HttpAnswer answer;
      if (OVERLOADED.get()) {
        rejected.increment();
        answer = HttpFailure.unavailable("The server is busy: " + limits.workerThreads()
            + " requests are running and " + limits.queueCapacity() + " waiting; retry later")
            .answer();
      } else {
        Long arrived = ARRIVED.get();
        long deadline = (arrived == null ? System.nanoTime() : arrived)
            + limits.requestTimeout().toNanos();
        answer = router.handle(new HttpCall(exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestBody(), contentLength(exchange), deadline));
      }
      send(exchange, answer);
    } catch (IOException e) {
      // The client went away; nothing to answer.
      LOG.debug("Could not answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static void send(HttpExchange exchange, HttpAnswer answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      exchange.getResponseHeaders().set(h.getKey(), h.getValue());
    }
    byte[] body = answer.body();
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static long contentLength(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

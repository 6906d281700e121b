package dev.mlops.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link RequestRouter} with Jetty 12 (its core API, no servlets), hardened against slow
 * and greedy clients:
 *
 * <ul>
 *   <li>Jetty's own threads only do input and output and never block. They answer the health
 *       probes and every request refused on its head themselves, at once; they read request
 *       bodies as the bytes arrive, holding no thread while a client is slow. Only a request with
 *       its whole body is handed to the bounded worker pool ({@code workerThreads} threads and a
 *       queue of {@code queueCapacity}), so slow clients can never occupy a worker and the probes
 *       never wait for one.
 *   <li>A connection whose request line and headers take longer than the header timeout is
 *       closed ({@link RequestHeaderTimeout}); a body that is not complete within the body
 *       timeout is answered 408 and its connection closed ({@link RequestBodyReader}); a
 *       connection silent for the idle timeout is closed (Jetty's); at most {@code
 *       maxConnections} connections are open (further ones wait to be accepted).
 *   <li>Request line and headers are limited to {@code maxRequestHeaderBytes} (431), a body to
 *       {@code maxBodyBytes} (413), the bodies held in memory at once to {@code
 *       maxBufferedBodyBytes} (503).
 * </ul>
 *
 * <p>A request that finds the queue full is answered 503 at once; one that waited past the request
 * timeout is answered 503 without being computed. Records {@code mlops.server.rejected},
 * {@code mlops.server.queued}, {@code mlops.server.connections}, {@code mlops.server.body.bytes}
 * and {@code mlops.server.slow.closed} (tag {@code part}: {@code headers} or {@code body}).
 *
 * @since 0.1
 */
public final class JettyTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JettyTransport.class);
  /** Enough for the acceptor, the selectors and the probes: these threads never block. */
  private static final int IO_THREADS = 16;

  private final RequestRouter router;
  private final ServerLimits limits;
  private final Server server;
  private final ServerConnector connector;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final RequestHeaderTimeout headerTimeout;
  private final BodyMemory bodyMemory;
  private final Counter rejected;
  private final Counter slowBodies;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int port;

  private JettyTransport(InetSocketAddress address, RequestRouter router, ServerLimits limits,
      MeterRegistry meters) {
    this.router = router;
    this.limits = limits;
    AtomicInteger threadNumber = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(limits.workerThreads(), limits.workerThreads(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.queueCapacity()), r -> {
          Thread t = new Thread(r, "mlops-server-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlops-server-timeouts");
      t.setDaemon(true);
      return t;
    });
    this.bodyMemory = new BodyMemory(limits.maxBufferedBodyBytes());
    Gauge.builder("mlops.server.body.bytes", bodyMemory, BodyMemory::held)
        .description("Bytes of request bodies held in memory").baseUnit("bytes").register(meters);
    this.rejected = Counter.builder("mlops.server.rejected")
        .description("Requests answered 503 because every worker was busy and the queue full")
        .register(meters);
    Gauge.builder("mlops.server.queued", workers, w -> w.getQueue().size())
        .description("Requests waiting for a worker").register(meters);
    this.headerTimeout = new RequestHeaderTimeout(limits.requestHeaderTimeout(),
        slowClosed(meters, "headers"));
    this.slowBodies = slowClosed(meters, "body");

    QueuedThreadPool threads = new QueuedThreadPool(IO_THREADS);
    threads.setName("mlops-server-io");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
    // Jetty caches the header fields a connection sent and by default matches the cache without
    // regard to case: "Bearer S3CRET" after "Bearer s3cret" on one connection would be read as
    // the earlier, valid token.
    http.setHeaderCacheCaseSensitive(true);
    this.connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.addBean(headerTimeout);
    server.addConnector(connector);
    NetworkConnectionLimit connectionLimit = new NetworkConnectionLimit(limits.maxConnections(),
        connector);
    server.addBean(connectionLimit);
    Gauge.builder("mlops.server.connections", connectionLimit,
            NetworkConnectionLimit::getNetworkConnectionCount)
        .description("Open connections").register(meters);
    server.setErrorHandler(new JsonErrorHandler(limits.maxRequestHeaderBytes()));
    server.setHandler(new Dispatcher());
  }

  /**
   * Binds the address and starts serving.
   *
   * @param address the host and port; port 0 picks a free one
   * @param router answers the requests
   * @param limits the timeouts, sizes and pool bounds
   * @param meters where the transport's metrics go
   * @return the running transport
   * @throws IOException if the address cannot be bound
   */
  public static JettyTransport start(InetSocketAddress address, RequestRouter router,
      ServerLimits limits, MeterRegistry meters) throws IOException {
    JettyTransport transport = new JettyTransport(address, router, limits, meters);
    try {
      transport.server.start();
    } catch (Exception e) {
      transport.close();
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    transport.port = transport.connector.getLocalPort();
    long period = transport.headerTimeout.sweepPeriod().toNanos();
    transport.timer.scheduleWithFixedDelay(transport.headerTimeout::sweep, period, period,
        TimeUnit.NANOSECONDS);
    return transport;
  }

  /**
   * The bound port.
   *
   * @return the port, the one picked if 0 was asked for
   */
  public int port() {
    return port;
  }

  /**
   * Waits up to a bound for the requests in flight to finish, then closes the connections, the
   * listening socket and the pool. The caller first makes the router refuse new requests; until
   * the wait is over, probes and refusals are still answered.
   *
   * @param grace how long to wait for requests in flight
   * @throws InterruptedException if interrupted while waiting
   */
  public void drainAndStop(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (inFlight.get() > 0) {
      LOG.warn("Stopping with {} request(s) still in flight after {}", inFlight.get(), grace);
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly: {}", e.toString());
    }
    timer.shutdownNow();
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

  private static Counter slowClosed(MeterRegistry meters, String part) {
    return Counter.builder("mlops.server.slow.closed")
        .description("Connections closed because a request's headers or body arrived too slowly")
        .tag("part", part).register(meters);
  }

  /** Runs on Jetty's threads: answers what needs no worker, reads bodies, hands the rest over. */
  private final class Dispatcher extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long arrived = System.nanoTime();
      Connection connection = request.getConnectionMetaData().getConnection();
      headerTimeout.requestStarted(connection);
      Request.addCompletionListener(request, failure -> headerTimeout.requestEnded(connection));
      HttpFields headers = request.getHeaders();
      HttpCall head = new HttpCall(request.getMethod(), request.getHttpURI().getDecodedPath(),
          headers.get(HttpHeader.AUTHORIZATION), headers.get(HttpHeader.CONTENT_TYPE),
          InputStream.nullInputStream(), request.getLength(),
          arrived + limits.requestTimeout().toNanos());
      HttpAnswer decided = router.answerHead(head);
      if (decided != null) {
        send(response, hasUnreadBody(request) ? closing(decided) : decided, callback);
        return true;
      }
      inFlight.incrementAndGet();
      Request.addCompletionListener(request, failure -> inFlight.decrementAndGet());
      // The router accepted the head: a POST is an inference, whose body comes first.
      if (!"POST".equals(head.method())) {
        dispatch(request, response, callback, head);
        return true;
      }
      RequestBodyReader reader = new RequestBodyReader(request, limits.maxBodyBytes(), bodyMemory,
          new RequestBodyReader.Outcome() {
            @Override
            public void body(byte[] content) {
              dispatch(request, response, callback, head.withBody(content));
            }

            @Override
            public void refused(HttpFailure failure) {
              if (failure.status() == 408) {
                slowBodies.increment();
              }
              // The rest of the body is not read: the connection cannot carry another request.
              send(response, closing(failure.answer()), callback);
            }

            @Override
            public void failed(Throwable failure) {
              callback.failed(failure);
            }
          });
      Request.addCompletionListener(request, failure -> reader.release());
      reader.start(timer, limits.requestBodyTimeout());
      return true;
    }
  }

  private void dispatch(Request request, Response response, Callback callback, HttpCall call) {
    // The request timeout governs from here, whatever the connection's idle timeout.
    request.addIdleTimeoutListener(timeout -> false);
    try {
      workers.execute(() -> send(response, router.handle(call), callback));
    } catch (RejectedExecutionException e) {
      rejected.increment();
      send(response, HttpFailure.unavailable("The server is busy: " + limits.workerThreads()
          + " requests are running and " + limits.queueCapacity() + " waiting; retry later")
          .answer(), callback);
    }
  }

  /**
   * Whether a request answered without its body still has body bytes to come: drops those that
   * already arrived, never waits for more. Then the connection cannot carry another request, and
   * the answer says so, or the client would send its next request on a connection about to close.
   */
  private static boolean hasUnreadBody(Request request) {
    if (request.getHeaders().contains(HttpHeader.EXPECT)) {
      // Reading would send "100 Continue", inviting the body of a refused request.
      return true;
    }
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null || Content.Chunk.isFailure(chunk)) {
        return true;
      }
      chunk.release();
      if (chunk.isLast()) {
        return false;
      }
    }
  }

  private static HttpAnswer closing(HttpAnswer answer) {
    Map<String, String> headers = new HashMap<>(answer.headers());
    headers.put("Connection", "close");
    return new HttpAnswer(answer.status(), answer.contentType(), answer.body(), headers);
  }

  private static void send(Response response, HttpAnswer answer, Callback callback) {
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    answer.headers().forEach(headers::put);
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }
}

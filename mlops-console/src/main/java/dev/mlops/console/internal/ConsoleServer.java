package dev.mlops.console.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server: Jetty 12 (core API) with a small thread pool, a connection limit,
 * an idle timeout, a header size limit, no {@code Server} header, and errors Jetty answers
 * itself (a malformed request) written as a short page with the security headers.
 *
 * @since 0.1
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final int THREADS = 16;
  private static final int MAX_CONNECTIONS = 256;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final Server server;
  private final ServerConnector connector;

  private ConsoleServer(InetSocketAddress address, ConsoleSettings settings, Access access) {
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setName("mlops-console");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    // As in the model server: Jetty's header cache otherwise matches without regard to case, so
    // a credential differing only in case from an earlier one on the connection would pass.
    http.setHeaderCacheCaseSensitive(true);
    this.connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    server.setErrorHandler(new PageErrorHandler());
    boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
    server.setHandler(new ConsoleHandler(new ConsoleRoutes(settings), access, loopback));
  }

  /**
   * Binds the address and starts serving.
   *
   * @param address the host and port; port 0 picks a free one
   * @param settings what the pages read and may change
   * @param access who may use the console
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static ConsoleServer start(InetSocketAddress address, ConsoleSettings settings, Access access)
      throws IOException {
    ConsoleServer console = new ConsoleServer(address, settings, access);
    try {
      console.server.start();
    } catch (Exception e) {
      console.close();
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    return console;
  }

  /**
   * The bound port.
   *
   * @return the port, the one picked if 0 was asked for
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Waits until the server has stopped.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops serving and closes the connections. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("The console's server did not stop cleanly: {}", e.toString());
    }
  }

  /** Errors Jetty answers itself: a short page, no stack trace, the security headers. */
  private static final class PageErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code,
        @Nullable String message, @Nullable Throwable cause, Callback callback) {
      Answer page = ErrorPage.bare(code, "The request could not be read ("
          + HttpStatus.getMessage(code) + ").");
      ConsoleHandler.securityHeaders(response.getHeaders());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, Answer.HTML);
      response.write(true, ByteBuffer.wrap(page.body()), callback);
    }
  }
}

package dev.mlops.samples.churn;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A stand-in for the team's chat or paging webhook: a local HTTP server (the JDK's) on a free port
 * that accepts alert POSTs, hands each body to a printer and keeps it.
 */
final class WebhookReceiver implements AutoCloseable {

  private static final String PATH = "/alerts";

  private final HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Consumer<String> printer;

  private WebhookReceiver(HttpServer server, Consumer<String> printer) {
    this.server = server;
    this.printer = printer;
  }

  /** Starts a receiver on the loopback interface and a free port. */
  static WebhookReceiver start(Consumer<String> printer) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server, printer);
      server.createContext(PATH, receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the local webhook receiver: " + e.getMessage(), e);
    }
  }

  /** Where to post alerts. */
  URI uri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":"
        + server.getAddress().getPort() + PATH);
  }

  /** The bodies received so far, in order. */
  List<String> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      received.add(body);
      printer.accept(body);
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

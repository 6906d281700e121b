package dev.mlops.core.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server on an ephemeral port of 127.0.0.1 that answers webhook posts as scripted: by
 * attempt number, a status; optionally hanging until released, to play a slow service.
 */
final class WebhookServer implements AutoCloseable {

  /** One request as the server saw it. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse("");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final IntUnaryOperator statusOfAttempt;
  private final boolean hang;

  private WebhookServer(IntUnaryOperator statusOfAttempt, boolean hang) throws IOException {
    this.statusOfAttempt = statusOfAttempt;
    this.hang = hang;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Answers each attempt (numbered from 1) with the status the function gives. */
  static WebhookServer answering(IntUnaryOperator statusOfAttempt) throws IOException {
    return new WebhookServer(statusOfAttempt, false);
  }

  /** Takes requests and never answers until closed. */
  static WebhookServer hanging() throws IOException {
    return new WebhookServer(attempt -> 200, true);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body));
      if (hang) {
        release.await();
        return;
      }
      int status = statusOfAttempt.applyAsInt(received.size());
      byte[] answer = (status == 200 ? "ok" : "  internal\n error  ")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}

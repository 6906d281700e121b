package dev.mlops.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw connection that sends its request a piece at a time and never finishes it, as a slowloris
 * attacker does: either a header line per interval ({@link #headers}) or, after complete headers,
 * a byte of the body per interval ({@link #body}). It stops sending once the server answers or
 * closes the connection, and keeps what the server sent.
 */
final class SlowClient implements AutoCloseable {

  private final Socket socket;
  private final CompletableFuture<String> closedByServer = new CompletableFuture<>();
  private final AtomicInteger piecesSent = new AtomicInteger();
  private final long openedNanos = System.nanoTime();
  private volatile boolean answered;
  private volatile long closedNanos;

  private SlowClient(URI base, String head, String piece, Duration every) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    Thread reader = new Thread(this::read, "slow-client-reader");
    reader.setDaemon(true);
    reader.start();
    Thread writer = new Thread(() -> trickle(head, piece, every), "slow-client-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Sends a request line, then one header line per interval, never the blank line. */
  static SlowClient headers(URI base, Duration every) throws IOException {
    return new SlowClient(base, "POST /v2/models/churn/infer HTTP/1.1\r\nHost: localhost\r\n",
        "X-Slow: 1\r\n", every);
  }

  /** Sends complete headers announcing a 100,000-byte JSON body, then one byte per interval. */
  static SlowClient body(URI base, Duration every) throws IOException {
    return new SlowClient(base, "POST /v2/models/churn/infer HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", " ", every);
  }

  /** Waits until this many pieces after the first were sent, so that the server has seen some. */
  SlowClient awaitSent(int pieces) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (piecesSent.get() < pieces && !closedByServer.isDone()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Could not send " + pieces + " pieces within 30 s");
      }
      Thread.sleep(10);
    }
    return this;
  }

  /** Whether the server has neither answered nor closed the connection. */
  boolean isOpen() {
    return !closedByServer.isDone();
  }

  /**
   * Waits for the server to close the connection.
   *
   * @return what the server sent before closing, empty if nothing
   */
  String awaitClosedByServer(Duration atMost) throws Exception {
    try {
      return closedByServer.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("The server did not close the slow connection within " + atMost
          + " (" + piecesSent.get() + " pieces sent)", e);
    }
  }

  /** How long the connection was open, from connecting until the server closed it. */
  Duration lifetime() {
    return Duration.ofNanos(closedNanos - openedNanos);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void trickle(String head, String piece, Duration every) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (!answered && !closedByServer.isDone()) {
        Thread.sleep(every.toMillis());
        if (answered || closedByServer.isDone()) {
          return;
        }
        out.write(piece.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        piecesSent.incrementAndGet();
      }
    } catch (IOException | InterruptedException e) {
      // The server closed the connection: the reader records that.
    }
  }

  private void read() {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        answered = true;
        received.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // A reset is the server closing too.
    }
    closedNanos = System.nanoTime();
    closedByServer.complete(received.toString(StandardCharsets.ISO_8859_1));
  }
}

package dev.mlops.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running {@code mlops serve} started through bin/mlops: waits until it printed the port it
 * bound and answers ready, and stops it with SIGTERM.
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Listening on (http://127\\.0\\.0\\.1:(\\d+))");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  final Process process;
  final Path out;
  final Path err;
  final URI base;

  private ServeProcess(Process process, Path out, Path err, URI base) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.base = base;
  }

  /** Starts {@code mlops ARGS} (a serve command) and waits until it listens, not until ready. */
  static ServeProcess listening(MlopsProcess mlops, Path dir, String name, String... args)
      throws Exception {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process process = mlops.start(out, err, args);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (m.find()) {
        return new ServeProcess(process, out, err, URI.create(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new AssertionError("serve exited with " + process.exitValue() + ": "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError("serve printed no port within 90 s: "
        + Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Starts {@code mlops ARGS} (a serve command) and waits until it is ready. */
  static ServeProcess ready(MlopsProcess mlops, Path dir, String name, String... args)
      throws Exception {
    ServeProcess serve = listening(mlops, dir, name, args);
    serve.awaitReady(HttpClient.newHttpClient());
    return serve;
  }

  /** Waits until {@code /v2/health/ready} answers 200 and the process said it serves. */
  void awaitReady(HttpClient client) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && out().contains("Ready: serving")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve was not ready within 90 s: " + errors());
  }

  String out() throws Exception {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String errors() throws Exception {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Stops the server with SIGTERM, and kills it if it has not stopped within a minute. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

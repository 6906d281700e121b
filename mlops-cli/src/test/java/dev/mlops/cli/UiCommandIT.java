package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops ui} through bin/mlops as a separate process: it prints where it listens, shows the
 * registry's models, sends an unsigned browser to the sign-in page when a token is required, and
 * stops on SIGTERM.
 */
class UiCommandIT {
  private static final Pattern LISTENING =
      Pattern.compile("Console at (http://127\\.0\\.0\\.1:\\d+/) \\(changes allowed\\)");

  @TempDir Path dir;

  @Test
  void theConsoleShowsTheRegistryAsksForTheTokenAndStopsOnSigterm() throws Exception {
    MlopsProcess mlops = new MlopsProcess(dir);
    try (InputStream in = Objects.requireNonNull(UiCommandIT.class.getResourceAsStream("/predict/churn-v1.onnx"))) {
      Files.copy(in, dir.resolve("churn-v1.onnx"));
    }
    MlopsProcess.Result registered = mlops.run("models", "register", "churn", "--file", "churn-v1.onnx",
        "--alias", "production", "--description", "<b>churn</b>");
    assertThat(registered.exitCode()).as(registered.toString()).isZero();
    Files.writeString(dir.resolve("token"), "console-it-token-0123456789\n");

    Path out = dir.resolve("ui.out");
    Path err = dir.resolve("ui.err");
    Process ui = mlops.start(out, err, "ui", "--port", "0", "--token-file", "token", "--allow-changes",
        "--runs", "runs.jsonl");
    try {
      URI base = URI.create(awaitListening(ui, out, err));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> unsigned = client.send(HttpRequest.newBuilder(base.resolve("models")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).isEqualTo(303);
      assertThat(unsigned.headers().firstValue("Location")).hasValue("/login?next=%2Fmodels");

      HttpResponse<String> models = client.send(HttpRequest.newBuilder(base.resolve("models"))
          .header("Authorization", "Bearer console-it-token-0123456789").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(models.statusCode()).isEqualTo(200);
      assertThat(models.body()).contains("href=\"/models/churn\"", "&lt;b&gt;churn&lt;/b&gt;",
          "production → v1", "changes allowed");

      ui.destroy();
      assertThat(ui.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(ui.exitValue()).as(stderr).isEqualTo(143);
      assertThat(stderr).contains("mlops: stopped").doesNotContain("Exception");
    } finally {
      ui.destroyForcibly();
    }
  }

  private static String awaitListening(Process ui, Path out, Path err) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      if (!ui.isAlive()) {
        throw new AssertionError("ui exited with " + ui.exitValue() + ": "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("ui printed no address within 90 s: " + Files.readString(err, StandardCharsets.UTF_8));
  }
}

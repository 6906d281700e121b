package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops serve} through bin/mlops as a separate process: it prints the ephemeral port it
 * bound, becomes ready, answers health and inference (with its bearer token), and stops cleanly
 * on SIGTERM.
 */
class ServeCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void serveAnswersHealthAndInferenceOnAnEphemeralPortAndStopsCleanlyOnSigterm()
      throws Exception {
    MlopsProcess mlops = new MlopsProcess(dir);
    for (String name : new String[] {"churn-v1.onnx", "signature.json"}) {
      try (InputStream in = Objects.requireNonNull(
          ServeCommandIT.class.getResourceAsStream("/predict/" + name), name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    MlopsProcess.Result registered = mlops.run("models", "register", "churn", "--file",
        "churn-v1.onnx", "--signature", "signature.json", "--alias", "production");
    assertThat(registered.exitCode()).as(registered.toString()).isZero();
    Files.writeString(dir.resolve("token"), "it-token\n");

    ServeProcess started = ServeProcess.listening(mlops, dir, "serve", "serve",
        "models:/churn@production", "--port", "0", "--token-file", "token", "--threads", "2",
        "--header-timeout", "1", "--body-timeout", "1", "--idle-timeout", "20",
        "--max-connections", "64");
    Process serve = started.process;
    try {
      URI base = started.base;
      HttpClient client = HttpClient.newHttpClient();
      started.awaitReady(client);
      assertThat(started.out()).contains("Ready: serving models:/churn@production");

      HttpResponse<String> live = client.send(HttpRequest.newBuilder(base.resolve("/v2/health/live"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);

      String infer = "{\"inputs\":["
          + "{\"name\":\"tenure_months\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.0]},"
          + "{\"name\":\"monthly_charges\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[70.5]},"
          + "{\"name\":\"contract\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"monthly\"]},"
          + "{\"name\":\"has_support\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[false]}]}";
      HttpRequest.Builder post = HttpRequest.newBuilder(base.resolve("/v2/models/churn/infer"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(infer));
      HttpResponse<String> denied = client.send(post.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(401);
      HttpResponse<String> answer = client.send(post.header("Authorization", "Bearer it-token")
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(answer.body());
      assertThat(body.get("model_version").asText()).isEqualTo("1");
      // The signature file's three outputs become one tensor whose columns they name.
      JsonNode scores = body.get("outputs").get(0);
      assertThat(scores.get("name").asText()).isEqualTo("outputs");
      assertThat(scores.get("shape").toString()).isEqualTo("[1,3]");
      assertThat(scores.get("data").get(0).asDouble()).isCloseTo(0.2544005513191223, within(1e-5));
      assertThat(scores.get("data").get(2).asDouble()).isCloseTo(0.34334245324134827, within(1e-5));
      assertThat(body.get("outputs").get(1).get("data").get(0).asText()).isEqualTo("downgrade");

      // --header-timeout 1: a request whose headers never end is cut well before the default 10 s.
      try (Socket slow = new Socket(base.getHost(), base.getPort())) {
        slow.setSoTimeout(8000);
        slow.getOutputStream().write("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(slow.getInputStream().read()).as("closed by the server").isEqualTo(-1);
      }

      serve.destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      String stderr = started.errors();
      // 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran.
      assertThat(serve.exitValue()).as(stderr).isEqualTo(143);
      assertThat(stderr).contains("mlops: stopped").doesNotContain("Exception");
    } finally {
      serve.destroyForcibly();
    }
  }

  @Test
  void aModelThatCannotBeServedExits1NamingIt() throws Exception {
    MlopsProcess mlops = new MlopsProcess(dir);
    try (InputStream in = Objects.requireNonNull(ServeCommandIT.class.getResourceAsStream("/predict/churn-v1.onnx"))) {
      Files.copy(in, dir.resolve("churn-v1.onnx"));
    }
    assertThat(mlops.run("models", "register", "churn", "--file", "churn-v1.onnx").exitCode()).isZero();

    MlopsProcess.Result r = mlops.run("serve", "models:/churn@production", "--port", "0");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("mlops: ").contains("churn").doesNotContain("\tat ");
  }
}

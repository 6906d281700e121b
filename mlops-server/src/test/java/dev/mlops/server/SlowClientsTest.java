package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (slowloris): connections that send their headers or their body a piece at a time
 * must neither stall the server nor stay open past their timeouts. Raw sockets play the
 * attackers; the JDK HTTP client plays the probes and the well-behaved clients.
 */
class SlowClientsTest {

  private static final Duration TRICKLE = Duration.ofMillis(100);

  InMemoryModelRegistry registry;
  ModelServer server;
  final List<SlowClient> slow = new ArrayList<>();

  @BeforeEach
  void registerModel() {
    registry = new InMemoryModelRegistry();
    Churn.register(registry, "churn", "churn-v1.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
  }

  @AfterEach
  void stop() throws Exception {
    for (SlowClient c : slow) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
    registry.close();
  }

  @Test
  void probesAndInferenceAreAnsweredWhileSlowHeaderAndSlowBodyConnectionsAreOpen()
      throws Exception {
    // Timeouts longer than the test, so that the slow connections stay open throughout.
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .workerThreads(2).requestHeaderTimeout(Duration.ofMinutes(5))
        .requestBodyTimeout(Duration.ofMinutes(5)).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    // More slow connections of each kind than there are workers.
    for (int i = 0; i < 3; i++) {
      slow.add(SlowClient.headers(server.baseUri(), TRICKLE));
      slow.add(SlowClient.body(server.baseUri(), TRICKLE));
    }
    for (SlowClient c : slow) {
      c.awaitSent(3);
    }

    Http http = new Http(server.baseUri(), null);
    assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
    assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
    Http.Answer infer = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 2));
    assertThat(infer.status()).as("%s", infer).isEqualTo(200);
    Http.Answer predict = http.post("/v1/models/churn:predict",
        "{\"instances\":[" + Churn.rows().get(0) + "]}");
    assertThat(predict.status()).as("%s", predict).isEqualTo(200);

    // Answered while the slow connections were still sending, not after they were dropped.
    for (SlowClient c : slow) {
      assertThat(c.isOpen()).isTrue();
    }
  }

  @Test
  void slowHeaderAndSlowBodyConnectionsAreClosedByTheServerAfterTheirTimeouts() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Duration timeout = Duration.ofSeconds(1);
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .requestHeaderTimeout(timeout).requestBodyTimeout(timeout).meterRegistry(meters).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    SlowClient headers = SlowClient.headers(server.baseUri(), TRICKLE);
    SlowClient body = SlowClient.body(server.baseUri(), TRICKLE);
    slow.add(headers);
    slow.add(body);

    assertThat(headers.awaitClosedByServer(Duration.ofSeconds(60))).as("no answer").isEmpty();
    assertThat(body.awaitClosedByServer(Duration.ofSeconds(60)))
        .startsWith("HTTP/1.1 408 ").containsIgnoringCase("Connection: close")
        .contains("request body timeout of PT1S");
    System.out.printf("Header timeout %s: slow headers closed after %d ms, slow body after %d ms%n",
        timeout, headers.lifetime().toMillis(), body.lifetime().toMillis());
    // Not before their timeout: still trickling steadily, they were cut by the deadline.
    assertThat(headers.lifetime()).isGreaterThanOrEqualTo(timeout);
    assertThat(body.lifetime()).isGreaterThanOrEqualTo(timeout);
    assertThat(meters.get("mlops.server.slow.closed").tag("part", "headers").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("mlops.server.slow.closed").tag("part", "body").counter().count())
        .isEqualTo(1.0);
    assertThat(new Http(server.baseUri(), null).get("/v2/health/ready").status()).isEqualTo(200);
  }

  @Test
  void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutAndMayWaitForItsNextRequestUntilThen()
      throws Exception {
    // Long enough that the second request, 600 ms after the first answer, comes before it on a
    // busy machine too.
    Duration idle = Duration.ofSeconds(2);
    // The header timeout is shorter: it must not count the wait between two requests.
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .idleTimeout(idle).requestHeaderTimeout(Duration.ofMillis(300)).start();
    try (Socket socket = new Socket(server.baseUri().getHost(), server.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      String probe = "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";
      out.write(probe.getBytes(StandardCharsets.US_ASCII));
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200 ");
      Thread.sleep(600);
      // The server's last activity on the connection, its answer, comes after this.
      long sent = System.nanoTime();
      out.write(probe.getBytes(StandardCharsets.US_ASCII));
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200 ");
      assertThat(in.read()).as("closed by the server").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(idle);
    }
  }

  @Test
  void connectionsOverTheLimitWaitUntilAnOpenOneCloses() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .maxConnections(1).requestHeaderTimeout(Duration.ofMinutes(5)).meterRegistry(meters)
        .start();
    SlowClient holder = SlowClient.headers(server.baseUri(), TRICKLE).awaitSent(1);
    slow.add(holder);
    awaitGauge(meters, "mlops.server.connections", 1);

    HttpClient client = HttpClient.newHttpClient();
    HttpRequest live = HttpRequest.newBuilder(server.baseUri().resolve("/v2/health/live"))
        .timeout(Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> client.send(live, HttpResponse.BodyHandlers.ofString()))
        .as("not accepted while the one allowed connection is open")
        .isInstanceOf(HttpTimeoutException.class);
    holder.close();
    assertThat(new Http(server.baseUri(), null).get("/v2/health/live").status()).isEqualTo(200);
  }

  @Test
  void requestBodiesHeldInMemoryStayUnderTheirBound() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .maxBodyBytes(1000).maxBufferedBodyBytes(1000).meterRegistry(meters).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    Http http = new Http(server.baseUri(), null);
    try (Socket holder = new Socket(server.baseUri().getHost(), server.port())) {
      // 900 bytes of a 1000-byte body, then nothing: the server holds them while it waits.
      holder.getOutputStream().write(("POST /v2/models/churn/infer HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n" + " ".repeat(900))
          .getBytes(StandardCharsets.US_ASCII));
      awaitGauge(meters, "mlops.server.body.bytes", 900);

      Http.Answer refused = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1));
      assertThat(refused.status()).as("%s", refused).isEqualTo(503);
      assertThat(refused.json().get("error").asText()).contains("1000 bytes of request bodies");
    }
    awaitGauge(meters, "mlops.server.body.bytes", 0);
    assertThat(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)).status())
        .isEqualTo(200);
  }

  @Test
  void requestHeadersOverTheLimitAre431InJson() throws Exception {
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .maxRequestHeaderBytes(1024).start();
    HttpResponse<String> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(server.baseUri().resolve("/v2/health/live"))
            .header("X-Big", "b".repeat(2000)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(431);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Churn.JSON.readTree(answer.body()).get("error").asText())
        .contains("up to 1024 bytes");
  }

  private static String readAnswer(InputStream in) throws IOException {
    // The live probe's answer ends with its JSON object.
    StringBuilder answer = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      answer.append((char) c);
      if (c == '}') {
        return answer.toString();
      }
    }
    throw new AssertionError("Closed before the answer was complete: " + answer);
  }

  private static void awaitGauge(SimpleMeterRegistry meters, String name, double value)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (meters.get(name).gauge().value() != value) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not reach " + value + " within 30 s");
      }
      Thread.sleep(10);
    }
  }
}

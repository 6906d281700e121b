package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness, the bounded queue, the request timeout, graceful shutdown and start-up failures. A
 * gated registry holds model loads so that each state can be observed for as long as needed.
 */
class ServerOperationsTest {

  InMemoryModelRegistry memory;
  GatedRegistry gated;
  ModelServer server;

  @BeforeEach
  void registerModels() {
    memory = new InMemoryModelRegistry();
    Churn.register(memory, "churn", "churn-v1.onnx");
    Churn.register(memory, "churn", "churn-v2.onnx");
    memory.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    gated = new GatedRegistry(memory);
  }

  @AfterEach
  void stop() {
    gated.open();
    if (server != null) {
      server.close();
    }
    memory.close();
  }

  @Test
  void readinessIsFalseUntilTheFirstVersionIsLoadedAndWarmedWhileLivenessIsTrue()
      throws Exception {
    gated.close();
    server = ModelServer.builder().registry(gated.registry()).serve("models:/churn@production")
        .port(0).start();
    Http http = new Http(server.baseUri(), null);
    gated.awaitWaiter();
    assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
    Http.Answer ready = http.get("/v2/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("ready").asBoolean()).isFalse();
    assertThat(http.get("/v2/models/churn/ready").status()).isEqualTo(503);
    Http.Answer infer = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1));
    assertThat(infer.status()).isEqualTo(503);
    assertThat(infer.json().get("error").asText()).contains("still loading");
    assertThat(server.isReady()).isFalse();

    gated.open();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
    assertThat(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1)).status())
        .isEqualTo(200);
  }

  @Test
  void aRequestFindingTheQueueFullIsAnswered503AtOnceAndTheOthersComplete() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    server = ModelServer.builder().registry(gated.registry()).serve("models:/churn@production")
        .port(0).workerThreads(1).queueCapacity(1).meterRegistry(meters).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    Http http = new Http(server.baseUri(), null);

    gated.close();
    // Holds the only worker: version 2 is loaded on demand, and its load waits at the gate.
    CompletableFuture<Http.Answer> running = async(http, "/v2/models/churn/versions/2/infer");
    gated.awaitWaiter();
    CompletableFuture<Http.Answer> queued = async(http, "/v2/models/churn/infer");
    awaitQueued(meters, 1);

    Http.Answer rejected = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1));
    assertThat(rejected.status()).isEqualTo(503);
    assertThat(rejected.json().get("error").asText()).contains("busy");
    assertThat(meters.get("mlops.server.rejected").counter().count()).isEqualTo(1.0);
    // The probes need no worker: they are answered while every worker and queue slot is taken.
    assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
    Http.Answer ready = http.get("/v2/health/ready");
    assertThat(ready.status()).as("%s", ready).isEqualTo(200);
    assertThat(ready.json().get("ready").asBoolean()).isTrue();
    assertThat(running).isNotDone();

    gated.open();
    assertThat(running.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(queued.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void aRequestThatWaitedPastTheRequestTimeoutIsAnswered503WithoutBeingComputed()
      throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    server = ModelServer.builder().registry(gated.registry()).serve("models:/churn@production")
        .port(0).workerThreads(1).requestTimeout(Duration.ofMillis(200)).meterRegistry(meters)
        .start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    Http http = new Http(server.baseUri(), null);

    // Holds the only worker with a request that has no deadline of its own to miss: version 2's
    // metadata, whose registry lookup waits at the gate.
    gated.close("getVersion");
    CompletableFuture<Http.Answer> running = CompletableFuture.supplyAsync(() -> {
      try {
        return http.get("/v2/models/churn/versions/2");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    gated.awaitWaiter();
    CompletableFuture<Http.Answer> late = async(http, "/v2/models/churn/infer");
    awaitQueued(meters, 1);
    // Keep the queued request waiting well past its timeout before the worker frees up.
    Thread.sleep(600);
    gated.open();

    assertThat(running.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
    Http.Answer answer = late.get(60, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().get("error").asText()).contains("request timeout of PT0.2S");
  }

  @Test
  void closingAnswersNewRequests503FinishesTheOneInFlightThenStopsListening() throws Exception {
    server = ModelServer.builder().registry(gated.registry()).serve("models:/churn@production")
        .port(0).workerThreads(2).shutdownTimeout(Duration.ofSeconds(60)).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
    Http http = new Http(server.baseUri(), null);

    gated.close();
    CompletableFuture<Http.Answer> inFlight = async(http, "/v2/models/churn/versions/2/infer");
    gated.awaitWaiter();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.isReady() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.isReady()).isFalse();
    Http.Answer refused = http.post("/v2/models/churn/infer", Churn.inferRequest(0, 1));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().get("error").asText()).contains("shutting down");
    Http.Answer ready = http.get("/v2/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("ready").asBoolean()).as("%s", ready).isFalse();
    assertThat(ready.json().size()).isEqualTo(1);
    assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
    assertThat(closing).isNotDone();

    gated.open();
    Http.Answer finished = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(finished.status()).as("%s", finished).isEqualTo(200);
    assertThat(finished.json().get("model_version").asText()).isEqualTo("2");
    closing.get(60, TimeUnit.SECONDS);
    assertThatThrownBy(() -> http.get("/v2/health/live")).isInstanceOf(ConnectException.class);
  }

  @Test
  void aModelThatCannotBeLoadedFailsAwaitReadyAndTheServerStaysNotReady() throws Exception {
    server = ModelServer.builder().registry(memory).serve("models:/churn@staging").port(0).start();
    assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(60)))
        .isInstanceOf(ServerStartException.class).hasMessageContaining("staging");
    assertThat(new Http(server.baseUri(), null).get("/v2/health/ready").status()).isEqualTo(503);
  }

  @Test
  void aPortInUseFailsTheStartNamingIt() {
    server = ModelServer.builder().registry(memory).serve("models:/churn/1").port(0).start();
    assertThatThrownBy(() -> ModelServer.builder().registry(memory).serve("models:/churn/1")
        .port(server.port()).start())
        .isInstanceOf(ServerStartException.class)
        .hasMessageContaining("Cannot listen on 127.0.0.1:" + server.port());
  }

  @Test
  void theBuilderRejectsWrongAndRepeatedSettings() {
    assertThatThrownBy(() -> ModelServer.builder().workerThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workerThreads must be positive but was 0");
    assertThatThrownBy(() -> ModelServer.builder().port(1).port(2))
        .isInstanceOf(IllegalStateException.class).hasMessage("port was already set");
    assertThatThrownBy(() -> ModelServer.builder().serve("models:/churn@a", "models:/churn/2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one URI per model");
    assertThatThrownBy(() -> ModelServer.builder().registry(memory).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("model to serve");
    assertThatThrownBy(() -> ModelServer.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> ModelServer.builder().requestHeaderTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestHeaderTimeout must be positive but was PT-1S");
    assertThatThrownBy(() -> ModelServer.builder().idleTimeout(Duration.ofSeconds(1))
        .idleTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class).hasMessage("idleTimeout was already set");
    assertThatThrownBy(() -> ModelServer.builder().registry(memory).serve("models:/churn/1")
        .maxBodyBytes(1000).maxBufferedBodyBytes(999).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBufferedBodyBytes (999) must be at least maxBodyBytes (1000)");
  }

  private static CompletableFuture<Http.Answer> async(Http http, String path) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return http.post(path, Churn.inferRequest(0, 1));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void awaitQueued(SimpleMeterRegistry meters, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Gauge queued = meters.get("mlops.server.queued").gauge();
    while (queued.value() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No request was queued within 30 s");
      }
      Thread.sleep(5);
    }
  }
}

package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Load on loopback from concurrent JDK HTTP clients, with a bounded number of requests: the
 * figures are printed, never asserted on (the machine may be shared); what is asserted is that
 * nothing fails, also while the alias is moved.
 */
class LoopbackLoadTest {

  private static final int CLIENTS = 8;

  InMemoryModelRegistry registry;
  ModelServer server;

  @BeforeEach
  void start() throws Exception {
    registry = new InMemoryModelRegistry();
    Churn.register(registry, "churn", "churn-v1.onnx");
    Churn.register(registry, "churn", "churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    server = ModelServer.builder().registry(registry).serve("models:/churn@production").port(0)
        .workerThreads(4).queueCapacity(64).start();
    assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void concurrentClientsGetOnlySuccessfulAnswers() throws Exception {
    LoadGenerator load = new LoadGenerator(server.baseUri().resolve("/v2/models/churn/infer"),
        Churn.inferRequest(0, 1), null);
    load.run(CLIENTS, 300);
    LoadGenerator.Result r = load.run(CLIENTS, 3000);
    System.out.println("Loopback load, 1-row V2 infer: " + r);
    assertThat(r.non2xx()).as("%s", r).isZero();
    assertThat(r.requests()).isEqualTo(3000);
  }

  @Test
  void probesAreAnsweredWhileEveryWorkerComputes() throws Exception {
    Http http = new Http(server.baseUri(), null);
    long[] idle = probe(http, 200);
    LoadGenerator load = new LoadGenerator(server.baseUri().resolve("/v2/models/churn/infer"),
        Churn.inferRequest(0, 1), null);
    AtomicBoolean loaded = new AtomicBoolean();
    Thread clients = new Thread(() -> {
      try {
        // Twice as many clients as workers: every worker busy, requests queued.
        System.out.println("Inference load beside the probes: " + load.run(CLIENTS, 3000));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        loaded.set(true);
      }
    });
    clients.start();
    Thread.sleep(200);
    long[] busy = probe(http, 200);
    boolean overlapped = !loaded.get();
    clients.join(Duration.ofMinutes(2).toMillis());
    System.out.printf("GET /v2/health/ready, 200 sequential probes: idle server p50 %.2f ms, p99"
        + " %.2f ms; beside 8 inference clients on 4 workers p50 %.2f ms, p99 %.2f ms, max %.2f ms"
        + " (load still running at the end: %s)%n", millis(idle, 0.5), millis(idle, 0.99),
        millis(busy, 0.5), millis(busy, 0.99), millis(busy, 1.0), overlapped);
  }

  /** Sends sequential readiness probes; every one must be answered 200. */
  private static long[] probe(Http http, int count) throws IOException, InterruptedException {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      Http.Answer a = http.get("/v2/health/ready");
      nanos[i] = System.nanoTime() - t0;
      assertThat(a.status()).as("%s", a).isEqualTo(200);
    }
    java.util.Arrays.sort(nanos);
    return nanos;
  }

  private static double millis(long[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  @Test
  void movingTheAliasTenTimesUnderLoadGivesNoNon2xxAnswerAndEachVersionItsOwnScores()
      throws Exception {
    LoadGenerator load = new LoadGenerator(server.baseUri().resolve("/v2/models/churn/infer"),
        Churn.inferRequest(0, 1), null);
    Http http = new Http(server.baseUri(), null);
    AtomicBoolean moved = new AtomicBoolean();
    AtomicReference<Throwable> moverFailure = new AtomicReference<>();
    AtomicInteger wrong = new AtomicInteger();
    Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
    Thread mover = new Thread(() -> {
      try {
        for (int move = 1; move <= 10; move++) {
          int target = move % 2 == 1 ? 2 : 1;
          registry.setAlias("churn", "production", target, AliasPrecondition.any(), "move " + move);
          awaitServedVersion(http, target);
        }
      } catch (Throwable e) {
        // An AssertionError from awaitServedVersion too: the test thread reports it below.
        moverFailure.set(e);
      } finally {
        // Ends the load either way.
        moved.set(true);
      }
    });
    mover.start();
    LoadGenerator.Result r = load.run(CLIENTS, 500, 100_000, moved::get, body -> {
      JsonNode answer = read(body);
      String version = answer.get("model_version").asText();
      versionsSeen.add(version);
      List<Double> expected = Churn.probabilities("v" + version).get(0);
      JsonNode data = answer.get("outputs").get(0).get("data");
      for (int c = 0; c < 3; c++) {
        if (Math.abs(data.get(c).asDouble() - expected.get(c)) > 1e-5) {
          wrong.incrementAndGet();
        }
      }
    });
    mover.join(Duration.ofMinutes(2).toMillis());
    System.out.println("Loopback load while the alias moved 10 times: " + r);
    assertThat(mover.isAlive()).as("the mover thread is still running").isFalse();
    if (moverFailure.get() != null) {
      throw new AssertionError("Moving the alias failed", moverFailure.get());
    }
    assertThat(r.non2xx()).as("%s", r).isZero();
    assertThat(wrong).as("answers whose scores are not those of the version they name").hasValue(0);
    assertThat(versionsSeen).containsExactlyInAnyOrder("1", "2");
    assertThat(registry.resolve("models:/churn@production").version()).isEqualTo(1);
  }

  private static void awaitServedVersion(Http http, int version)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode meta = http.get("/v2/models/churn").json();
      if (meta.get("versions").get(0).asInt() == version) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("The server did not serve version " + version + " within 30 s");
  }

  private static JsonNode read(String body) {
    try {
      return Churn.JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(body, e);
    }
  }
}

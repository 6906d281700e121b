package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.VersionConflictException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliasDeploymentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path storage;
  InMemoryModelRegistry registry;
  SimpleMeterRegistry meters;
  Recorder events;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    meters = new SimpleMeterRegistry();
    events = new Recorder();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  /**
   * Between two ONNX versions (both scored by ONNX Runtime's own API) and between ONNX and
   * TorchScript. Half the callers send single rows, half batches of one to five rows, so that the
   * engine's per-slot batch tensors are replaced while versions swap.
   */
  @ParameterizedTest(name = "{0} and {1}")
  @CsvSource({"churn-v1.onnx, churn-v2.pt", "churn-v1.onnx, churn-v2.onnx"})
  void sixteenThreadsNeverFailWhileTheAliasMovesFiftyTimesAndOnceToABrokenArtifact(
      String first, String second) throws Exception {
    ChurnFixtures.register(registry, "churn", first);
    ChurnFixtures.register(registry, "churn", second);
    int broken = ChurnFixtures.register(registry, "churn", brokenOnnx(), ModelFormat.ONNX,
        ChurnFixtures.SIGNATURE).version();
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    Map<Integer, List<List<Double>>> expected =
        Map.of(1, ChurnFixtures.probabilities("v1"), 2, ChurnFixtures.probabilities("v2"));

    DjlPredictors predictors = DjlPredictors.builder().registry(registry).meterRegistry(meters)
        .poolSize(4).build();
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production")) {
      deployment.addListener(events);
      AtomicBoolean stop = new AtomicBoolean();
      LongAdder calls = new LongAdder();
      Map<Integer, LongAdder> callsByVersion = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int offset = t;
        boolean batches = t % 2 == 1;
        Thread caller = new Thread(() -> {
          for (int i = offset; !stop.get(); i++) {
            int r = i % rows.size();
            try {
              List<Prediction> answers = batches
                  ? deployment.predictBatch(rows.subList(0, r + 1))
                  : List.of(deployment.predict(rows.get(r)));
              for (int a = 0; a < answers.size(); a++) {
                Prediction p = answers.get(a);
                // The scores must be the ones the attributed version computes for this row.
                List<Double> want = expected.get(p.version()).get(batches ? a : r);
                for (int k = 0; k < want.size(); k++) {
                  assertThat(p.scores().get(k)).isCloseTo(want.get(k), within(1e-5));
                }
              }
              callsByVersion.computeIfAbsent(answers.get(0).version(), v -> new LongAdder())
                  .increment();
              calls.increment();
            } catch (Throwable e) {
              failures.add(e);
            }
          }
        }, "caller-" + t);
        caller.start();
        callers.add(caller);
      }

      for (int move = 1; move <= 50; move++) {
        int target = move % 2 == 1 ? 2 : 1;
        registry.setAlias("churn", "production", target, AliasPrecondition.any(), "move " + move);
        int swaps = move;
        awaitTrue(() -> events.swapped.size() == swaps, "swap " + move);
        awaitCallsBeyond(calls, calls.sum() + 16, failures);
      }
      registry.setAlias("churn", "production", broken, AliasPrecondition.any(), "broken");
      awaitTrue(() -> events.failed.size() == 1, "the failed swap to the broken version");
      awaitCallsBeyond(calls, calls.sum() + 1_000, failures);
      stop.set(true);
      for (Thread caller : callers) {
        caller.join(PATIENCE.toMillis());
      }

      assertThat(failures).as("failed calls").isEmpty();
      assertThat(callsByVersion.keySet()).containsExactlyInAnyOrder(1, 2);
      assertThat(deployment.modelVersion().version()).isEqualTo(1);
      assertThat(events.failed.get(0)).isEqualTo(ModelUri.version("churn", broken));
      awaitTrue(() -> events.retired.size() == 50, "50 swapped-out versions closed");
      assertThat(events.swapped).hasSize(50);
      assertThat(meters.get("mlops.deployment.swaps").tags("outcome", "success").counter()
          .count()).isEqualTo(50);
      assertThat(meters.get("mlops.deployment.swaps").tags("outcome", "failure").counter()
          .count()).isEqualTo(1);
      System.out.printf("%s and %s, 16 callers, 50 swaps and one failed swap: %d calls, by "
          + "version %s%n", first, second, calls.sum(), callsByVersion);
    }
  }

  @Test
  void aMoveMissedByTheEventsIsPickedUpByPolling() {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    DjlPredictors predictors = DjlPredictors.builder().registry(withoutEvents(registry))
        .pollInterval(Duration.ofMillis(50)).build();
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production")) {
      deployment.addListener(events);
      registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "unheard");
      awaitTrue(() -> deployment.modelVersion().version() == 2, "polling to find version 2");
      FixturePredictionTest.assertScores(deployment.predict(ChurnFixtures.rows().get(1)).scores(),
          ChurnFixtures.probabilities("v2").get(1));
    }
  }

  @Test
  void aVersionThatDoesNotMatchItsSignatureNeverServes() {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    // TorchScript: registration cannot check the signature (an ONNX one would be refused there).
    ChurnFixtures.register(registry, "churn", ChurnFixtures.model("churn-v2.pt"),
        ModelFormat.TORCHSCRIPT, ModelSignature.of(
            ChurnFixtures.SIGNATURE.inputs().subList(0, 2), ChurnFixtures.SIGNATURE.outputs()));
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production")) {
      deployment.addListener(events);
      registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "try v2");
      awaitTrue(() -> events.failed.size() == 1, "the failed swap");
      assertThat(deployment.modelVersion().version()).isEqualTo(1);
      assertThat(events.failures.get(0)).hasMessageContaining("Model 'churn' version 2 does not "
          + "match its signature");
      assertThat(deployment.predict(ChurnFixtures.rows().get(0)).version()).isEqualTo(1);
    }
  }

  @Test
  void rollbackMovesTheAliasBackWithItsReasonAndServesThePreviousVersion() {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production")) {
      deployment.addListener(events);
      assertThatThrownBy(() -> deployment.rollback("nothing yet"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("there is nothing to roll back to");
      registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "promote");
      awaitTrue(() -> deployment.modelVersion().version() == 2, "the swap to version 2");

      ModelVersion serving = deployment.rollback("p99 latency doubled");

      assertThat(serving.version()).isEqualTo(1);
      assertThat(deployment.modelVersion().version()).isEqualTo(1);
      assertThat(registry.resolve(deployment.target()).version()).isEqualTo(1);
      AuditEntry last = registry.auditLog("churn", PageRequest.first(100)).items().stream()
          .reduce((a, b) -> b).orElseThrow();
      assertThat(last.action()).isEqualTo(AuditAction.SET_ALIAS);
      assertThat(last.reason()).isEqualTo("p99 latency doubled");
      assertThat(deployment.predict(ChurnFixtures.rows().get(0)).version()).isEqualTo(1);
    }
  }

  @Test
  void rollbackFailsWithoutChangesWhenTheAliasMovedMeanwhile() {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v2.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v1.pt");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    AtomicBoolean hearing = new AtomicBoolean(true);
    DjlPredictors predictors = DjlPredictors.builder().registry(gated(registry, hearing)).build();
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production")) {
      registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), null);
      awaitTrue(() -> deployment.modelVersion().version() == 2, "the swap to version 2");
      // Someone moves the alias on, and the deployment has not heard yet when told to roll back.
      hearing.set(false);
      registry.setAlias("churn", "production", 3, AliasPrecondition.pointsTo(2), "hotfix");

      assertThatThrownBy(() -> deployment.rollback("too late"))
          .isInstanceOf(VersionConflictException.class);
      assertThat(deployment.modelVersion().version()).isEqualTo(2);
      assertThat(registry.resolve(deployment.target()).version()).isEqualTo(3);
    }
  }

  @Test
  void aClosedDeploymentRejectsCallsAndOnlyAliasesCanBeDeployed() {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy("models:/churn@production");
    deployment.close();
    deployment.close();
    assertThatThrownBy(() -> deployment.predict(ChurnFixtures.rows().get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The deployment of models:/churn@production is closed");
    assertThatThrownBy(() -> predictors.deploy("models:/churn/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("A deployment follows an alias");
  }

  /** The registry as seen by a deployment that never hears its events, only polls. */
  private static ModelRegistry withoutEvents(ModelRegistry registry) {
    return gated(registry, new AtomicBoolean(false));
  }

  /** The registry as seen by a deployment that hears its events only while {@code hearing}. */
  private static ModelRegistry gated(ModelRegistry registry, AtomicBoolean hearing) {
    return (ModelRegistry) Proxy.newProxyInstance(ModelRegistry.class.getClassLoader(),
        new Class<?>[] {ModelRegistry.class}, (proxy, method, args) -> {
          if (method.getName().equals("subscribe")) {
            RegistryListener listener = (RegistryListener) args[0];
            return registry.subscribe(e -> {
              if (hearing.get()) {
                listener.onEvent(e);
              }
            });
          }
          try {
            return method.invoke(registry, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private Path brokenOnnx() {
    return ChurnFixtures.unloadable(storage);
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + PATIENCE + " waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until the callers have made progress, so that each version really serves traffic. */
  private static void awaitCallsBeyond(LongAdder calls, long target,
      ConcurrentLinkedQueue<Throwable> failures) {
    awaitTrue(() -> calls.sum() >= target || !failures.isEmpty(), calls + " calls");
  }

  /** Records what a deployment reports. */
  static final class Recorder implements DeploymentListener {
    final List<Integer> swapped = new CopyOnWriteArrayList<>();
    final List<ModelUri> failed = new CopyOnWriteArrayList<>();
    final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    final List<Integer> retired = new CopyOnWriteArrayList<>();

    @Override
    public void onSwapped(ModelVersion from, ModelVersion to) {
      swapped.add(to.version());
    }

    @Override
    public void onFailed(ModelUri attempted, RuntimeException cause) {
      failed.add(attempted);
      failures.add(cause);
    }

    @Override
    public void onRetired(ModelVersion retiredVersion) {
      retired.add(retiredVersion.version());
    }
  }
}

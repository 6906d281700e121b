package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorDeploymentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ModelUri PRODUCTION = ModelUri.alias("churn", "production");

  @TempDir Path storage;
  InMemoryModelRegistry registry;
  SimpleMeterRegistry meters;
  DjlPredictors predictors;
  AliasDeploymentTest.Recorder events;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    meters = new SimpleMeterRegistry();
    predictors = DjlPredictors.builder().registry(registry).meterRegistry(meters).poolSize(2)
        .build();
    events = new AliasDeploymentTest.Recorder();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void eightThreadsNeverFailWhileTheAliasMovesTwentyTimesAndOnceToABrokenArtifact()
      throws Exception {
    registerTensorModel("churn-v1.onnx");
    registerTensorModel("churn-v2.pt");
    int broken = ChurnFixtures.register(registry, "churn", brokenOnnx(), ModelFormat.ONNX,
        TensorPredictionTest.TENSORS).version();
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    Map<Integer, List<List<Double>>> expected =
        Map.of(1, ChurnFixtures.probabilities("v1"), 2, ChurnFixtures.probabilities("v2"));
    assertVersionsAreDistinguishable(expected);

    try (Deployment<NDList, NDList> deployment = predictors.deployTensors(PRODUCTION)) {
      deployment.addListener(events);
      AtomicBoolean stop = new AtomicBoolean();
      LongAdder calls = new LongAdder();
      Map<Integer, LongAdder> callsByVersion = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        Thread caller = new Thread(() -> {
          for (int i = offset; !stop.get(); i++) {
            int r = i % rows.size();
            try (NDManager manager = NDManager.newBaseManager()) {
              NDList out = deployment.predict(
                  new NDList(TensorPredictionTest.encode(manager, List.of(rows.get(r)))));
              // Read after the call returned: the outputs belong to this caller's manager.
              int version = computedBy(TensorPredictionTest.probabilities(out)[0], r, expected);
              callsByVersion.computeIfAbsent(version, v -> new LongAdder()).increment();
              calls.increment();
            } catch (Throwable e) {
              failures.add(e);
            }
          }
        }, "tensor-caller-" + t);
        caller.start();
        callers.add(caller);
      }

      for (int move = 1; move <= 20; move++) {
        int target = move % 2 == 1 ? 2 : 1;
        registry.setAlias("churn", "production", target, AliasPrecondition.any(), "move " + move);
        int swaps = move;
        awaitTrue(() -> events.swapped.size() == swaps || !failures.isEmpty(), "swap " + move);
        long beyond = calls.sum() + 8;
        awaitTrue(() -> calls.sum() >= beyond || !failures.isEmpty(), "calls on swap " + move);
      }
      registry.setAlias("churn", "production", broken, AliasPrecondition.any(), "broken");
      awaitTrue(() -> events.failed.size() == 1, "the failed swap to the broken version");
      long beyond = calls.sum() + 200;
      awaitTrue(() -> calls.sum() >= beyond || !failures.isEmpty(), "calls after the failure");
      stop.set(true);
      for (Thread caller : callers) {
        caller.join(PATIENCE.toMillis());
      }

      assertThat(failures).as("failed calls").isEmpty();
      assertThat(callsByVersion.keySet()).containsExactlyInAnyOrder(1, 2);
      assertThat(deployment.modelVersion().version()).isEqualTo(1);
      assertThat(events.failed).containsExactly(ModelUri.version("churn", broken));
      assertThat(events.failures.get(0)).hasMessageContaining("version " + broken);
      assertThat(events.swapped).hasSize(20);
      awaitTrue(() -> events.retired.size() == 20, "20 swapped-out versions closed");
      assertThat(meters.get("mlops.deployment.swaps").tags("outcome", "success").counter()
          .count()).isEqualTo(20);
      assertThat(meters.get("mlops.deployment.swaps").tags("outcome", "failure").counter()
          .count()).isEqualTo(1);
      System.out.printf("8 tensor callers, 20 swaps and one failed swap: %d calls, by version "
          + "%s%n", calls.sum(), callsByVersion);
    }
  }

  @Test
  void outputsStayValidAfterTheVersionThatComputedThemIsClosedAndRollbackReturns()
      throws Exception {
    registerTensorModel("churn-v1.onnx");
    registerTensorModel("churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    try (Deployment<NDList, NDList> deployment =
            predictors.deployTensors("models:/churn@production");
        NDManager manager = NDManager.newBaseManager()) {
      deployment.addListener(events);
      NDList byV1 = deployment.predict(new NDList(TensorPredictionTest.encode(manager, rows)));

      registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "try v2");
      awaitTrue(() -> events.retired.contains(1), "version 1 closed");
      assertProbabilities(byV1, ChurnFixtures.probabilities("v1"));
      NDList byV2 = deployment.predict(new NDList(TensorPredictionTest.encode(manager, rows)));
      assertProbabilities(byV2, ChurnFixtures.probabilities("v2"));

      ModelVersion back = deployment.rollback("v2 disagrees with v1");
      assertThat(back.version()).isEqualTo(1);
      assertThat(registry.resolve(PRODUCTION).version()).isEqualTo(1);
      assertThat(deployment.modelVersion().version()).isEqualTo(1);
      awaitTrue(() -> events.retired.contains(2), "version 2 closed");
      assertProbabilities(byV2, ChurnFixtures.probabilities("v2"));
      assertProbabilities(deployment.predictBatch(List.of(
          new NDList(TensorPredictionTest.encode(manager, rows)))).get(0),
          ChurnFixtures.probabilities("v1"));

      assertThatThrownBy(() -> deployment.predict(new NDList(manager.zeros(new Shape(1, 5)))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("model 'churn' version 1")
          .hasMessageContaining("expected shape [-1, 4]");
    }
  }

  @Test
  void aTensorDeploymentFollowsOnlyAliases() {
    registerTensorModel("churn-v1.onnx");
    assertThatThrownBy(() -> predictors.deployTensors("models:/churn/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("A deployment follows an alias");
  }

  private void registerTensorModel(String file) {
    ChurnFixtures.register(registry, "churn", ChurnFixtures.model(file),
        file.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT,
        TensorPredictionTest.TENSORS);
  }

  private Path brokenOnnx() {
    return ChurnFixtures.unloadable(storage);
  }

  /** The version whose recorded probabilities for this row the scores equal, or a failure. */
  private static int computedBy(float[] scores, int row,
      Map<Integer, List<List<Double>>> expected) {
    List<Integer> matches = new ArrayList<>();
    expected.forEach((version, probabilities) -> {
      List<Double> want = probabilities.get(row);
      boolean same = scores.length == want.size();
      for (int c = 0; same && c < want.size(); c++) {
        same = Math.abs(scores[c] - want.get(c)) <= 1e-5;
      }
      if (same) {
        matches.add(version);
      }
    });
    assertThat(matches).as("versions whose output for row %d is %s", row,
        java.util.Arrays.toString(scores)).hasSize(1);
    return matches.get(0);
  }

  /** Each row's recorded outputs differ between the versions by far more than the tolerance. */
  private static void assertVersionsAreDistinguishable(Map<Integer, List<List<Double>>> expected) {
    for (int r = 0; r < expected.get(1).size(); r++) {
      double largest = 0.0;
      for (int c = 0; c < expected.get(1).get(r).size(); c++) {
        largest = Math.max(largest,
            Math.abs(expected.get(1).get(r).get(c) - expected.get(2).get(r).get(c)));
      }
      assertThat(largest).as("row %d", r).isGreaterThan(1e-3);
    }
  }

  private static void assertProbabilities(NDList out, List<List<Double>> want) {
    float[][] scores = TensorPredictionTest.probabilities(out);
    assertThat(scores).hasNumberOfRows(want.size());
    for (int r = 0; r < want.size(); r++) {
      for (int c = 0; c < want.get(r).size(); c++) {
        assertThat((double) scores[r][c]).as("row %d class %d", r, c)
            .isCloseTo(want.get(r).get(c), within(1e-5));
      }
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + PATIENCE + " waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

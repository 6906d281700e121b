package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.djl.internal.TabularModelPredictor;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MicroBatchingTest {

  static InMemoryModelRegistry registry;
  static DjlPredictors batching;
  static ModelVersion onnx;
  static ModelVersion torchscript;

  @BeforeAll
  static void open() {
    registry = new InMemoryModelRegistry();
    onnx = ChurnFixtures.register(registry, "batched-onnx", "churn-v1.onnx");
    torchscript = ChurnFixtures.register(registry, "batched-pt", "churn-v2.pt");
    batching = DjlPredictors.builder().registry(registry).poolSize(2)
        .microBatching(8, Duration.ofMillis(20)).build();
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  @Test
  void eightSingleRowCallsMadeTogetherAreScoredInOneEngineCallAndEachGetsItsOwnRow() throws Exception {
    // A delay far longer than the test: a batch leaves only once all eight rows have joined it,
    // so the count of engine calls is exact, however slow the machine.
    assertOneEngineCallPerRound(8, Duration.ofMinutes(2));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aBatchLargerThanTheCallersLeavesWhenEveryCallerInFlightHasJoinedIt() throws Exception {
    // maxRows 32 with eight callers: the batch can never fill, and the delay is a day. The batch
    // leaves because every caller in flight waits in it; before, each round waited the delay.
    assertOneEngineCallPerRound(32, Duration.ofDays(1));
  }

  /** Eight callers, ten rounds, both fixture models: one engine call per round. */
  private static void assertOneEngineCallPerRound(int maxRows, Duration maxDelay)
      throws Exception {
    DjlPredictors patient = DjlPredictors.builder().registry(registry).poolSize(2)
        .microBatching(maxRows, maxDelay).build();
    int rounds = 10;
    for (ModelVersion v : List.of(onnx, torchscript)) {
      List<List<Double>> expected = ChurnFixtures.probabilities(v == onnx ? "v1" : "v2");
      try (TabularModelPredictor predictor = (TabularModelPredictor) patient.load(v.uri())) {
        long warmUpCalls = predictor.engineCalls();
        // Each caller's row, when first read (while it is validated, inside predict), waits for
        // the other seven: a round starts with all eight callers in flight.
        CyclicBarrier inFlight = new CyclicBarrier(8);
        int predictions = runConcurrently(8, rounds, (thread, i) -> {
          int r = (thread + i) % ChurnFixtures.rows().size();
          Map<String, Object> row = readTogether(ChurnFixtures.rows().get(r), inFlight);
          FixturePredictionTest.assertScores(predictor.predict(row).scores(), expected.get(r));
        });
        assertThat(predictions).isEqualTo(8 * rounds);
        assertThat(predictor.engineCalls() - warmUpCalls).as(v.name()).isEqualTo(rounds);
      }
    }
  }

  /** A row whose first read waits at the barrier until the other callers read theirs. */
  private static Map<String, Object> readTogether(Map<String, Object> row, CyclicBarrier barrier) {
    return new AbstractMap<>() {
      private boolean released;

      private void awaitTheOthers() {
        if (released) {
          return;
        }
        released = true;
        try {
          barrier.await(2, TimeUnit.MINUTES);
        } catch (Exception e) {
          throw new IllegalStateException("the other callers never came", e);
        }
      }

      @Override
      public Object get(Object key) {
        awaitTheOthers();
        return row.get(key);
      }

      @Override
      public boolean containsKey(Object key) {
        awaitTheOthers();
        return row.containsKey(key);
      }

      @Override
      public Set<Entry<String, Object>> entrySet() {
        awaitTheOthers();
        return row.entrySet();
      }
    };
  }

  @Test
  void aBadRowFailsOnlyItsOwnCaller() throws Exception {
    List<List<Double>> expected = ChurnFixtures.probabilities("v1");
    try (TabularModelPredictor predictor = (TabularModelPredictor) batching.load(onnx.uri())) {
      runConcurrently(8, 50, (thread, i) -> {
        int r = i % ChurnFixtures.rows().size();
        if (thread % 2 == 0) {
          FixturePredictionTest.assertScores(
              predictor.predict(ChurnFixtures.rows().get(r)).scores(), expected.get(r));
        } else {
          Map<String, Object> bad = new LinkedHashMap<>(ChurnFixtures.rows().get(r));
          bad.put("contract", "weekly");
          assertThatThrownBy(() -> predictor.predict(bad))
              .isInstanceOf(InvalidInputException.class)
              .hasMessageContaining("feature 'contract'");
        }
      });
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aLoneCallerIsServedAtOnceWhateverTheDelay() {
    // Nobody else is in flight, so the batch of one leaves at once instead of waiting a day.
    DjlPredictors daylong = DjlPredictors.builder().registry(registry).poolSize(2)
        .microBatching(8, Duration.ofDays(1)).build();
    try (TabularModelPredictor predictor = (TabularModelPredictor) daylong.load(onnx.uri())) {
      FixturePredictionTest.assertScores(predictor.predict(ChurnFixtures.rows().get(2)).scores(),
          ChurnFixtures.probabilities("v1").get(2));
      assertThat(predictor.predictBatch(ChurnFixtures.rows())).hasSize(5);
    }
  }

  @Test
  void microBatchingOptionsAreValidated() {
    assertThatThrownBy(() -> DjlPredictors.builder().microBatching(1, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRows must be at least 2 but was 1");
    assertThatThrownBy(() -> DjlPredictors.builder().microBatching(4, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be positive but was PT-0.001S");
  }

  interface Call {
    void run(int thread, int iteration) throws Exception;
  }

  /** Runs {@code calls} iterations on each of {@code threads} threads; returns the total. */
  static int runConcurrently(int threads, int calls, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < calls; i++) {
            call.run(thread, i);
          }
          return calls;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(2, TimeUnit.MINUTES);
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }
}

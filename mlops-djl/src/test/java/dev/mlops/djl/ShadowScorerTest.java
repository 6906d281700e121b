package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.djl.internal.ShadowScorer;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShadowScorerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Map<String, Object> ROW = Map.of("tenure_months", 1.0);
  private static ModelVersion version;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void registerAVersion() {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      version = ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    }
  }

  @Test
  void aFullQueueDropsShadowCallsWithoutBlockingTheCaller() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Predictor<Map<String, Object>, Prediction> slow = new FakeChallenger(input -> {
      entered.countDown();
      try {
        release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return prediction(List.of(0.7, 0.3), "stay");
    });
    try (ShadowScorer scorer = new ShadowScorer(slow, 1, meters, Tags.of("model", "churn"))) {
      Prediction champion = prediction(List.of(0.6, 0.4), "stay");
      scorer.offer(ROW, champion);
      assertThat(entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
          .as("the worker took the first call").isTrue();
      // The worker is stuck in the challenger: one call fits the queue, the next eight are dropped.
      for (int i = 0; i < 9; i++) {
        scorer.offer(ROW, champion);
      }
      assertThat(scorer.agreement().dropped()).isEqualTo(8);
      release.countDown();
      awaitTrue(() -> scorer.agreement().compared() == 2, "both queued calls compared");
      ShadowAgreement a = scorer.agreement();
      assertThat(a.compared()).isEqualTo(2);
      assertThat(a.sameLabelRate()).isEqualTo(1.0);
      assertThat(a.errors()).isZero();
      assertThat(a.meanAbsoluteScoreDifference()).isCloseTo(0.1, within(1e-12));
      assertThat(meters.get("mlops.shadow.dropped").counter().count()).isEqualTo(8);
    }
  }

  @Test
  void challengerExceptionsNeverReachTheCallerAndAreCounted() {
    AtomicInteger calls = new AtomicInteger();
    Predictor<Map<String, Object>, Prediction> failing = new FakeChallenger(input -> {
      calls.incrementAndGet();
      throw new PredictionException("engine exploded", null);
    });
    try (ShadowScorer scorer = new ShadowScorer(failing, 16, meters, Tags.of("model", "churn"))) {
      for (int i = 0; i < 5; i++) {
        assertThatCode(() -> scorer.offer(ROW, prediction(List.of(0.5, 0.5), "stay")))
            .doesNotThrowAnyException();
      }
      awaitTrue(() -> scorer.agreement().errors() == 5, "five failed shadow calls");
      assertThat(calls).hasValue(5);
      assertThat(scorer.agreement().compared()).isZero();
      assertThat(meters.get("mlops.shadow.errors").counter().count()).isEqualTo(5);
    }
  }

  @Test
  void labelsAndScoresAreComparedCallByCall() {
    Predictor<Map<String, Object>, Prediction> challenger = new FakeChallenger(
        input -> input.containsKey("flip")
            ? prediction(List.of(0.2, 0.8), "churn") : prediction(List.of(0.6, 0.4), "stay"));
    try (ShadowScorer scorer = new ShadowScorer(challenger, 16, meters, Tags.of("model", "x"))) {
      Prediction champion = prediction(List.of(0.6, 0.4), "stay");
      scorer.offer(ROW, champion);
      scorer.offer(Map.of("flip", true), champion);
      scorer.offer(Map.of("flip", true), champion);
      scorer.offer(ROW, champion);
      awaitTrue(() -> scorer.agreement().compared() == 4, "four comparisons");
      ShadowAgreement a = scorer.agreement();
      assertThat(a.sameLabelRate()).isEqualTo(0.5);
      // Two calls differ by 0.4 in both scores, two not at all: (0.4 + 0.4 + 0 + 0) / 4.
      assertThat(a.meanAbsoluteScoreDifference())
          .isCloseTo(0.2, within(1e-12));
      assertThat(meters.get("mlops.shadow.agreement").gauge().value()).isEqualTo(0.5);
    }
  }

  private static Prediction prediction(List<Double> scores, String label) {
    return new Prediction("id", "churn", 1, scores, label, Duration.ZERO);
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

  /** A challenger whose answer a test decides. */
  private static final class FakeChallenger implements Predictor<Map<String, Object>, Prediction> {
    private final Function<Map<String, Object>, Prediction> answer;

    FakeChallenger(Function<Map<String, Object>, Prediction> answer) {
      this.answer = answer;
    }

    @Override
    public Prediction predict(Map<String, Object> input) {
      return answer.apply(input);
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      return inputs.stream().map(answer).toList();
    }

    @Override
    public ModelVersion modelVersion() {
      return version;
    }

    @Override
    public void close() {}
  }
}

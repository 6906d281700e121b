package dev.mlops.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.ModelNotReadyException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedDeploymentTest {

  private static final ModelUri TARGET = ModelUri.parse("models:/churn@production");

  @Test
  void closeWaitsForCallsInFlightBeforeClosingTheDeployment() throws Exception {
    String location = Churn.newRegistry();
    ModelVersion v1 = Churn.register(location, "churn-v1.onnx");
    Churn.alias(location, "production", 1);
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BlockingDeployment inner = new BlockingDeployment(v1, inCall, release);
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      ManagedDeployment d = new ManagedDeployment("churn", TARGET, registry, () -> inner, null,
          Duration.ofSeconds(30), Duration.ofSeconds(30));
      d.start(true);
      CompletableFuture<Prediction> call = CompletableFuture.supplyAsync(() -> d.predict(Map.of()));
      assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(d::close);
      // The close waits while the call is in flight; new calls are refused meanwhile.
      awaitState(d, ManagedDeployment.State.CLOSED);
      assertThatThrownBy(() -> d.predict(Map.of())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(inner.closed).isFalse();
      assertThat(closing).isNotDone();
      release.countDown();
      assertThat(call.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
      closing.get(10, TimeUnit.SECONDS);
      assertThat(inner.closed).isTrue();
    }
  }

  @Test
  void callsBeforeTheFirstVersionLoadsAreNotReadyAndNameTheProblem() {
    String location = Churn.newRegistry();
    Churn.register(location, "churn-v1.onnx");
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      ManagedDeployment d = new ManagedDeployment("churn", TARGET, registry,
          () -> {
            throw new ModelNotReadyException("no alias", null);
          }, null, Duration.ofHours(1), Duration.ofSeconds(1));
      assertThatThrownBy(() -> d.start(true)).isInstanceOf(PredictionException.class)
          .hasMessage("Deployment 'churn' cannot load models:/churn@production: Model 'churn' has "
              + "no alias 'production'.")
          .hasCauseInstanceOf(dev.mlops.registry.ModelNotFoundException.class);
      ManagedDeployment background = new ManagedDeployment("churn", TARGET, registry,
          () -> {
            throw new ModelNotReadyException("no alias", null);
          }, null, Duration.ofHours(1), Duration.ofSeconds(1));
      background.start(false);
      awaitProblem(background, "cannot load models:/churn@production");
      assertThat(background.status().state()).isEqualTo(ManagedDeployment.State.LOADING);
      assertThatThrownBy(() -> background.predict(Map.of()))
          .isInstanceOf(ModelNotReadyException.class)
          .hasMessageContaining("'churn' of models:/churn@production is not ready")
          .hasMessageContaining("has no alias 'production'");
      assertThatThrownBy(background::modelVersion).isInstanceOf(ModelNotReadyException.class);
      background.close();
      assertThat(background.status().state()).isEqualTo(ManagedDeployment.State.CLOSED);
    }
  }

  @Test
  void aFailedSwapDegradesUntilTheNextSwapAndListenersAddedEarlyHearOfIt() {
    String location = Churn.newRegistry();
    ModelVersion v1 = Churn.register(location, "churn-v1.onnx");
    Churn.alias(location, "production", 1);
    BlockingDeployment inner = new BlockingDeployment(v1, null, null);
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      ManagedDeployment d = new ManagedDeployment("churn", TARGET, registry, () -> inner, null,
          Duration.ofSeconds(30), Duration.ofSeconds(1));
      AtomicReference<ModelUri> heard = new AtomicReference<>();
      d.addListener(new DeploymentListener() {
        @Override
        public void onFailed(ModelUri attempted, RuntimeException cause) {
          heard.set(attempted);
        }
      });
      d.start(true);
      assertThat(d.status().state()).isEqualTo(ManagedDeployment.State.SERVING);
      inner.fail(ModelUri.version("churn", 2), new IllegalStateException("corrupt"));
      assertThat(heard.get()).isEqualTo(ModelUri.version("churn", 2));
      assertThat(d.status().state()).isEqualTo(ManagedDeployment.State.DEGRADED);
      assertThat(d.status().problem()).contains("swap to models:/churn/2 failed", "corrupt");
      inner.swap(v1);
      assertThat(d.status().state()).isEqualTo(ManagedDeployment.State.SERVING);
      d.close();
    }
  }

  @Test
  void anExplainedCallIsNotReadyBeforeTheFirstLoadAndIsDrainedLikeAPredictionOnClose(
      @TempDir Path dir) throws Exception {
    String location = Churn.newRegistry();
    Path file = XGBoostChurn.train(dir.resolve("churn.json"));
    XGBoostChurn.register(location, file);
    List<Map<String, Object>> rows = XGBoostChurn.rows(2, 5);
    double[] margins = XGBoostChurn.margins(file, rows);
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
      ManagedDeployment d = new ManagedDeployment("churn", TARGET, registry,
          () -> predictors.deploy(TARGET), null, Duration.ofHours(1), Duration.ofSeconds(60));
      d.start(false);
      awaitProblem(d, "cannot load models:/churn@production");
      assertThatThrownBy(() -> d.explainer().predict(rows.get(0)))
          .isInstanceOf(ModelNotReadyException.class)
          .hasMessageContaining("'churn' of models:/churn@production is not ready");

      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      awaitState(d, ManagedDeployment.State.SERVING);
      List<Explanation> explained = d.explainer().predictBatch(rows);
      for (int r = 0; r < rows.size(); r++) {
        assertThat(explained.get(r).prediction().version()).isEqualTo(1);
        assertThat(explained.get(r).contributions()).singleElement()
            .satisfies(c -> assertThat(c.contributions()).containsOnlyKeys(XGBoostChurn.FEATURES));
        assertThat(explained.get(r).contributions().get(0).margin())
            .isCloseTo(margins[r], within(1e-5));
      }

      HeldRow held = new HeldRow(rows.get(1));
      CompletableFuture<Explanation> call =
          CompletableFuture.supplyAsync(() -> d.explainer().predict(held));
      held.awaitEntered();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(d::close);
      awaitState(d, ManagedDeployment.State.CLOSED);
      assertThatThrownBy(() -> d.explainer().predict(rows.get(0)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      assertThat(closing).isNotDone();
      held.release();
      assertThat(call.get(60, TimeUnit.SECONDS).contributions().get(0).margin())
          .isCloseTo(margins[1], within(1e-5));
      closing.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void explainingADeploymentNotMadeByDjlPredictorsIsUnavailableNamingTheBeanModelAndVersion() {
    String location = Churn.newRegistry();
    ModelVersion v1 = Churn.register(location, "churn-v1.onnx");
    Churn.alias(location, "production", 1);
    try (ModelRegistry registry = ModelRegistries.open(location)) {
      ManagedDeployment d = new ManagedDeployment("churn", TARGET, registry,
          () -> new BlockingDeployment(v1, null, null), null, Duration.ofSeconds(30),
          Duration.ofSeconds(1));
      d.start(true);
      assertThatThrownBy(() -> d.explainer().predict(Map.of()))
          .isInstanceOf(ExplanationUnavailableException.class)
          .hasMessageContaining("The deployment 'churn' of model 'churn' version 1 cannot be "
              + "explained")
          .hasMessageContaining(BlockingDeployment.class.getName());
      assertThat(d.predict(Map.of()).version()).isEqualTo(1);
      d.close();
    }
  }

  private static void awaitState(ManagedDeployment d, ManagedDeployment.State state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (d.status().state() != state && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(d.status().state()).isEqualTo(state);
  }

  private static void awaitProblem(ManagedDeployment d, String text) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String p = d.status().problem();
      if (p != null && p.contains(text)) {
        return;
      }
      Thread.onSpinWait();
    }
    assertThat(d.status().problem()).contains(text);
  }

  /** A deployment whose calls can be held, and whose listeners the test drives. */
  private static final class BlockingDeployment
      implements Deployment<Map<String, Object>, Prediction> {
    private final ModelVersion version;
    private final CountDownLatch inCall;
    private final CountDownLatch release;
    private final List<DeploymentListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean closed;

    BlockingDeployment(ModelVersion version, CountDownLatch inCall, CountDownLatch release) {
      this.version = version;
      this.inCall = inCall;
      this.release = release;
    }

    void fail(ModelUri uri, RuntimeException cause) {
      listeners.forEach(l -> l.onFailed(uri, cause));
    }

    void swap(ModelVersion to) {
      listeners.forEach(l -> l.onSwapped(version, to));
    }

    @Override
    public Prediction predict(Map<String, Object> input) {
      if (inCall != null) {
        inCall.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new Prediction("id", "churn", version.version(), List.of(1.0), null, Duration.ZERO);
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      return inputs.stream().map(this::predict).toList();
    }

    @Override
    public ModelVersion modelVersion() {
      return version;
    }

    @Override
    public ModelUri target() {
      return TARGET;
    }

    @Override
    public ModelVersion rollback(String reason) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Subscription addListener(DeploymentListener listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

}

package dev.mlops.bench;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of calls to a deployment while its alias moves between two versions every 250 ms (each
 * move loads, checks and warms the new version in the background, swaps it in and closes the old
 * one), against the same deployment left alone. Four caller threads. Every failed call is counted;
 * the trial fails if there is any, or if no swap happened while swapping.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class HotSwapBenchmark {

  private static final long SWAP_PERIOD_MILLIS = 250;

  /** {@code steady}: the alias stays put; {@code swapping}: it moves every 250 ms. */
  @Param({"steady", "swapping"})
  public String phase;

  private Path dir;
  private ModelRegistry registry;
  private Deployment<Map<String, Object>, Prediction> deployment;
  private @Nullable ScheduledExecutorService mover;
  private List<Map<String, Object>> rows;
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicInteger swaps = new AtomicInteger();
  private final AtomicInteger failedLoads = new AtomicInteger();
  private final AtomicInteger moves = new AtomicInteger();

  /** Registers two versions, deploys the alias and, when swapping, starts moving it. */
  @Setup(Level.Trial)
  public void deploy() {
    dir = ChurnModel.tempDirectory("hotswap");
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v1 = ChurnModel.register(registry, "churn",
        ChurnModel.copyModel("churn-v1.onnx", dir));
    ModelVersion v2 = ChurnModel.register(registry, "churn",
        ChurnModel.copyModel("churn-v2.onnx", dir));
    registry.setAlias("churn", "production", v1.version(), AliasPrecondition.absent(), "bench");
    deployment = DjlPredictors.builder().registry(registry).build()
        .deploy(ModelUri.parse("models:/churn@production"));
    deployment.addListener(new DeploymentListener() {
      @Override
      public void onSwapped(ModelVersion from, ModelVersion to) {
        swaps.incrementAndGet();
      }

      @Override
      public void onFailed(ModelUri attempted, RuntimeException cause) {
        failedLoads.incrementAndGet();
      }
    });
    rows = ChurnModel.rows();
    if (phase.equals("swapping")) {
      mover = Executors.newSingleThreadScheduledExecutor();
      mover.scheduleAtFixedRate(() -> {
        int target = moves.incrementAndGet() % 2 == 1 ? v2.version() : v1.version();
        registry.setAlias("churn", "production", target, AliasPrecondition.any(), "bench swap");
      }, 0, SWAP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Stops moving the alias, waits (up to 30 s) for the deployment to serve where the alias
   * finally points, reports the counts and fails the trial if a call or a load failed, or if the
   * deployment never followed the alias.
   *
   * @throws InterruptedException if interrupted while stopping the mover
   */
  @TearDown(Level.Trial)
  public void close() throws InterruptedException {
    if (mover != null) {
      mover.shutdown();
      mover.awaitTermination(10, TimeUnit.SECONDS);
      int target = registry.resolve(ModelUri.parse("models:/churn@production")).version();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (deployment.modelVersion().version() != target && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    deployment.close();
    registry.close();
    ChurnModel.deleteTree(dir);
    System.out.printf("%nhot swap [%s]: %d calls, %d failed calls, %d alias moves, %d swaps, "
        + "%d failed loads%n", phase, calls.get(), failedCalls.get(), moves.get(), swaps.get(),
        failedLoads.get());
    if (failedCalls.get() > 0 || failedLoads.get() > 0) {
      throw new IllegalStateException(failedCalls.get() + " calls and " + failedLoads.get()
          + " loads failed during the " + phase + " phase; there must be none");
    }
    if (mover != null && swaps.get() == 0) {
      throw new IllegalStateException("the alias moved " + moves.get() + " times but the "
          + "deployment never swapped");
    }
  }

  /**
   * One single-row call; a failure is counted, not thrown, so that the measurement goes on.
   *
   * @return the prediction, or null if the call failed
   */
  @Benchmark
  public @Nullable Prediction predict() {
    calls.incrementAndGet();
    try {
      return deployment.predict(rows.get(ThreadLocalRandom.current().nextInt(rows.size())));
    } catch (RuntimeException e) {
      failedCalls.incrementAndGet();
      return null;
    }
  }
}

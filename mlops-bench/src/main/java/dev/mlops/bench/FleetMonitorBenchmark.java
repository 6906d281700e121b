package dev.mlops.bench;

import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a shared store adds to a prediction: the monitor's cost per prediction (a predictor that
 * answers at once, as in {@link MonitorBenchmark}) without a store ({@code none}, the embedded
 * default), with the in-memory store ({@code memory}) and with the PostgreSQL store ({@code
 * postgres}). The store is written by the monitor's own thread in batches; the prediction only
 * queues its sampled record, so the three should cost the same. At this call rate the PostgreSQL
 * writer cannot keep up and the bounded buffer drops (and counts) what does not fit; the
 * prediction path does not wait for it. One caller thread, sampling 1.0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class FleetMonitorBenchmark {

  /** Which store the monitor shares: none, memory or postgres. */
  @Param({"none", "memory", "postgres"})
  public String store;

  private Path dir;
  private ModelRegistry registry;
  private @Nullable MonitorStore shared;
  private ModelMonitor monitor;
  private Predictor<Map<String, Object>, Prediction> monitored;
  private List<Map<String, Object>> rows;
  private int next;

  /** Registers the model and wraps a prepared predictor in a monitor with the store. */
  @Setup(Level.Trial)
  public void wrap() {
    dir = ChurnModel.tempDirectory("fleet-monitor");
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v1 = ChurnModel.register(registry, "churn",
        ChurnModel.copyModel("churn-v1.onnx", dir));
    shared = switch (store) {
      case "none" -> null;
      case "memory" -> new InMemoryMonitorStore();
      case "postgres" -> FleetDatabase.openStore();
      default -> throw new IllegalArgumentException("store must be none, memory or postgres");
    };
    ModelMonitor.Builder builder = ModelMonitor.builder().registry(registry);
    if (shared != null) {
      builder.store(shared).storeFlushInterval(Duration.ofMillis(200));
    }
    monitor = builder.build();
    monitored = monitor.wrap(new PreparedPredictor(v1));
    rows = ChurnModel.rows();
  }

  /** Closes the monitor and the store, and deletes the files. */
  @TearDown(Level.Trial)
  public void close() {
    monitor.close();
    if (shared != null) {
      shared.close();
    }
    registry.close();
    ChurnModel.deleteTree(dir);
  }

  /**
   * The prepared predictor through the monitor.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction monitored() {
    next = next + 1 == rows.size() ? 0 : next + 1;
    return monitored.predict(rows.get(next));
  }
}

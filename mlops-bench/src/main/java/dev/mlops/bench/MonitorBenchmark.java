package dev.mlops.bench;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The monitor's own cost per prediction, isolated from the engine: a predictor that returns a
 * prepared prediction at once, called bare ({@code bare}) and through {@link ModelMonitor#wrap}
 * ({@code monitored}) at a sampling rate. The difference is the monitor's overhead per prediction;
 * the target is under 1 microsecond at sampling 1.0. One caller thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class MonitorBenchmark {

  /** The share of rows the monitor profiles. */
  @Param({"1.0", "0.1"})
  public double sampling;

  private Path dir;
  private ModelRegistry registry;
  private ModelMonitor monitor;
  private Predictor<Map<String, Object>, Prediction> bare;
  private Predictor<Map<String, Object>, Prediction> monitored;
  private List<Map<String, Object>> rows;
  private int next;

  /** Registers the model (the monitor reads its signature) and wraps a prepared predictor. */
  @Setup(Level.Trial)
  public void wrap() {
    dir = ChurnModel.tempDirectory("monitor");
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v1 = ChurnModel.register(registry, "churn",
        ChurnModel.copyModel("churn-v1.onnx", dir));
    bare = new PreparedPredictor(v1);
    monitor = ModelMonitor.builder().registry(registry).samplingRate(sampling).build();
    monitored = monitor.wrap(new PreparedPredictor(v1));
    rows = ChurnModel.rows();
  }

  /** Closes the monitor and deletes the files. */
  @TearDown(Level.Trial)
  public void close() {
    monitor.close();
    registry.close();
    ChurnModel.deleteTree(dir);
  }

  /**
   * The prepared predictor alone.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction bare() {
    return bare.predict(rows.get(nextRow()));
  }

  /**
   * The prepared predictor through the monitor.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction monitored() {
    return monitored.predict(rows.get(nextRow()));
  }

  private int nextRow() {
    next = next + 1 == rows.size() ? 0 : next + 1;
    return next;
  }
}

package dev.mlops.bench;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sixteen caller threads share one SDK predictor: the pooled predictor (as many native predictors
 * as processors, further callers wait) against dynamic micro-batching at several row limits and
 * delays. Throughput mode gives calls per second; sample-time mode gives the latency distribution
 * (p50, p99) of the same calls.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(16)
@State(Scope.Benchmark)
public class ConcurrencyBenchmark {

  /**
   * {@code pooled}, or {@code batch<maxRows>/<maxDelay>} for micro-batching, the delay in
   * microseconds.
   */
  @Param({"pooled", "batch4/100us", "batch8/500us", "batch16/100us", "batch16/1000us",
      "batch32/2000us", "batch64/10000us"})
  public String config;

  /**
   * {@code churn}: the churn fixture, whose call costs ONNX Runtime about 3 µs, less than handing a
   * call from one thread to another; {@code mlp<layers>x<units>}, by default {@code mlp64x16}: a
   * multilayer perceptron over the same features ({@link ChurnModel#registerPerceptron}) whose
   * call costs the engine tens of microseconds, almost all of it per call (an operator launch per
   * node) rather than per row: the kind of model micro-batching is for.
   */
  @Param({"churn", "mlp64x16"})
  public String model;

  private Path dir;
  private ModelRegistry registry;
  private Predictor<Map<String, Object>, Prediction> predictor;
  private List<Map<String, Object>> rows;

  /** Loads the churn model with the configuration under test. */
  @Setup(Level.Trial)
  public void load() {
    dir = ChurnModel.tempDirectory("concurrency");
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v1 = model.equals("churn")
        ? ChurnModel.register(registry, "churn", ChurnModel.copyModel("churn-v1.onnx", dir))
        : perceptron(model);
    DjlPredictors.Builder builder = DjlPredictors.builder().registry(registry);
    if (!config.equals("pooled")) {
      String[] parts = config.substring("batch".length(), config.length() - "us".length())
          .split("/", 2);
      builder.microBatching(Integer.parseInt(parts[0]),
          Duration.ofNanos(Long.parseLong(parts[1]) * 1000));
    }
    predictor = builder.build().load(v1.uri());
    rows = ChurnModel.rows();
  }

  /** Registers {@code mlp<layers>x<units>}. */
  private ModelVersion perceptron(String name) {
    String[] sizes = name.substring("mlp".length()).split("x", 2);
    return ChurnModel.registerPerceptron(registry, "mlp", dir, Integer.parseInt(sizes[0]),
        Integer.parseInt(sizes[1]));
  }

  /** Frees the model and deletes the files. */
  @TearDown(Level.Trial)
  public void close() {
    predictor.close();
    registry.close();
    ChurnModel.deleteTree(dir);
  }

  /**
   * One single-row call.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction predict() {
    return predictor.predict(rows.get(ThreadLocalRandom.current().nextInt(rows.size())));
  }
}

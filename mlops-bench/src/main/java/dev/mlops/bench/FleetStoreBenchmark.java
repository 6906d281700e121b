package dev.mlops.bench;

import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.StoredPrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * How many sampled predictions one instance's monitor can record per second in the store: one
 * operation writes a batch of predictions waiting for outcomes, as the monitor's writer does
 * ({@code writePredictions}, batches of up to 1,000, one transaction each). Multiply the
 * operations per second by the batch size for predictions per second. One writer thread, as in a
 * monitor; the in-memory store is the bound with no database at all.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FleetStoreBenchmark {

  /** The store written: memory or postgres. */
  @Param({"memory", "postgres"})
  public String store;

  /** Predictions per write, as the monitor's writer batches them. */
  @Param({"100", "1000"})
  public int batch;

  private MonitorStore target;
  private long ids;
  private final Instant pane = Instant.parse("2026-03-01T10:00:00Z");

  /** Opens the store. */
  @Setup(Level.Trial)
  public void open() {
    target = store.equals("postgres") ? FleetDatabase.openStore() : new InMemoryMonitorStore();
  }

  /** Closes the store. */
  @TearDown(Level.Trial)
  public void close() {
    target.close();
  }

  /**
   * Writes one batch of new predictions waiting for outcomes.
   *
   * @return the batch size
   */
  @Benchmark
  public int writePredictions() {
    List<StoredPrediction> predictions = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      predictions.add(new StoredPrediction("p" + ids++, "churn", 1, pane, Duration.ofHours(1),
          new double[] {0.7, 0.2, 0.1}, pane, pane.plus(Duration.ofDays(1)), null));
    }
    target.writePredictions(predictions);
    return batch;
  }
}

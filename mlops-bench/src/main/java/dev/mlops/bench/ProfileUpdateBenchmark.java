package dev.mlops.bench;

import dev.mlops.core.drift.DatasetProfile;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Profiling row by row, as a monitor does with live traffic: one {@code DatasetProfile.update(Map)}
 * of a 20-feature row per operation (rows per second = 10^9 / ns per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class ProfileUpdateBenchmark {

  private static final int ROWS = 4096;

  private List<Map<String, Object>> rows;
  private DatasetProfile profile;
  private int next;

  /** Generates the rows and an empty profile of their features. */
  @Setup(Level.Trial)
  public void generate() {
    rows = DriftData.rowMaps(ROWS, 3);
    DatasetProfile.Builder builder = DatasetProfile.builder();
    for (int f = 0; f < DriftData.NUMERIC; f++) {
      builder.numeric("num" + f);
    }
    for (int f = 0; f < DriftData.CATEGORICAL; f++) {
      builder.categorical("cat" + f);
    }
    profile = builder.build();
  }

  /**
   * Adds one row.
   *
   * @return the profile's row count
   */
  @Benchmark
  public long updateRow() {
    profile.update(rows.get(next));
    next = next + 1 == ROWS ? 0 : next + 1;
    return profile.rows();
  }
}

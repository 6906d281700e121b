package dev.mlops.bench;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.drift.DriftReport;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sketch-based drift report on 20 features (two {@link DatasetProfile}s of {@code rows} rows
 * each, built beforehand), and building a profile from a table of {@code rows} rows. Rows per
 * second of profile building = rows / (ms per operation / 1000). The exact report on the raw
 * columns is {@link DriftExactBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DriftBenchmark {

  /** Rows in each of the reference and the current table. */
  @Param({"100000", "1000000"})
  public int rows;

  private DataTable current;
  private DatasetProfile referenceProfile;
  private DatasetProfile currentProfile;
  private final DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();

  /** Generates both tables and profiles them. */
  @Setup(Level.Trial)
  public void generate() {
    current = DriftData.table(rows, true, 2);
    referenceProfile = DatasetProfile.of(DriftData.table(rows, false, 1));
    currentProfile = DatasetProfile.of(current);
  }

  /**
   * The sketch-based report on two profiles.
   *
   * @return the report
   */
  @Benchmark
  public DriftReport sketchReport() {
    return analyzer.analyze(referenceProfile, currentProfile);
  }

  /**
   * Profiles the current table, every feature.
   *
   * @return the profile
   */
  @Benchmark
  public DatasetProfile profileTable() {
    return DatasetProfile.of(current);
  }
}

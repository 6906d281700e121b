package dev.mlops.bench;

import dev.mlops.core.drift.DataTable;
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
 * The exact drift report on the raw columns of two {@link DataTable}s of 20 features and {@code
 * rows} rows each. One report takes seconds (100,000 rows) to minutes (1,000,000 rows), so each
 * sample is one report; the 1,000,000-row case is run separately with {@code -p rows=1000000 -wi 0
 * -i 1} (run.sh full does).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 4)
@Fork(1)
@State(Scope.Benchmark)
public class DriftExactBenchmark {

  /** Rows in each of the reference and the current table. */
  @Param("100000")
  public int rows;

  private DataTable reference;
  private DataTable current;
  private final DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();

  /** Generates both tables. */
  @Setup(Level.Trial)
  public void generate() {
    reference = DriftData.table(rows, false, 1);
    current = DriftData.table(rows, true, 2);
  }

  /**
   * The exact report on the raw columns.
   *
   * @return the report
   */
  @Benchmark
  public DriftReport exactReport() {
    return analyzer.analyze(reference, current);
  }
}

package dev.mlops.bench;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.DriftMethod;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The SDK side of {@code mlops-bench/compare.sh drift}: the exact drift report on {@code rows} x
 * {@code features} numeric columns, timed, on data that the scipy side ({@code drift_anchor.py})
 * reads from the same files, so both compare identical doubles.
 *
 * <pre>
 * java ... dev.mlops.bench.DriftComparison DIR ROWS FEATURES REPEATS
 * </pre>
 *
 * <p>Writes {@code DIR/reference.f64} and {@code DIR/current.f64} (column after column,
 * little-endian doubles) unless they exist with the right size; then runs the default report
 * (normalised Wasserstein at these sizes) and the report with KS forced on every feature, {@code
 * REPEATS} times each in this JVM, printing one line per report ({@code sdk wasserstein 1 2.345 s})
 * and writing each feature's statistic and p-value to {@code DIR/sdk-wasserstein.tsv} and {@code
 * DIR/sdk-ks.tsv}. The first report of each kind includes the JIT's warm-up.
 */
public final class DriftComparison {

  private DriftComparison() {}

  /**
   * Runs the comparison's SDK side.
   *
   * @param args the directory, rows, features and repeats
   * @throws IOException if the files cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    int features = Integer.parseInt(args[2]);
    int repeats = Integer.parseInt(args[3]);
    double[][] reference = columns(rows, features, false, 1);
    double[][] current = columns(rows, features, true, 2);
    Files.createDirectories(dir);
    write(dir.resolve("reference.f64"), reference);
    write(dir.resolve("current.f64"), current);
    DataTable referenceTable = table(reference);
    DataTable currentTable = table(current);

    DriftAnalyzer.Builder ks = DriftAnalyzer.builder();
    for (int f = 0; f < features; f++) {
      ks.method(name(f), DriftMethod.KS);
    }
    run("wasserstein", DriftAnalyzer.withDefaults(), referenceTable, currentTable, repeats,
        dir.resolve("sdk-wasserstein.tsv"));
    run("ks", ks.build(), referenceTable, currentTable, repeats, dir.resolve("sdk-ks.tsv"));
  }

  private static void run(String kind, DriftAnalyzer analyzer, DataTable reference,
      DataTable current, int repeats, Path results) throws IOException {
    DriftReport report = null;
    for (int r = 1; r <= repeats; r++) {
      long start = System.nanoTime();
      report = analyzer.analyze(reference, current);
      System.out.printf(Locale.ROOT, "sdk %s %d %.3f s%n", kind, r,
          (System.nanoTime() - start) / 1e9);
    }
    if (report == null) {
      throw new IllegalArgumentException("repeats must be at least 1 but was " + repeats);
    }
    try (Writer out
 = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
      for (FeatureDrift drift : report.features()) {
        Double p = drift.result().pValue();
        out.write(drift.feature() + "\t" + drift.result().method() + "\t"
            + drift.result().statistic() + "\t" + (p == null ? "" : p.toString()) + "\n");
      }
    }
  }

  /**
   * Seeded normal columns, feature f with mean f and standard deviation 1 + f/10; in the current
   * sample every third feature is shifted by a quarter of its standard deviation.
   */
  private static double[][] columns(int rows, int features, boolean drifted, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] columns = new double[features][rows];
    for (int f = 0; f < features; f++) {
      double sd = 1 + f * 0.1;
      double shift = drifted && f % 3 == 0 ? 0.25 * sd : 0;
      for (int i = 0; i < rows; i++) {
        double u = 1 - random.nextDouble();
        double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        columns[f][i] = gaussian * sd + f + shift;
      }
    }
    return columns;
  }

  private static DataTable table(double[][] columns) {
    DataTable.Builder builder = DataTable.builder();
    for (int f = 0; f < columns.length; f++) {
      builder.numeric(name(f), columns[f]);
    }
    return builder.build();
  }

  private static String name(int feature) {
    return "x" + feature;
  }

  private static void write(Path file, double[][] columns) throws IOException {
    long bytes = 8L * columns.length * columns[0].length;
    if (Files.exists(file) && Files.size(file) == bytes) {
      return; // the same seeded data, written by an earlier round
    }
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (double[] column : columns) {
        for (double value : column) {
          if (!buffer.hasRemaining()) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
          }
          buffer.putDouble(value);
        }
      }
      out.write(buffer.array(), 0, buffer.position());
    }
  }
}

package dev.mlops.samples.spark;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.spark.MlopsSpark;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Spark {@code local[2]} scoring of a Parquet file against the bare predictor, printed (run with
 * {@code samples-spark/benchmark.sh [rows]}, docs/benchmarks.md section 9). It lives beside the
 * Spark sample rather than in mlops-bench, whose class path serves mlops-cli's Parquet version.
 *
 * <p>Writes {@code rows} seeded churn customers as Parquet once (reused by later runs), then times,
 * each on the same file: Spark reading it into a no-op sink (twice, the first warming up the JIT
 * compiler); reading it into {@code Row} objects
 * through an identity {@code mapPartitions} (Spark's own per-row cost, without the model); {@link
 * MlopsSpark#score} into the no-op sink and into Parquet. Then the bare predictor: the same model
 * loaded in this JVM, {@code predictBatch} of 256 ready-made rows on two threads (as many as
 * {@code local[2]} runs tasks). The Spark path's overhead per row is its time per row minus the bare
 * predictor's at the same parallelism.
 */
public final class SparkScoringBenchmark {

  private static final int BATCH = 256;

  private SparkScoringBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args the churn ONNX model file, a directory for the data (the Parquet file is written
   *     there once and reused), and the number of rows
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    Path modelFile = Path.of(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    long rows = Long.parseLong(args[2]);
    SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("mlops SparkScoringBenchmark").config("spark.ui.enabled", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path registryDir = Files.createTempDirectory(dir, "registry-");
    String registryUri = registryDir.toUri().toString();
    try (ModelRegistry registry = ModelRegistries.open(registryUri)) {
      ModelVersion v = registry.register(RegistrationRequest.builder("churn").artifact(modelFile)
          .format(ModelFormat.ONNX).signature(SparkScoringDemo.SIGNATURE).build());
      String input = dir.resolve("customers-" + rows + ".parquet").toString();
      if (!Files.exists(Path.of(input))) {
        long start = System.nanoTime();
        SparkScoringDemo.customers(spark, rows, 1, 0).write().mode(SaveMode.Overwrite).parquet(input);
        System.out.printf("wrote %,d rows to %s in %.1f s%n", rows, input, seconds(start));
      }
      String model = "models:/churn/" + v.version();
      System.out.printf("%,d rows from %s, local[2], batch %d, load average %s%n", rows, input,
          BATCH, loadAverage());

      for (int run = 1; run <= 2; run++) {
        time("read only (no-op sink), run " + run, rows,
            () -> spark.read().parquet(input).write().format("noop").mode(SaveMode.Overwrite)
                .save());
      }
      Dataset<Row> read = spark.read().parquet(input);
      time("read into Rows, identity mapPartitions", rows,
          () -> read.mapPartitions((MapPartitionsFunction<Row, Row>) it -> it,
              Encoders.row(read.schema())).write().format("noop").mode(SaveMode.Overwrite).save());
      for (int run = 1; run <= 2; run++) {
        time("MlopsSpark.score, no-op sink, run " + run, rows,
            () -> MlopsSpark.run(() -> MlopsSpark.score(spark.read().parquet(input), model,
                registryUri).write().format("noop").mode(SaveMode.Overwrite).save()));
      }
      String output = dir.resolve("scores-" + rows + ".parquet").toString();
      time("MlopsSpark.score, Parquet out", rows,
          () -> MlopsSpark.run(() -> MlopsSpark.score(spark.read().parquet(input), model,
              registryUri).write().mode(SaveMode.Overwrite).parquet(output)));

      try (Predictor<Map<String, Object>, Prediction> bare =
          DjlPredictors.builder().registry(registry).build().load(model)) {
        for (int run = 1; run <= 2; run++) {
          bareRate(bare, Math.min(rows, 4_000_000L), run);
        }
      }
      System.out.println("load average at the end: " + loadAverage());
    } finally {
      spark.stop();
    }
  }

  private static void time(String what, long rows, Runnable action) {
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    action.run();
    print(what, rows, seconds(start), processCpuNanos() - cpu);
  }

  /**
   * Wall time depends on what else the machine runs; the CPU time of this process (every thread:
   * Spark's, the engine's, the collector's) much less, so both are printed.
   */
  private static void print(String what, long rows, double seconds, long cpuNanos) {
    System.out.printf("%-52s %7.1f s %,11.0f rows/s %7.0f ns/row wall %7.0f ns/row CPU%n", what,
        seconds, rows / seconds, seconds * 1e9 / rows, (double) cpuNanos / rows);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Two threads, each scoring batches of ready-made rows, {@code rows} in all. */
  private static void bareRate(Predictor<Map<String, Object>, Prediction> bare, long rows,
      int run) throws Exception {
    List<Map<String, Object>> batch = new ArrayList<>(BATCH);
    List<String> contracts = List.of("monthly", "yearly", "two_year");
    for (int i = 0; i < BATCH; i++) {
      batch.add(Map.of("tenure_months", (double) (i % 72), "monthly_charges", 18.0 + i % 100,
          "contract", contracts.get(i % 3), "has_support", i % 5 < 2));
    }
    long batches = rows / BATCH;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long share = batches / 2 + (t == 0 ? batches % 2 : 0);
        done.add(threads.submit(() -> {
          for (long b = 0; b < share; b++) {
            bare.predictBatch(batch);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double s = seconds(start);
      long scored = batches * BATCH;
      print("bare predictBatch, 2 threads, run " + run + " (" + String.format("%,d", scored)
          + " rows)", scored, s, processCpuNanos() - cpu);
    } finally {
      threads.shutdownNow();
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

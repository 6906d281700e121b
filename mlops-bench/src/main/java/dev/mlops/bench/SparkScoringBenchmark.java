package dev.mlops.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spark.MlopsSpark;
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
 * {@code mlops-bench/run.sh spark [rows]}, docs/benchmarks.md section 9).
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
   * @param args rows (default 10,000,000) and a directory for the data (default {@code
   *     mlops-bench/target/bench-data/spark})
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1]
        : System.getProperty("mlops.bench.data", "mlops-bench/target/bench-data") + "/spark"));
    SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("mlops SparkScoringBenchmark").config("spark.ui.enabled", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path registryDir = ChurnModel.tempDirectory("spark-registry");
    try (ModelRegistry registry = ChurnModel.openRegistry(registryDir)) {
      ModelVersion v = ChurnModel.register(registry, "churn",
          ChurnModel.copyModel("churn-v1.onnx", registryDir));
      String input = dir.resolve("customers-" + rows + ".parquet").toString();
      if (!Files.exists(Path.of(input))) {
        long start = System.nanoTime();
        customers(spark, rows).write().mode(SaveMode.Overwrite).parquet(input);
        System.out.printf("wrote %,d rows to %s in %.1f s%n", rows, input, seconds(start));
      }
      String registryUri = registryDir.toUri().toString();
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
      ChurnModel.deleteTree(registryDir);
    }
  }

  /** Seeded customers, as the Spark sample writes them. */
  static Dataset<Row> customers(SparkSession spark, long rows) {
    return spark.range(rows).select(
        col("id").as("customer_id"),
        floor(rand(1).multiply(72)).cast("double").as("tenure_months"),
        round(rand(2).multiply(100).plus(18), 2).as("monthly_charges"),
        element_at(array(lit("monthly"), lit("yearly"), lit("two_year")),
            floor(rand(3).multiply(3)).cast("int").plus(1)).as("contract"),
        rand(4).lt(0.4).as("has_support"));
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
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Two threads, each scoring batches of ready-made rows, {@code rows} in all. */
  private static void bareRate(Predictor<Map<String, Object>, Prediction> bare, long rows,
      int run) throws Exception {
    List<Map<String, Object>> batch = ChurnModel.rows(BATCH);
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
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}

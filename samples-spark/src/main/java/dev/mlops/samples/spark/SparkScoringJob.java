package dev.mlops.samples.spark;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.DriftReportHtml;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.drift.DriftReport;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spark.MlopsSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * Scores a Parquet dataset with a registered model on Spark and writes the scores as Parquet;
 * optionally profiles the input against a reference dataset and writes the drift report as JSON
 * and HTML on the driver. Submit it with {@code spark-submit} (docs/spark.md):
 *
 * <pre>
 * spark-submit --class dev.mlops.samples.spark.SparkScoringJob samples-spark-job.jar \
 *   REGISTRY MODEL_URI INPUT OUTPUT [REFERENCE REPORT_DIR]
 * </pre>
 */
public final class SparkScoringJob {

  private SparkScoringJob() {}

  /**
   * What a run did.
   *
   * @param rowsPerVersion rows written per version that scored them (one version per job)
   * @param drift the drift report, or null without a reference
   */
  public record Result(Map<Integer, Long> rowsPerVersion, @Nullable DriftReport drift) {}

  /**
   * Runs the job in the session {@code spark-submit} configured.
   *
   * @param args registry location, model URI, input Parquet, output directory, and optionally a
   *     reference Parquet and a local directory for the drift report
   */
  public static void main(String[] args) {
    if (args.length != 4 && args.length != 6) {
      System.err.println("usage: SparkScoringJob REGISTRY MODEL_URI INPUT OUTPUT "
          + "[REFERENCE REPORT_DIR]");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("mlops churn scoring").getOrCreate();
    try {
      Result result = run(spark, args[0], args[1], args[2], args[3],
          args.length == 6 ? args[4] : null, args.length == 6 ? Path.of(args[5]) : null);
      System.out.println("scored rows per version: " + result.rowsPerVersion());
      if (result.drift() != null) {
        System.out.println("drifted features: " + result.drift().driftedFeatures()
            + (result.drift().datasetDrifted() ? " (the dataset drifted)" : ""));
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * Scores, writes, and compares with the reference.
   *
   * @param spark the session
   * @param registry the registry location, reachable from the driver and every executor
   * @param model the model URI, such as {@code models:/churn@production}
   * @param input the Parquet dataset to score
   * @param output where to write the scored Parquet dataset (replaced)
   * @param reference a Parquet dataset of the training data, or null
   * @param reportDir where the driver writes {@code drift.json} and {@code drift.html}, or null
   * @return rows per version and the drift report
   */
  public static Result run(SparkSession spark, String registry, String model, String input,
      String output, @Nullable String reference, @Nullable Path reportDir) {
    Dataset<Row> customers = spark.read().parquet(input);
    Dataset<Row> scored = MlopsSpark.score(customers, model, registry);
    // A task's SDK error (a damaged artifact, a row the signature rejects) surfaces as itself.
    MlopsSpark.run(() -> scored.write().mode(SaveMode.Overwrite).parquet(output));

    Map<Integer, Long> perVersion = new TreeMap<>();
    MlopsSpark.call(() -> spark.read().parquet(output).groupBy("model_version").count()
        .collectAsList())
        .forEach(row -> perVersion.put(row.getInt(0), row.getLong(1)));

    DriftReport drift = null;
    if (reference != null && !perVersion.isEmpty()) {
      // The signature of the version that scored, whatever the alias points to by now.
      ModelSignature signature = signatureOf(registry,
          ModelUri.version(ModelUri.parse(model).name(), perVersion.keySet().iterator().next()));
      DatasetProfile referenceProfile =
          MlopsSpark.profile(spark.read().parquet(reference), signature);
      DatasetProfile currentProfile = MlopsSpark.profile(customers, signature);
      drift = DriftAnalyzer.withDefaults().analyze(referenceProfile, currentProfile);
      if (reportDir != null) {
        write(reportDir, drift, model);
      }
    }
    return new Result(perVersion, drift);
  }

  private static ModelSignature signatureOf(String registry, ModelUri version) {
    try (ModelRegistry r = ModelRegistries.open(registry)) {
      ModelVersion v = r.resolve(version);
      return Objects.requireNonNull(v.signature(), "the model has no signature");
    }
  }

  private static void write(Path dir, DriftReport drift, String model) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("drift.json"), DriftReportJson.toJson(drift));
      Files.writeString(dir.resolve("drift.html"), DriftReportHtml.render(drift, model));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the drift report into " + dir, e);
    }
  }
}

package dev.mlops.samples.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job on one machine: registers an ONNX churn model in a new file registry, writes a
 * reference week and a week of customers whose monthly charges rose as Parquet, and runs {@link
 * SparkScoringJob} on them with {@code local[2]}. Run it with {@code mvn -pl samples-spark
 * exec:exec} (docs/spark.md).
 */
public final class SparkScoringDemo {

  /** The churn classifier's signature (mlops-djl's fixture {@code churn-v1.onnx} has it). */
  static final ModelSignature SIGNATURE = ModelSignature.of(
      List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT32),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", List.of("monthly", "yearly", "two_year")),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 3)
          .withCategories(List.of("stay", "downgrade", "churn"))));

  private SparkScoringDemo() {}

  /**
   * Runs the demo.
   *
   * @param args the ONNX model file, a directory for the run's files, the number of rows
   */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("mlops churn scoring demo")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Path dir = run(spark, Path.of(args[0]), Path.of(args[1]), Long.parseLong(args[2]));
      System.out.println("registry, data, scores and drift report in " + dir);
    } finally {
      spark.stop();
    }
  }

  /**
   * Prepares a registry and data in a new directory and runs the job.
   *
   * @param spark the session
   * @param model the ONNX churn model
   * @param parent where to create the run's directory
   * @param rows how many customers to score
   * @return the run's directory
   */
  public static Path run(SparkSession spark, Path model, Path parent, long rows) {
    Path dir;
    try {
      dir = Files.createTempDirectory(Files.createDirectories(parent), "run-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory in " + parent, e);
    }
    String registry = dir.resolve("registry").toUri().toString();
    try (ModelRegistry r = ModelRegistries.open(registry)) {
      ModelVersion v = r.register(RegistrationRequest.builder("churn").artifact(model)
          .format(ModelFormat.ONNX).signature(SIGNATURE).build());
      r.setAlias("churn", "production", v.version(), AliasPrecondition.absent(), "demo");
    }
    String reference = dir.resolve("reference.parquet").toString();
    String customers = dir.resolve("customers.parquet").toString();
    customers(spark, rows, 1, 0).write().mode(SaveMode.Overwrite)
        .parquet(reference);
    customers(spark, rows, 2, 15).write().mode(SaveMode.Overwrite).parquet(customers);

    SparkScoringJob.Result result = SparkScoringJob.run(spark, registry,
        "models:/churn@production", customers, dir.resolve("scores.parquet").toString(),
        reference, dir.resolve("report"));
    System.out.println("scored rows per version: " + result.rowsPerVersion());
    if (result.drift() != null) {
      System.out.println("drifted features: " + result.drift().driftedFeatures());
    }
    return dir;
  }

  /** Seeded customers; {@code chargeRise} adds to every monthly charge. */
  static Dataset<Row> customers(SparkSession spark, long rows, long seed, double chargeRise) {
    return spark.range(rows).select(
        col("id").as("customer_id"),
        floor(rand(seed).multiply(72)).cast("double").as("tenure_months"),
        round(rand(seed + 1).multiply(100).plus(18 + chargeRise), 2).as("monthly_charges"),
        element_at(array(lit("monthly"), lit("yearly"), lit("two_year")),
            floor(rand(seed + 2).multiply(3)).cast("int").plus(1)).as("contract"),
        rand(seed + 3).lt(0.4).as("has_support"));
  }
}

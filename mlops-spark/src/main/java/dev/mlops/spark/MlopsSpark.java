package dev.mlops.spark;

import dev.mlops.MlopsException;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.drift.DriftReport;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.spark.internal.DistributedProfiles;
import dev.mlops.spark.internal.ScoringPlan;
import dev.mlops.spark.internal.SparkFailures;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Registered models and drift profiles on Apache Spark, from Java or Scala.
 *
 * <pre>{@code
 * Dataset<Row> customers = spark.read().parquet("s3://bucket/customers/");
 * Dataset<Row> scored = MlopsSpark.score(customers, "models:/churn@production",
 *     "jdbc:postgresql://db/mlops");
 * MlopsSpark.run(() -> scored.write().parquet("s3://bucket/scores/"));
 *
 * DriftReport report = MlopsSpark.drift(lastMonth, thisWeek);
 * }</pre>
 *
 * <p><b>One version per job.</b> {@link #score score} resolves the model URI on the driver when it
 * is called, verifies the artifact, and pins that version into the plan: every partition (and any
 * partition Spark recomputes later) scores with it, even if the alias moves while the job runs.
 * Each executor JVM opens the registry once, checks that it describes the same artifact (sizes and
 * SHA-256) as the driver's, and loads each version once through a {@link
 * dev.mlops.djl.ModelCache}, which verifies the files again; its tasks share the loaded model.
 *
 * <p><b>Errors.</b> A task's failure reaches the driver wrapped in Spark's {@code SparkException}.
 * The methods here that run jobs ({@code profile}, {@code drift}) throw the SDK's own exception
 * instead; wrap your own actions on a scored dataset in {@link #run(Runnable)} or {@link
 * #call(Supplier)} to get the same.
 *
 * @since 0.1
 */
public final class MlopsSpark {

  private MlopsSpark() {}

  /**
   * Adds a model's predictions to every row, with the default {@link ScoringOptions}.
   *
   * @param input the rows; a column per signature input (optional inputs may be absent)
   * @param modelUri the model, such as {@code models:/churn@production} or {@code models:/churn/3}
   * @param registryUri the registry, reachable under this location from the driver and every
   *     executor: {@code jdbc:postgresql://...} or {@code file:/shared/mlops}
   * @return the input with the output columns and {@code model_version} added; lazy, like any
   *     Spark transformation
   * @throws dev.mlops.registry.InvalidModelUriException if the model URI is malformed
   * @throws dev.mlops.registry.ModelNotFoundException if it names nothing
   * @throws dev.mlops.registry.ArtifactIntegrityException if the artifact fails verification
   * @throws dev.mlops.predict.InvalidInputException if a signature input has no column or a
   *     column of an unusable type, or the input already has a column scoring would add
   * @throws dev.mlops.predict.PredictionException if the version has no signature or declares
   *     no outputs
   * @see #score(Dataset, String, String, ScoringOptions)
   */
  public static Dataset<Row> score(Dataset<Row> input, String modelUri, String registryUri) {
    return score(input, modelUri, registryUri, ScoringOptions.defaults());
  }

  /**
   * Adds a model's predictions to every row: the version is resolved now, on the driver, and
   * executors score each partition in batches, rows in order.
   *
   * <p>The columns added follow the SDK's output naming rule: a label output keeps its name; a
   * score output with class labels becomes one {@code double} column per class, {@code
   * <output>_<class>} (such as {@code probabilities_churn}); one without class labels but {@code
   * K > 1} wide becomes {@code <output>_0} to {@code <output>_<K-1>}; a single value keeps the
   * output's name. Then {@code model_version} (an {@code int}) names the version that scored the
   * row. A row that does not match the signature fails the job with the SDK's {@link
   * dev.mlops.predict.InvalidInputException}, whose row index counts within its partition.
   *
   * @param input the rows; a column per signature input (optional inputs may be absent)
   * @param modelUri the model, such as {@code models:/churn@production} or {@code models:/churn/3}
   * @param registryUri the registry, reachable under this location from the driver and every
   *     executor
   * @param options the batch size
   * @return the input with the output columns and {@code model_version} added; lazy
   * @throws dev.mlops.registry.InvalidModelUriException if the model URI is malformed
   * @throws dev.mlops.registry.ModelNotFoundException if it names nothing
   * @throws dev.mlops.registry.ArtifactIntegrityException if the artifact fails verification
   * @throws dev.mlops.predict.InvalidInputException if a signature input has no column or a
   *     column of an unusable type, or the input already has a column scoring would add
   * @throws dev.mlops.predict.PredictionException if the version has no signature or declares
   *     no outputs
   */
  public static Dataset<Row> score(Dataset<Row> input, String modelUri, String registryUri,
      ScoringOptions options) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(registryUri, "registryUri");
    return ScoringPlan.plan(input, ModelUri.parse(modelUri), registryUri, options.batchSize());
  }

  /**
   * Profiles a model's input columns, partition by partition, merged on the driver: numeric
   * signature types as numeric features, the others as categories (as training profiles them).
   *
   * @param data the rows
   * @param signature the signature whose inputs to profile
   * @return the merged profile; the same as one JVM would build from the same rows, up to the
   *     sketches' error
   * @throws IllegalArgumentException if an input has no column or one of an unusable type
   * @throws MlopsException if a task failed with one
   */
  public static DatasetProfile profile(Dataset<Row> data, ModelSignature signature) {
    return DistributedProfiles.profile(data, DistributedProfiles.emptyProfile(signature));
  }

  /**
   * Profiles columns, partition by partition, merged on the driver: numeric columns as numeric
   * features, string and boolean ones as categories, with the default sketch sizes.
   *
   * @param data the rows
   * @param columns the columns, at least one
   * @return the merged profile
   * @throws IllegalArgumentException if a column is missing or of a type that cannot be profiled
   * @throws MlopsException if a task failed with one
   */
  public static DatasetProfile profile(Dataset<Row> data, String... columns) {
    return DistributedProfiles.profile(data,
        DistributedProfiles.emptyProfile(data.schema(), List.of(columns)));
  }

  /**
   * Profiles the features of an empty profile, keeping its kinds, sketch sizes and category
   * bounds: {@code profile(data, DatasetProfile.builder().numeric("income", 2400).build())}.
   *
   * @param data the rows
   * @param empty a profile without rows, naming the features
   * @return the merged profile; {@code empty} is left unchanged
   * @throws IllegalArgumentException if the profile has rows, or a feature has no column or one
   *     its kind cannot take
   * @throws MlopsException if a task failed with one
   */
  public static DatasetProfile profile(Dataset<Row> data, DatasetProfile empty) {
    return DistributedProfiles.profile(data, empty);
  }

  /**
   * Compares two datasets with the default {@link DriftAnalyzer}, from profiles built on the
   * cluster: every numeric, string and boolean column of the reference is a feature.
   *
   * @param reference the data the model was trained on, or a past period
   * @param current the data to compare; it must have every feature column
   * @return the report, marked approximate; the same as {@code DriftAnalyzer.analyze} gives for
   *     profiles of the same rows built in one JVM
   * @throws IllegalArgumentException if the reference has no column that can be profiled, or the
   *     current data lacks one or has it with another kind
   * @throws MlopsException if a task failed with one
   */
  public static DriftReport drift(Dataset<Row> reference, Dataset<Row> current) {
    return drift(reference, current, DriftAnalyzer.withDefaults());
  }

  /**
   * Compares two datasets with a configured analyzer, from profiles built on the cluster. Tests
   * that need raw values (Anderson-Darling, Cramér-von Mises, custom detectors) are rejected, as
   * for any profiles.
   *
   * @param reference the data the model was trained on, or a past period
   * @param current the data to compare
   * @param analyzer the analyzer with its test choices and thresholds
   * @return the report, marked approximate
   * @throws IllegalArgumentException as {@link #drift(Dataset, Dataset)}, or if the analyzer
   *     needs raw values for a feature
   * @throws MlopsException if a task failed with one
   */
  public static DriftReport drift(Dataset<Row> reference, Dataset<Row> current,
      DriftAnalyzer analyzer) {
    List<String> features = DistributedProfiles.profilableColumns(reference.schema());
    DatasetProfile empty = DistributedProfiles.emptyProfile(reference.schema(), features);
    DatasetProfile referenceProfile = DistributedProfiles.profile(reference, empty);
    DatasetProfile currentProfile = DistributedProfiles.profile(current, empty);
    return analyzer.analyze(referenceProfile, currentProfile);
  }

  /**
   * Runs a Spark action, such as writing a scored dataset, and rethrows the SDK exception a task
   * failed with instead of Spark's wrapper.
   *
   * @param action the action, such as {@code () -> scored.write().parquet(path)}
   * @throws MlopsException the SDK's exception that failed the job (Spark's is attached to it as
   *     suppressed); any other failure propagates unchanged
   */
  public static void run(Runnable action) {
    SparkFailures.call(() -> {
      action.run();
      return null;
    });
  }

  /**
   * Runs a Spark action that returns something, such as {@code count()} or {@code
   * collectAsList()}, and rethrows the SDK exception a task failed with instead of Spark's
   * wrapper.
   *
   * @param action the action
   * @param <T> what it returns
   * @return what the action returned
   * @throws MlopsException the SDK's exception that failed the job (Spark's is attached to it as
   *     suppressed); any other failure propagates unchanged
   */
  public static <T> T call(Supplier<T> action) {
    return SparkFailures.call(action);
  }
}

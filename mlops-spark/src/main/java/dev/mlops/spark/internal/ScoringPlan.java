package dev.mlops.spark.internal;

import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The driver's half of scoring: resolves the model URI once, verifies the artifact, checks the
 * dataset's columns against the signature, and plans a {@link PartitionScorer} over every
 * partition with the version pinned.
 */
public final class ScoringPlan {

  /** The column naming the version that scored each row. */
  public static final String MODEL_VERSION = "model_version";

  private ScoringPlan() {}

  /**
   * Plans the scoring of a dataset.
   *
   * @param input the rows to score
   * @param uri the model, a version, an alias or latest
   * @param registryUri the registry location, which the executors open too
   * @param batchSize rows per engine call
   * @return the input with the output columns and {@value #MODEL_VERSION} added, not yet computed
   */
  public static Dataset<Row> plan(Dataset<Row> input, ModelUri uri, String registryUri,
      int batchSize) {
    ModelVersion v;
    try (ModelRegistry registry = ModelRegistries.open(registryUri)) {
      v = registry.resolve(uri);
      // Verified once here so that a damaged artifact fails before any task starts; each
      // executor verifies again when it loads the version.
      try (ModelArtifact artifact = registry.openArtifact(v.name(), v.version())) {
        artifact.version();
      }
    }
    ModelSignature signature = v.signature();
    if (signature == null) {
      throw new PredictionException("Model '" + v.name() + "' version " + v.version()
          + " has no signature, so its input columns are unknown; register it with one", null);
    }
    List<OutputColumn> outputs = OutputColumn.of(signature);
    if (outputs.isEmpty()) {
      throw new PredictionException("Model '" + v.name() + "' version " + v.version()
          + " declares no outputs, so the columns to add are unknown; register it with its "
          + "outputs", null);
    }
    StructType schema = input.schema();
    Map<String, Integer> positions = featurePositions(v, signature, schema);
    StructType out = schema;
    for (OutputColumn c : outputs) {
      out = out.add(newColumn(v, schema, c.name(), c.type(), true));
    }
    out = out.add(newColumn(v, schema, MODEL_VERSION, DataTypes.IntegerType, false));
    return input.mapPartitions(
        new PartitionScorer(registryUri, PinnedVersion.of(v), positions, outputs, batchSize),
        Encoders.row(out));
  }

  private static Map<String, Integer> featurePositions(ModelVersion v, ModelSignature signature,
      StructType schema) {
    Map<String, Integer> positions = new LinkedHashMap<>();
    List<String> names = List.of(schema.fieldNames());
    for (FieldSpec input : signature.inputs()) {
      int at = names.indexOf(input.name());
      if (at < 0) {
        if (input.optional()) {
          continue;
        }
        throw new InvalidInputException(v.name(), v.version(), input.name(), -1,
            "the dataset has no such column; it has " + names);
      }
      StructField column = schema.fields()[at];
      if (!SparkColumns.feeds(input.type(), column.dataType())) {
        throw new InvalidInputException(v.name(), v.version(), input.name(), -1,
            "the column is of Spark type " + column.dataType().simpleString()
                + " but the signature declares " + input.type() + ", which takes "
                + SparkColumns.expected(input.type()) + "; cast the column");
      }
      positions.put(input.name(), at);
    }
    return positions;
  }

  private static StructField newColumn(ModelVersion v, StructType schema, String name,
      org.apache.spark.sql.types.DataType type, boolean nullable) {
    if (SparkColumns.field(schema, name) != null) {
      throw new InvalidInputException(v.name(), v.version(), null, -1,
          "the dataset already has a column '" + name + "', which scoring adds; rename or drop it");
    }
    return DataTypes.createStructField(name, type, nullable);
  }
}

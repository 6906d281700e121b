package dev.mlops.spark.internal;

import dev.mlops.core.drift.CategoricalProfile;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.FeatureProfile;
import dev.mlops.drift.FeatureKind;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The driver's half of profiling: checks the columns, ships an empty profile to every partition,
 * and merges the partitions' profiles in partition order.
 */
public final class DistributedProfiles {

  private DistributedProfiles() {}

  /**
   * An empty profile of named columns, their kinds taken from the schema.
   *
   * @param schema the dataset's schema
   * @param columns the columns to profile
   * @return the empty profile
   * @throws IllegalArgumentException if a column is missing or of a type that cannot be profiled
   */
  public static DatasetProfile emptyProfile(StructType schema, List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Name at least one column to profile");
    }
    DatasetProfile.Builder builder = DatasetProfile.builder();
    for (String name : columns) {
      StructField field = requireField(schema, name);
      FeatureKind kind = SparkColumns.profileKind(field.dataType());
      if (kind == null) {
        throw new IllegalArgumentException("Column '" + name + "' has Spark type "
            + field.dataType().simpleString() + ", which cannot be profiled; profiles take "
            + "numeric, string and boolean columns");
      }
      if (kind == FeatureKind.NUMERIC) {
        builder.numeric(name);
      } else {
        builder.categorical(name);
      }
    }
    return builder.build();
  }

  /**
   * An empty profile of a signature's inputs: numbers as numeric features, the rest as
   * categories, as the training pipeline profiles training data.
   *
   * @param signature the signature
   * @return the empty profile
   */
  public static DatasetProfile emptyProfile(ModelSignature signature) {
    DatasetProfile.Builder builder = DatasetProfile.builder();
    for (FieldSpec input : signature.inputs()) {
      if (input.type().isNumeric()) {
        builder.numeric(input.name());
      } else {
        builder.categorical(input.name());
      }
    }
    return builder.build();
  }

  /**
   * The columns of a schema that can be profiled, in schema order.
   *
   * @param schema the schema
   * @return numeric, string and boolean columns
   */
  public static List<String> profilableColumns(StructType schema) {
    List<String> names = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (SparkColumns.profileKind(f.dataType()) != null) {
        names.add(f.name());
      }
    }
    return names;
  }

  /**
   * Profiles a dataset partition by partition and merges the profiles on the driver.
   *
   * @param data the rows
   * @param empty an empty profile naming the features, their kinds and sketch sizes
   * @return the merged profile
   * @throws IllegalArgumentException if the profile has rows, or a feature's column is missing
   *     or of a type its kind cannot take
   */
  public static DatasetProfile profile(Dataset<Row> data, DatasetProfile empty) {
    if (empty.rows() != 0) {
      throw new IllegalArgumentException("The profile to start from must be empty but has "
          + empty.rows() + " rows");
    }
    List<String> features = new ArrayList<>(empty.features());
    for (FeatureProfile feature : empty.profiles()) {
      requireKind(requireField(data.schema(), feature.feature()), feature);
    }
    Column[] selected = features.stream()
        .map(name -> functions.col("`" + name.replace("`", "``") + "`"))
        .toArray(Column[]::new);
    // Selecting first lets Spark read only these columns (from Parquet, for example).
    Dataset<Row> columns = data.select(selected);
    Map<String, Integer> positions = SparkColumns.positions(columns.schema(), features);
    List<byte[]> partitions = SparkFailures.call(() -> columns
        .mapPartitions(new PartitionProfiler(empty.toBytes(), positions), Encoders.BINARY())
        .collectAsList());
    DatasetProfile merged = empty.copy();
    partitions.forEach(bytes -> merged.merge(DatasetProfile.fromBytes(bytes)));
    return merged;
  }

  private static StructField requireField(StructType schema, String name) {
    StructField field = SparkColumns.field(schema, name);
    if (field == null) {
      throw new IllegalArgumentException("The dataset has no column '" + name + "'; it has "
          + List.of(schema.fieldNames()));
    }
    return field;
  }

  private static void requireKind(StructField column, FeatureProfile feature) {
    boolean accepted = feature instanceof CategoricalProfile
        ? SparkColumns.profileKind(column.dataType()) != null
        : SparkColumns.profileKind(column.dataType()) == FeatureKind.NUMERIC;
    if (!accepted) {
      throw new IllegalArgumentException("Column '" + column.name() + "' has Spark type "
          + column.dataType().simpleString() + " but feature '" + feature.feature() + "' is "
          + (feature instanceof CategoricalProfile
              ? "categorical (it takes string, boolean or numeric columns)"
              : "numeric (it takes numeric columns)"));
    }
  }
}

package dev.mlops.spark;

import dev.mlops.core.training.TabularDataset;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The churn classifiers of mlops-djl's tests (src/test/resources/models there, copied into this
 * module's test class path by the build), the signature they are registered with, and seeded rows
 * for them as Spark rows and as the maps a plain predictor takes.
 */
final class ChurnData {

  static final List<String> CLASSES = List.of("stay", "downgrade", "churn");
  static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");
  static final ModelSignature SIGNATURE = new ModelSignature(
      List.of(
          FieldSpec.scalar("tenure_months", DataType.FLOAT32),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", CONTRACTS),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 3).withCategories(CLASSES)),
      List.of(Map.of("tenure_months", 12.0, "monthly_charges", 30.0, "contract", "yearly",
          "has_support", true)));
  static final List<String> FEATURES =
      List.of("tenure_months", "monthly_charges", "contract", "has_support");
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("tenure_months", DataTypes.DoubleType)
      .add("monthly_charges", DataTypes.DoubleType)
      .add("contract", DataTypes.StringType)
      .add("has_support", DataTypes.BooleanType);

  private ChurnData() {}

  /** Registers a fixture file, such as churn-v1.onnx, with the churn signature. */
  static ModelVersion register(ModelRegistry registry, String name, String fileName) {
    ModelFormat format = fileName.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT;
    return registry.register(RegistrationRequest.builder(name).artifact(model(fileName))
        .format(format).signature(SIGNATURE).build());
  }

  static Path model(String fileName) {
    return resource("/models/" + fileName);
  }

  /** A test resource as a file, such as {@code /converted/rf-zipmap.onnx}. */
  static Path resource(String name) {
    try {
      return Path.of(Objects.requireNonNull(ChurnData.class.getResource(name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Seeded rows: id, then the four features. */
  static List<Row> rows(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(RowFactory.create((long) i, (double) random.nextInt(0, 72),
          Math.round(random.nextDouble(18, 120) * 100) / 100.0,
          CONTRACTS.get(random.nextInt(CONTRACTS.size())), random.nextBoolean()));
    }
    return rows;
  }

  /** The rows as a dataset of {@code partitions} slices, in order. */
  static Dataset<Row> dataset(List<Row> rows, int partitions) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(
        LocalSpark.session().sparkContext());
    return LocalSpark.session().createDataFrame(context.parallelize(rows, partitions), SCHEMA);
  }

  /**
   * The class a simple rule gives a row (a risk rising with the charges and falling with tenure,
   * a yearly or two-year contract and support), for the models trained in the tests.
   */
  static String outcome(Row row) {
    double risk = row.getDouble(2) / 40 - row.getDouble(1) / 24
        + (row.getString(3).equals("monthly") ? 1 : -1) - (row.getBoolean(4) ? 0.5 : 0);
    return CLASSES.get(risk < -1 ? 0 : risk < 1.5 ? 1 : 2);
  }

  /** The rows with their {@link #outcome}, as a training set of the churn signature's inputs. */
  static TabularDataset trainingSet(List<Row> rows) {
    TabularDataset.Builder data = TabularDataset.builder(SIGNATURE.inputs(),
        FieldSpec.categorical("outcome", CLASSES));
    for (Row row : rows) {
      data.addRow(features(row), outcome(row));
    }
    return data.build();
  }

  /** A row's features, as a caller of the plain predictor passes them. */
  static Map<String, Object> features(Row row) {
    Map<String, Object> features = new LinkedHashMap<>();
    for (String name : FEATURES) {
      features.put(name, row.get(SCHEMA.fieldIndex(name)));
    }
    return features;
  }
}

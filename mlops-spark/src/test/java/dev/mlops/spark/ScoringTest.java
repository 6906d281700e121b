package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.training.DjlTabularTrainer;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.spark.internal.ExecutorModels;
import dev.mlops.training.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringTest {

  private static final List<String> PROBABILITIES =
      List.of("probabilities_stay", "probabilities_downgrade", "probabilities_churn");

  @TempDir
  static Path root;
  static String registryUri;
  static ModelRegistry registry;

  @BeforeAll
  static void registerModels() {
    registryUri = root.toUri().toString();
    registry = ModelRegistries.open(registryUri);
    ChurnData.register(registry, "churn-onnx", "churn-v1.onnx");
    ChurnData.register(registry, "churn-pt", "churn-v1.pt");
    ChurnData.register(registry, "churn", "churn-v1.onnx");
    ChurnData.register(registry, "churn", "churn-v2.onnx");
    registry.setAlias("churn", "production", 1, AliasPrecondition.any(), "first");
  }

  @AfterAll
  static void closeRegistry() {
    registry.close();
  }

  @Test
  void scoredColumnsEqualThePlainOnnxPredictorsOutputForTheSameRows() {
    assertScoresEqualThePlainPredictor("models:/churn-onnx/1");
  }

  @Test
  void scoredColumnsEqualThePlainTorchScriptPredictorsOutputForTheSameRows() {
    assertScoresEqualThePlainPredictor("models:/churn-pt/1");
  }

  @Test
  void scoredColumnsEqualThePlainPredictorsOutputForATrainerBuiltDjlVersion(@TempDir Path work) {
    Path artifact = work.resolve("churn-djl");
    try (TrainedModel model = DjlTabularTrainer.builder().hiddenLayers(8).epochs(5).build()
        .train(ChurnData.trainingSet(ChurnData.rows(600, 21)), 5)) {
      model.save(artifact);
      registry.register(RegistrationRequest.builder("churn-djl").artifact(artifact)
          .format(model.format()).signature(model.signature()).build());
    }
    assertThat(registry.resolve(ModelUri.parse("models:/churn-djl/1")).format())
        .isEqualTo(ModelFormat.DJL);

    assertScoresEqualThePlainPredictor("models:/churn-djl/1");
  }

  @Test
  void scoredColumnsEqualThePlainPredictorsOutputForAnXGBoostVersion(@TempDir Path work)
      throws Exception {
    registry.register(RegistrationRequest.builder("churn-xgboost")
        .artifact(ChurnBooster.trainAndSave(work.resolve("churn.json")))
        .format(ModelFormat.XGBOOST).signature(ChurnData.SIGNATURE).build());

    assertScoresEqualThePlainPredictor("models:/churn-xgboost/1");
  }

  @Test
  void aConverterBuiltOnnxForestScoresAsThePlainPredictorAndScikitLearnDid() throws IOException {
    registry.register(RegistrationRequest.builder("forest")
        .artifact(ChurnData.resource("/converted/rf-zipmap.onnx")).format(ModelFormat.ONNX)
        .build());
    JsonNode expected = new ObjectMapper().readTree(
        ChurnData.resource("/converted/expected.json").toFile()).get("rf-zipmap");
    StructType schema = new StructType().add("tenure_months", DataTypes.DoubleType)
        .add("monthly_charges", DataTypes.DoubleType).add("support_calls", DataTypes.LongType)
        .add("contract", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    List<Map<String, Object>> features = new ArrayList<>();
    for (JsonNode r : expected.get("rows")) {
      rows.add(RowFactory.create(r.get("tenure_months").asDouble(),
          r.get("monthly_charges").asDouble(), r.get("support_calls").asLong(),
          r.get("contract").asText()));
      features.add(Map.of("tenure_months", r.get("tenure_months").asDouble(),
          "monthly_charges", r.get("monthly_charges").asDouble(),
          "support_calls", r.get("support_calls").asLong(), "contract", r.get("contract").asText()));
    }
    Dataset<Row> input = LocalSpark.session().createDataFrame(rows, schema).repartition(2);

    List<Row> scored = MlopsSpark.call(() -> MlopsSpark.score(input.coalesce(1),
        "models:/forest/1", registryUri, ScoringOptions.defaults().batchSize(8)).collectAsList());

    List<Prediction> plain;
    try (Predictor<Map<String, Object>, Prediction> predictor =
        DjlPredictors.builder().registry(registry).build().load("models:/forest/1")) {
      plain = predictor.predictBatch(features);
    }
    List<String> classes = new ArrayList<>();
    expected.get("classes").forEach(c -> classes.add(c.asText()));
    for (Row row : scored) {
      int r = rowIndexOf(rows, row);
      Prediction p = plain.get(r);
      assertThat(p.outputs()).isNotEmpty();
      p.outputs().forEach((name, value) -> {
        Object cell = row.get(row.fieldIndex(name));
        if (value instanceof Double d) {
          assertThat((Double) cell).as("row %d, %s", r, name).isCloseTo(d, within(1e-6));
        } else {
          assertThat(String.valueOf(cell)).as("row %d, %s", r, name)
              .isEqualTo(String.valueOf(value));
        }
      });
      for (int c = 0; c < classes.size(); c++) {
        assertThat(row.getDouble(row.fieldIndex("output_probability_" + classes.get(c))))
            .isCloseTo(expected.get("probabilities").get(r).get(c).asDouble(), within(1e-5));
      }
      assertThat(String.valueOf(row.get(row.fieldIndex("output_label"))))
          .isEqualTo(expected.get("labels").get(r).asText());
    }
    assertThat(scored).hasSize(rows.size());
  }

  @Test
  void outputColumnsAreNamedPerClassAndFollowTheInputColumns() {
    Dataset<Row> scored = MlopsSpark.score(ChurnData.dataset(ChurnData.rows(3, 1), 1),
        "models:/churn-onnx/1", registryUri);

    assertThat(scored.columns()).containsExactly("id", "tenure_months", "monthly_charges",
        "contract", "has_support", "probabilities_stay", "probabilities_downgrade",
        "probabilities_churn", "model_version");
    assertThat(scored.schema().apply("probabilities_churn").dataType())
        .isEqualTo(DataTypes.DoubleType);
    assertThat(scored.schema().apply("model_version").dataType())
        .isEqualTo(DataTypes.IntegerType);
  }

  @Test
  void rowsKeepTheirOrderAndEachExecutorJvmLoadsTheVersionIntoItsCache() {
    List<Row> rows = ChurnData.rows(500, 2);

    List<Row> scored = MlopsSpark.call(() -> MlopsSpark.score(ChurnData.dataset(rows, 4),
        "models:/churn-onnx/1", registryUri, ScoringOptions.defaults().batchSize(7))
        .collectAsList());

    assertThat(scored).extracting(r -> r.getLong(0))
        .containsExactlyElementsOf(rows.stream().map(r -> r.getLong(0)).toList());
    assertThat(ExecutorModels.loadedVersions(registryUri))
        .contains(ModelUri.version("churn-onnx", 1));
  }

  @Test
  void anAliasMovedWhileTheJobRunsDoesNotMixVersions() {
    Dataset<Row> input = ChurnData.dataset(ChurnData.rows(400, 3), 4);
    Dataset<Row> movingAlias = input.map(
        (MapFunction<Row, Row>) AliasMover::passThrough, Encoders.row(input.schema()));
    AliasMover.arm(registry);

    Dataset<Row> scored = MlopsSpark.score(movingAlias, "models:/churn@production", registryUri);
    List<Row> versions = MlopsSpark.call(() ->
        scored.groupBy("model_version").count().collectAsList());

    assertThat(AliasMover.moved()).as("the alias moved during the job").isTrue();
    assertThat(registry.resolve(ModelUri.parse("models:/churn@production")).version())
        .isEqualTo(2);
    assertThat(versions).extracting(r -> r.getInt(0), r -> r.getLong(1))
        .containsExactly(tuple(1, 400L));
  }

  @Test
  void aCorruptedArtifactFailsBeforeTheJobStartsNamingTheVersion() throws IOException {
    ModelVersion v = ChurnData.register(registry, "damaged-early", "churn-v1.onnx");
    corrupt(v);

    assertThatThrownBy(() -> MlopsSpark.score(ChurnData.dataset(ChurnData.rows(10, 4), 2),
        "models:/damaged-early/1", registryUri))
        .isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining("model 'damaged-early' version 1");
  }

  @Test
  void anArtifactCorruptedOnceTheJobIsPlannedFailsTheJobWithTheSdksIntegrityError()
      throws IOException {
    ModelVersion v = ChurnData.register(registry, "damaged-late", "churn-v1.onnx");
    Dataset<Row> scored = MlopsSpark.score(ChurnData.dataset(ChurnData.rows(10, 5), 2),
        "models:/damaged-late/1", registryUri);
    corrupt(v);

    assertThatThrownBy(() -> MlopsSpark.run(() -> scored.collectAsList()))
        .isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining("model 'damaged-late' version 1")
        .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
    assertThat(ExecutorModels.loadedVersions(registryUri))
        .doesNotContain(ModelUri.version("damaged-late", 1));
  }

  @Test
  void aRowThatDoesNotMatchTheSignatureFailsTheJobNamingFeatureAndRow() {
    List<Row> rows = new ArrayList<>(ChurnData.rows(20, 6));
    rows.set(17, RowFactory.create(17L, 5.0, 40.0, "weekly", true));

    assertThatThrownBy(() -> MlopsSpark.run(() -> MlopsSpark.score(
        ChurnData.dataset(rows, 2), "models:/churn-onnx/1", registryUri,
        ScoringOptions.defaults().batchSize(4)).collectAsList()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.feature()).isEqualTo("contract");
          assertThat(e.rowIndex()).as("index within the second partition").isEqualTo(7);
          assertThat(e).hasMessageContaining("'weekly'").hasMessageContaining("partition 1");
        });
  }

  @Test
  void aMissingOrMistypedColumnIsRejectedOnTheDriverNamingTheFeature() {
    Dataset<Row> input = ChurnData.dataset(ChurnData.rows(5, 7), 1);

    assertThatThrownBy(() -> MlopsSpark.score(input.drop("contract"), "models:/churn-onnx/1",
        registryUri))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.feature()).isEqualTo("contract"))
        .hasMessageContaining("no such column");
    assertThatThrownBy(() -> MlopsSpark.score(
        input.withColumn("monthly_charges", functions.col("monthly_charges").cast("string")),
        "models:/churn-onnx/1", registryUri))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.feature()).isEqualTo("monthly_charges"))
        .hasMessageContaining("Spark type string");
    assertThatThrownBy(() -> MlopsSpark.score(input.withColumn("model_version",
        functions.lit(1)), "models:/churn-onnx/1", registryUri))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already has a column 'model_version'");
  }

  private static void assertScoresEqualThePlainPredictor(String uri) {
    List<Row> rows = ChurnData.rows(300, 11);

    List<Row> scored = MlopsSpark.call(() -> MlopsSpark.score(ChurnData.dataset(rows, 3), uri,
        registryUri, ScoringOptions.defaults().batchSize(16)).collectAsList());

    List<Map<String, Object>> features = rows.stream().map(ChurnData::features).toList();
    List<Prediction> expected;
    try (Predictor<Map<String, Object>, Prediction> plain =
        DjlPredictors.builder().registry(registry).build().load(uri)) {
      expected = plain.predictBatch(features);
    }
    assertThat(scored).hasSize(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Row row = scored.get(r);
      assertThat(row.getLong(0)).isEqualTo(rows.get(r).getLong(0));
      for (int c = 0; c < PROBABILITIES.size(); c++) {
        // Same engine and model; only the batch boundaries differ, which may move the last bits
        // of a float32 result.
        assertThat(row.getDouble(row.fieldIndex(PROBABILITIES.get(c))))
            .as("row %d, %s", r, PROBABILITIES.get(c))
            .isCloseTo(expected.get(r).scores().get(c), within(1e-6));
      }
      assertThat(row.getInt(row.fieldIndex("model_version"))).isEqualTo(1);
    }
  }

  /** The input row a scored row came from: the scored row starts with the input's columns. */
  private static int rowIndexOf(List<Row> rows, Row scored) {
    for (int i = 0; i < rows.size(); i++) {
      Row in = rows.get(i);
      boolean same = true;
      for (int c = 0; c < in.length() && same; c++) {
        same = in.get(c).equals(scored.get(c));
      }
      if (same) {
        return i;
      }
    }
    throw new AssertionError("No input row for " + scored);
  }

  private static void corrupt(ModelVersion v) throws IOException {
    Path file = root.resolve("models").resolve(v.name()).resolve("versions")
        .resolve(Integer.toString(v.version())).resolve("artifact")
        .resolve(v.artifacts().get(0).path());
    assertThat(file.toFile().setWritable(true)).isTrue();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(file, bytes);
  }

  /**
   * Moves {@code churn@production} from version 1 to 2 when the first partition's task reads its
   * first row; the other tasks hold their first row until it has moved. With {@code local[2]} and
   * four partitions, the last two tasks therefore start after the move.
   */
  static final class AliasMover {
    private static volatile ModelRegistry target;
    private static final AtomicBoolean MOVED = new AtomicBoolean();
    private static volatile CountDownLatch done = new CountDownLatch(1);

    static void arm(ModelRegistry registry) {
      target = registry;
      MOVED.set(false);
      done = new CountDownLatch(1);
    }

    static boolean moved() {
      return MOVED.get();
    }

    static Row passThrough(Row row) throws InterruptedException {
      if (MOVED.get()) {
        return row;
      }
      if (TaskContext.get().partitionId() == 0) {
        target.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "mid-job");
        MOVED.set(true);
        done.countDown();
      } else if (!done.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The alias was not moved within 60 s");
      }
      return row;
    }
  }
}

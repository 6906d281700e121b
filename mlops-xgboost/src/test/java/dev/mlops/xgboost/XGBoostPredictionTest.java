package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.ModelCache;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.PredictionFields;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelUri;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XGBoost models trained here with xgboost4j, saved as JSON and UBJ, registered and served through
 * {@link DjlPredictors}: the scores are XGBoost's own predictions, bit for bit, and the
 * contributions plus bias add up to XGBoost's own margins.
 */
class XGBoostPredictionTest {

  @TempDir Path dir;
  InMemoryModelRegistry registry;
  DjlPredictors predictors;
  final List<Map<String, Object>> rows = XGBoostFixtures.rows(50, 99);

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    predictors = DjlPredictors.builder().registry(registry).poolSize(4).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @ParameterizedTest(name = "{0} saved as .{1}")
  @CsvSource({"BINARY, json", "BINARY, ubj", "MULTICLASS, json", "MULTICLASS, ubj",
      "REGRESSION, json", "REGRESSION, ubj"})
  void scoresEqualXGBoostsOwnPredictions(Task task, String extension) throws Exception {
    Path file = XGBoostFixtures.save(task, 0, true, dir.resolve("model." + extension));
    XGBoostFixtures.register(registry, "m", file, task);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);

    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load("models:/m/1")) {
      List<Prediction> batch = predictor.predictBatch(rows);
      for (int r = 0; r < rows.size(); r++) {
        Prediction single = predictor.predict(rows.get(r));
        assertThat(single.scores()).isEqualTo(batch.get(r).scores());
        assertThat(batch.get(r).scores()).as("row %d", r).isEqualTo(expectedScores(task, expected[r]));
        assertThat(batch.get(r).label()).isEqualTo(task.classes.isEmpty() ? null
            : task.classes.get(argmax(batch.get(r).scores())));
      }
    }
  }

  @ParameterizedTest(name = "{0} saved as .{1}")
  @CsvSource({"BINARY, ubj", "MULTICLASS, json", "REGRESSION, ubj"})
  void contributionsPlusBiasEqualXGBoostsMargins(Task task, String extension) throws Exception {
    Path file = XGBoostFixtures.save(task, 1, true, dir.resolve("model." + extension));
    XGBoostFixtures.register(registry, "m", file, task);
    float[][] margins = XGBoostFixtures.predict(file, rows, true);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);

    try (Predictor<Map<String, Object>, Explanation> explainer =
        predictors.explainer("models:/m/1")) {
      List<Explanation> explanations = explainer.predictBatch(rows);
      for (int r = 0; r < rows.size(); r++) {
        Explanation e = explanations.get(r);
        assertThat(e.prediction().scores()).isEqualTo(expectedScores(task, expected[r]));
        assertThat(e.contributions()).hasSize(task == Task.MULTICLASS ? 3 : 1);
        for (int k = 0; k < e.contributions().size(); k++) {
          FeatureContributions c = e.contributions().get(k);
          assertThat(c.contributions().keySet()).containsExactlyElementsOf(XGBoostFixtures.FEATURES);
          assertThat(c.margin()).as("row %d output %d", r, k).isCloseTo(margins[r][k], within(1e-5));
          assertThat(c.label()).isEqualTo(switch (task) {
            case BINARY -> "churn";
            case MULTICLASS -> task.classes.get(k);
            case REGRESSION -> null;
          });
        }
      }
      // A feature the model splits on moves some row's margin.
      assertThat(explanations.stream().mapToDouble(e ->
          Math.abs(e.contributions().get(0).contributions().get("monthly_charges"))).max()
          .orElseThrow()).isGreaterThan(0.01);
      Explanation one = explainer.predict(rows.get(3));
      assertThat(one.contributions().get(0).margin()).isCloseTo(margins[3][0], within(1e-5));
    }
  }

  @Test
  void outputsAreNamedByTheSdksRuleAsForTheOnnxExportOfTheSameClassifier() throws Exception {
    Path file = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("model.ubj"));
    float p = XGBoostFixtures.predict(file, rows, false)[0][0];
    // onnxmltools' export of this classifier: an int64 label and a [N, 2] probability tensor,
    // both naming the classes 0 and 1 (the signature the ONNX registration infers from it).
    ModelSignature asOnnx = ModelSignature.of(XGBoostFixtures.INPUTS, List.of(
        FieldSpec.scalar("label", DataType.INT64).withCategories(List.of("0", "1")),
        FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 2)
            .withCategories(List.of("0", "1"))));
    ModelSignature unlabelled = ModelSignature.of(XGBoostFixtures.INPUTS,
        List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 2)));
    for (ModelSignature signature : List.of(Task.BINARY.signature(), asOnnx, unlabelled)) {
      registry.register(dev.mlops.registry.RegistrationRequest.builder("m").artifact(file)
          .format(dev.mlops.registry.ModelFormat.XGBOOST).signature(signature).build());
    }
    Map<Integer, Map<String, Object>> expected = Map.of(
        1, Map.of("probability_stay", (double) (1f - p), "probability_churn", (double) p),
        2, Map.of("label", p > 0.5f ? 1L : 0L, "probabilities_0", (double) (1f - p),
            "probabilities_1", (double) p),
        3, Map.of("probabilities_0", (double) (1f - p), "probabilities_1", (double) p));
    for (int version = 1; version <= 3; version++) {
      try (Predictor<Map<String, Object>, Prediction> predictor =
          predictors.load("models:/m/" + version)) {
        Prediction prediction = predictor.predict(rows.get(0));
        assertThat(prediction.outputs()).as("version %d", version)
            .containsExactlyInAnyOrderEntriesOf(expected.get(version));
        assertThat(List.copyOf(prediction.outputs().keySet()))
            .containsExactlyElementsOf(PredictionFields.of(
                registry.getVersion("m", version).signature()).names());
      }
    }
  }

  @Test
  void aModelWithoutFeatureNamesIsServedInSignatureOrder() throws Exception {
    Path file = XGBoostFixtures.save(Task.BINARY, 0, false, dir.resolve("unnamed.json"));
    XGBoostFixtures.register(registry, "m", file, Task.BINARY);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load("models:/m/1")) {
      assertThat(predictor.predict(rows.get(0)).scores())
          .isEqualTo(expectedScores(Task.BINARY, expected[0]));
    }
  }

  @Test
  void aSoftmaxModelIsServedWithTheProbabilitiesItPicksFrom() throws Exception {
    Booster softmax = XGBoostFixtures.train(Task.MULTICLASS, 0, true,
        Map.of("objective", "multi:softmax"));
    Path file = dir.resolve("softmax.json");
    softmax.saveModel(file.toString());
    DMatrix matrix = XGBoostFixtures.dmatrix(rows);
    float[][] classes = softmax.predict(matrix);
    softmax.setParam("objective", "multi:softprob");
    float[][] probabilities = softmax.predict(matrix);
    matrix.dispose();
    softmax.dispose();
    XGBoostFixtures.register(registry, "m", file, Task.MULTICLASS);

    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load("models:/m/1")) {
      List<Prediction> predictions = predictor.predictBatch(rows);
      for (int r = 0; r < rows.size(); r++) {
        assertThat(predictions.get(r).scores())
            .isEqualTo(expectedScores(Task.MULTICLASS, probabilities[r]));
        assertThat(predictions.get(r).label())
            .isEqualTo(Task.MULTICLASS.classes.get((int) classes[r][0]));
      }
    }
  }

  @Test
  void aLinearBoosterIsServedAndExplained() throws Exception {
    Booster linear = XGBoostFixtures.train(Task.BINARY, 0, true, Map.of("booster", "gblinear"));
    Path file = dir.resolve("linear.ubj");
    linear.saveModel(file.toString());
    linear.dispose();
    XGBoostFixtures.register(registry, "m", file, Task.BINARY);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);
    float[][] margins = XGBoostFixtures.predict(file, rows, true);
    try (Predictor<Map<String, Object>, Explanation> explainer =
        predictors.explainer("models:/m/1")) {
      List<Explanation> explanations = explainer.predictBatch(rows);
      for (int r = 0; r < rows.size(); r++) {
        assertThat(explanations.get(r).prediction().scores())
            .isEqualTo(expectedScores(Task.BINARY, expected[r]));
        assertThat(explanations.get(r).contributions().get(0).margin())
            .isCloseTo(margins[r][0], within(1e-5));
      }
    }
  }

  @Test
  void microBatchedCallsGetXGBoostsOwnScores() throws Exception {
    Path file = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("model.json"));
    XGBoostFixtures.register(registry, "m", file, Task.BINARY);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);
    DjlPredictors batching = DjlPredictors.builder().registry(registry).poolSize(2)
        .microBatching(4, java.time.Duration.ofMillis(2)).build();
    try (Predictor<Map<String, Object>, Prediction> predictor = batching.load("models:/m/1")) {
      assertThat(concurrently(4, 50, (thread, i) -> {
        int r = (thread + i) % rows.size();
        assertThat(predictor.predict(rows.get(r)).scores())
            .isEqualTo(expectedScores(Task.BINARY, expected[r]));
      })).isEmpty();
    }
  }

  @Test
  void aVersionThatContradictsItsSignatureFailsAtLoad() throws Exception {
    // Registered where mlops-xgboost was absent, nothing checked it: loading checks again.
    Path file = XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("model.json"));
    XGBoostFixtures.register(registry, "m", file, Task.BINARY);
    List<FieldSpec> renamed = new ArrayList<>(XGBoostFixtures.INPUTS);
    renamed.set(1, FieldSpec.scalar("charges", DataType.FLOAT64));
    try (ModelArtifact stored = registry.openArtifact("m", 1)) {
      ModelVersion v = stored.version();
      ModelVersion unchecked = new ModelVersion(v.name(), v.version(), v.format(), v.artifacts(),
          ModelSignature.of(renamed, Task.BINARY.signature().outputs()), v.metrics(), v.params(),
          v.tags(), v.lineage(), v.status(), v.aliases(), v.description(), v.createdAt(),
          v.createdBy());
      ModelArtifact artifact = new ModelArtifact() {
        @Override
        public ModelVersion version() {
          return unchecked;
        }

        @Override
        public Path directory() {
          return stored.directory();
        }

        @Override
        public void close() {}
      };
      assertThatThrownBy(() -> predictors.load(artifact))
          .isInstanceOf(PredictionException.class)
          .hasMessage("Model 'm' version 1 could not be loaded by XGBoost 3.4.0: model.json does "
              + "not match the signature: feature 2 of the model is 'monthly_charges' but input 2 "
              + "of the signature is 'charges' (the model's features are " + XGBoostFixtures.FEATURES
              + ")");
    }
  }

  @Test
  void eightThreadsSharingOneBoosterEachGetTheirOwnRowsScores() throws Exception {
    Path file = XGBoostFixtures.save(Task.MULTICLASS, 0, true, dir.resolve("model.ubj"));
    XGBoostFixtures.register(registry, "m", file, Task.MULTICLASS);
    float[][] expected = XGBoostFixtures.predict(file, rows, false);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load("models:/m/1")) {
      assertThat(concurrently(8, 200, (thread, i) -> {
        int r = (thread * 7 + i) % rows.size();
        List<Double> scores = i % 10 == 0
            ? predictor.predictBatch(List.of(rows.get(r), rows.get(0))).get(0).scores()
            : predictor.predict(rows.get(r)).scores();
        assertThat(scores).isEqualTo(expectedScores(Task.MULTICLASS, expected[r]));
      })).isEmpty();
    }
  }

  @Test
  void theModelCacheServesXGBoostVersions() throws Exception {
    Task task = Task.REGRESSION;
    Path v1 = XGBoostFixtures.save(task, 0, true, dir.resolve("v1.json"));
    Path v2 = XGBoostFixtures.save(task, 1, true, dir.resolve("v2.ubj"));
    XGBoostFixtures.register(registry, "m", v1, task);
    XGBoostFixtures.register(registry, "m", v2, task);
    try (ModelCache cache = predictors.modelCache().maximumModels(1).build()) {
      assertThat(cache.predict(ModelUri.version("m", 1), rows.get(0)).scores())
          .isEqualTo(expectedScores(task, XGBoostFixtures.predict(v1, rows, false)[0]));
      assertThat(cache.predict(ModelUri.version("m", 2), rows.get(0)).scores())
          .isEqualTo(expectedScores(task, XGBoostFixtures.predict(v2, rows, false)[0]));
      assertThat(cache.loadedVersions()).containsExactly(ModelUri.version("m", 2));
    }
  }

  /** A call of one thread: its index and the call's index. */
  interface Call {
    void run(int thread, int call) throws Exception;
  }

  /** Runs {@code calls} calls on each of {@code threads} threads; returns what they threw. */
  static List<Throwable> concurrently(int threads, int calls, Call call)
      throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        for (int i = 0; i < calls; i++) {
          try {
            call.run(thread, i);
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      th.start();
      started.add(th);
    }
    for (Thread th : started) {
      th.join();
    }
    return List.copyOf(failures);
  }

  /** The scores the SDK promises for XGBoost's output of one row. */
  static List<Double> expectedScores(Task task, float[] xgboost) {
    List<Double> out = new ArrayList<>();
    if (task == Task.BINARY) {
      out.add((double) (1f - xgboost[0]));
      out.add((double) xgboost[0]);
    } else {
      for (float v : xgboost) {
        out.add((double) v);
      }
    }
    return out;
  }

  private static int argmax(List<Double> scores) {
    int best = 0;
    for (int i = 1; i < scores.size(); i++) {
      if (scores.get(i) > scores.get(best)) {
        best = i;
      }
    }
    return best;
  }
}

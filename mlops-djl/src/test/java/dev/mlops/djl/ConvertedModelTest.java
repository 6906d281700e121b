package dev.mlops.djl;

import static dev.mlops.djl.ConvertedModels.BOOSTING;
import static dev.mlops.djl.ConvertedModels.FOREST;
import static dev.mlops.djl.ConvertedModels.INTEGER_ONE_HOT;
import static dev.mlops.djl.ConvertedModels.REGRESSOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Converter-built ONNX models (one input per column, string columns, ai.onnx.ml preprocessing,
 * label and probability outputs, ZipMap) registered without a signature, served through ONNX
 * Runtime's own API, and scored as scikit-learn scores them.
 */
class ConvertedModelTest {

  private InMemoryModelRegistry registry;
  private DjlPredictors predictors;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    predictors = DjlPredictors.builder().registry(registry).poolSize(2).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void theRandomForestsSignatureIsReadFromItsGraph() {
    ModelSignature s = ConvertedModels.register(registry, "forest", FOREST).signature();

    assertThat(s).isNotNull();
    assertThat(s.inputs()).containsExactly(
        FieldSpec.scalar("tenure_months", DataType.FLOAT32),
        FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
        FieldSpec.scalar("support_calls", DataType.INT64),
        FieldSpec.categorical("contract", ConvertedModels.strings(FOREST, "categories")));
    List<String> classes = ConvertedModels.strings(FOREST, "classes");
    assertThat(s.outputs()).containsExactly(
        FieldSpec.scalar("output_label", DataType.STRING).withCategories(classes),
        FieldSpec.tensor("output_probability", DataType.FLOAT32, 3).withCategories(classes));
  }

  @Test
  void theBoostedModelsStringColumnAcceptsAnyTextAndItsPreprocessingInputsAreTyped() {
    ModelSignature s = ConvertedModels.register(registry, "boosting", BOOSTING).signature();

    assertThat(s.inputs()).containsExactly(
        FieldSpec.scalar("age", DataType.FLOAT32),
        FieldSpec.scalar("visits", DataType.INT64),
        FieldSpec.scalar("plan", DataType.STRING),
        FieldSpec.scalar("has_support", DataType.BOOLEAN));
    assertThat(s.outputs()).containsExactly(
        FieldSpec.scalar("output_label", DataType.INT64).withCategories(List.of("0", "1")),
        FieldSpec.tensor("output_probability", DataType.FLOAT32, 2)
            .withCategories(List.of("0", "1")));
  }

  @Test
  void theRegressorsImputedColumnsAreOptional() {
    ModelSignature s = ConvertedModels.register(registry, "regressor", REGRESSOR).signature();

    assertThat(s.inputs()).containsExactly(
        FieldSpec.scalar("x1", DataType.FLOAT32).asOptional(),
        FieldSpec.scalar("x2", DataType.FLOAT32).asOptional(),
        FieldSpec.scalar("x3", DataType.FLOAT64).asOptional());
    assertThat(s.outputs()).containsExactly(FieldSpec.tensor("variable", DataType.FLOAT32, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {FOREST, BOOSTING, REGRESSOR, INTEGER_ONE_HOT})
  void predictionsEqualScikitLearnsInBatchesAndOneRowAtATime(String model) {
    ModelVersion v = ConvertedModels.register(registry, "m", model);
    List<Map<String, Object>> rows = ConvertedModels.rows(model);
    try (Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri())) {
      ConvertedModels.assertMatchesScikitLearn(model, p.predictBatch(rows));
      List<Prediction> single = new ArrayList<>();
      rows.forEach(row -> single.add(p.predict(row)));
      ConvertedModels.assertMatchesScikitLearn(model, single);
    }
  }

  @Test
  void outputsAreNamedOnePerClassAndTheLabelKeepsItsName() {
    ModelVersion forest = ConvertedModels.register(registry, "forest", FOREST);
    ModelVersion boosting = ConvertedModels.register(registry, "boosting", BOOSTING);
    ModelVersion regressor = ConvertedModels.register(registry, "regressor", REGRESSOR);
    try (Predictor<Map<String, Object>, Prediction> f = predictors.load(forest.uri());
        Predictor<Map<String, Object>, Prediction> b = predictors.load(boosting.uri());
        Predictor<Map<String, Object>, Prediction> r = predictors.load(regressor.uri())) {
      Prediction p = f.predict(ConvertedModels.rows(FOREST).get(0));
      assertThat(p.outputs()).containsOnlyKeys("output_label", "output_probability_churn",
          "output_probability_downgrade", "output_probability_stay");
      assertThat(p.outputs().get("output_label")).isEqualTo(p.label());
      assertThat(p.outputs().get("output_probability_churn")).isEqualTo(p.scores().get(0));

      Prediction q = b.predict(ConvertedModels.rows(BOOSTING).get(0));
      assertThat(List.copyOf(q.outputs().keySet())).containsExactly("output_label",
          "output_probability_0", "output_probability_1");
      assertThat(q.outputs().get("output_label")).isInstanceOf(Long.class)
          .isEqualTo(Long.valueOf(q.label()));

      Prediction v = r.predict(ConvertedModels.rows(REGRESSOR).get(0));
      assertThat(v.outputs()).containsOnlyKeys("variable");
      assertThat(v.label()).isNull();
    }
  }

  @Test
  void aDeploymentServesAConvertedModelWithoutAFailedCallWhileTheAliasMovesBetweenVersions()
      throws Exception {
    ConvertedModels.register(registry, "m", FOREST);
    ModelVersion second = ConvertedModels.register(registry, "m", FOREST);
    registry.setAlias("m", "production", 1, AliasPrecondition.absent(), "first");
    List<Map<String, Object>> rows = ConvertedModels.rows(FOREST);
    List<String> labels = ConvertedModels.labels(FOREST);
    try (Deployment<Map<String, Object>, Prediction> d = predictors.deploy("models:/m@production")) {
      ConvertedModels.assertMatchesScikitLearn(FOREST, d.predictBatch(rows));
      AtomicBoolean stop = new AtomicBoolean();
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      Set<Integer> served = ConcurrentHashMap.newKeySet();
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        boolean batches = t % 2 == 0;
        Thread caller = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              if (batches) {
                List<Prediction> answers = d.predictBatch(rows);
                ConvertedModels.assertMatchesScikitLearn(FOREST, answers);
                served.add(answers.get(0).version());
              } else {
                Prediction p = d.predict(rows.get(i % rows.size()));
                assertThat(p.label()).isEqualTo(labels.get(i % rows.size()));
                served.add(p.version());
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          }
        });
        caller.start();
        callers.add(caller);
      }
      for (int move = 1; move <= 10; move++) {
        int target = move % 2 == 1 ? second.version() : 1;
        registry.setAlias("m", "production", target, AliasPrecondition.any(), "move " + move);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((d.modelVersion().version() != target || !served.contains(target))
            && failures.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertThat(served).as("versions that answered by move %d", move).contains(target);
      }
      stop.set(true);
      for (Thread caller : callers) {
        caller.join(60_000);
      }
      assertThat(failures).as("failed calls").isEmpty();
      assertThat(served).containsExactlyInAnyOrder(1, second.version());
    }
  }

  @Test
  void microBatchedCallsAreScoredAsTheyAreAlone() throws Exception {
    ModelVersion v = ConvertedModels.register(registry, "m", BOOSTING);
    DjlPredictors batching = DjlPredictors.builder().registry(registry).poolSize(1)
        .microBatching(4, Duration.ofMillis(5)).build();
    List<Map<String, Object>> rows = ConvertedModels.rows(BOOSTING);
    try (Predictor<Map<String, Object>, Prediction> p = batching.load(v.uri())) {
      List<Prediction> answers = new ArrayList<>(Collections.nCopies(rows.size(), null));
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        Thread thread = new Thread(() -> {
          for (int i = first; i < rows.size(); i += 4) {
            answers.set(i, p.predict(rows.get(i)));
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread t : threads) {
        t.join();
      }
      ConvertedModels.assertMatchesScikitLearn(BOOSTING, answers);
    }
  }

  @Test
  void anUnknownCategoryOfAStrictEncoderIsRejectedNamingModelVersionAndFeature() {
    ModelVersion v = ConvertedModels.register(registry, "forest", FOREST);
    Map<String, Object> row = new HashMap<>(ConvertedModels.rows(FOREST).get(0));
    row.put("contract", "weekly");
    try (Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri())) {
      assertThatThrownBy(() -> p.predict(row))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.modelName()).isEqualTo("forest");
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.feature()).isEqualTo("contract");
          })
          .hasMessageContaining("'weekly' is not one of the categories [monthly, two_year, yearly]");
      assertThat(p.predict(ConvertedModels.rows(FOREST).get(0)).label())
          .isEqualTo(ConvertedModels.labels(FOREST).get(0));
    }
  }

  @Test
  void anUnknownValueOfALabelEncoderTakesItsDefaultAsScikitLearnDoes() {
    ModelVersion v = ConvertedModels.register(registry, "boosting", BOOSTING);
    Map<String, Object> row = ConvertedModels.unknownValueRow(BOOSTING, "unknown_plan");
    assertThat(row.get("plan")).isEqualTo("enterprise");
    try (Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri())) {
      List<Double> scores = p.predict(row).scores();
      List<Double> expected = ConvertedModels.unknownValueProbabilities(BOOSTING, "unknown_plan");
      assertThat(scores.get(0)).isCloseTo(expected.get(0), within(1e-5));
      assertThat(scores.get(1)).isCloseTo(expected.get(1), within(1e-5));
    }
  }

  @Test
  void anUnknownValueOfAStrictIntegerOneHotEncoderIsRejectedBeforeTheEngineNamingTheValue() {
    ModelVersion v = ConvertedModels.register(registry, "regions", INTEGER_ONE_HOT);
    assertThat(v.signature().input("region").orElseThrow().type()).isEqualTo(DataType.INT64);
    List<Map<String, Object>> batch = new ArrayList<>(ConvertedModels.rows(INTEGER_ONE_HOT));
    Map<String, Object> unknown = new HashMap<>(batch.get(2));
    unknown.put("region", 5L);
    batch.set(2, unknown);
    try (Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri())) {
      assertThatThrownBy(() -> p.predict(unknown))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.modelName()).isEqualTo("regions");
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.feature()).isEqualTo("region");
          })
          .hasMessageContaining("5 is not one of the categories [3, 7, 11] the model's one-hot"
              + " encoder knows");
      assertThatThrownBy(() -> p.predictBatch(batch))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.feature()).isEqualTo("region");
            assertThat(e.rowIndex()).isEqualTo(2);
          });
      ConvertedModels.assertMatchesScikitLearn(INTEGER_ONE_HOT,
          p.predictBatch(ConvertedModels.rows(INTEGER_ONE_HOT)));
    }
  }

  @Test
  void anUnknownValueOfALenientIntegerOneHotEncoderIsAllZerosAsScikitLearnComputes() {
    ModelVersion v = ConvertedModels.register(registry, "regions", INTEGER_ONE_HOT);
    Map<String, Object> row = ConvertedModels.unknownValueRow(INTEGER_ONE_HOT, "unknown_tier");
    assertThat(row.get("tier")).isEqualTo(9L);
    try (Predictor<Map<String, Object>, Prediction> p = predictors.load(v.uri())) {
      List<Double> scores = p.predict(row).scores();
      List<Double> expected =
          ConvertedModels.unknownValueProbabilities(INTEGER_ONE_HOT, "unknown_tier");
      assertThat(scores.get(0)).isCloseTo(expected.get(0), within(1e-5));
      assertThat(scores.get(1)).isCloseTo(expected.get(1), within(1e-5));
    }
  }

  @Test
  void aNumberInAStringColumnAndAMissingColumnAreRejectedNamingTheFeature() {
    ModelVersion forest = ConvertedModels.register(registry, "forest", FOREST);
    ModelVersion boosting = ConvertedModels.register(registry, "boosting", BOOSTING);
    try (Predictor<Map<String, Object>, Prediction> f = predictors.load(forest.uri());
        Predictor<Map<String, Object>, Prediction> b = predictors.load(boosting.uri())) {
      Map<String, Object> number = new HashMap<>(ConvertedModels.rows(BOOSTING).get(0));
      number.put("plan", 3.0);
      assertThatThrownBy(() -> b.predict(number))
          .isInstanceOfSatisfying(InvalidInputException.class,
              e -> assertThat(e.feature()).isEqualTo("plan"))
          .hasMessageContaining("expected STRING (a String) but got Double '3.0'");

      List<Map<String, Object>> batch = new ArrayList<>(ConvertedModels.rows(FOREST));
      Map<String, Object> missing = new HashMap<>(batch.get(3));
      missing.remove("support_calls");
      batch.set(3, missing);
      assertThatThrownBy(() -> f.predictBatch(batch))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.feature()).isEqualTo("support_calls");
            assertThat(e.rowIndex()).isEqualTo(3);
          })
          .hasMessageContaining("the feature is missing");
    }
  }

  @Test
  void aSignatureThatContradictsTheGraphIsRefusedNamingTheFieldAndNothingIsStored() {
    ModelSignature inferred = ConvertedModels.register(registry, "reference", FOREST).signature();
    List<FieldSpec> inputs = new ArrayList<>(inferred.inputs());
    inputs.set(2, FieldSpec.scalar("support_calls", DataType.STRING));
    Map<String, ModelSignature> wrong = Map.of(
        "support_calls", ModelSignature.of(inputs, inferred.outputs()),
        "contract", ModelSignature.of(inferred.inputs().subList(0, 3), inferred.outputs()),
        "output_probability", ModelSignature.of(inferred.inputs(), List.of(
            FieldSpec.tensor("output_probability", DataType.FLOAT32, 3)
                .withCategories(List.of("stay", "downgrade", "churn")))));
    wrong.forEach((field, signature) -> {
      assertThatThrownBy(() -> registry.register(RegistrationRequest.builder("wrong")
          .artifact(ConvertedModels.file(FOREST)).format(ModelFormat.ONNX).signature(signature)
          .build()))
          .as(field)
          .isInstanceOfSatisfying(InvalidSignatureException.class, e -> {
            assertThat(e.modelName()).isEqualTo("wrong");
            assertThat(e.field()).isEqualTo(field);
          })
          .hasMessageStartingWith("Cannot register model 'wrong': its signature does not match"
              + " rf-zipmap.onnx: ");
    });
    assertThatThrownBy(() -> registry.getModel("wrong")).isInstanceOf(ModelNotFoundException.class);

    ModelVersion given = registry.register(RegistrationRequest.builder("right")
        .artifact(ConvertedModels.file(FOREST)).format(ModelFormat.ONNX).signature(inferred)
        .build());
    assertThat(given.signature()).isEqualTo(inferred);
  }
}

package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.djl.training.DjlTabularTrainer;
import dev.mlops.djl.training.SyntheticTables;
import dev.mlops.djl.training.TableDataset;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.training.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format {@code djl}: what DjlTabularTrainer saves, served from a registry. */
class TrainedModelServingTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  static TableDataset churn;
  static TrainedModel classifier;
  static TableDataset regression;
  static TrainedModel regressor;

  @BeforeAll
  static void train() {
    churn = SyntheticTables.churnShaped(600, 21);
    classifier = DjlTabularTrainer.builder().hiddenLayers(8).epochs(10).learningRate(0.03)
        .build().train(churn, 5);
    regression = SyntheticTables.linearRegression(200, 22);
    regressor = DjlTabularTrainer.builder().epochs(5).build().train(regression, 6);
  }

  @AfterAll
  static void close() {
    classifier.close();
    regressor.close();
  }

  @Test
  void aSavedClassifierRegisteredInAFileRegistryPredictsWhatTheTrainedModelPredicted(
      @TempDir Path dir) {
    try (FileModelRegistry registry = FileModelRegistry.open(dir.resolve("registry"))) {
      ModelVersion v = register(registry, "churn", classifier, dir.resolve("artifact"));
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(2).build();
      List<Map<String, @Nullable Object>> rows = churn.rows().subList(0, 50);
      List<double[]> expected = classifier.predict(rows);
      try (Predictor<Map<String, Object>, Prediction> served = predictors.load(v.uri())) {
        List<Prediction> batch = served.predictBatch(nonNull(rows));
        for (int r = 0; r < rows.size(); r++) {
          assertScores(batch.get(r).scores(), expected.get(r));
          assertThat(batch.get(r).label()).isEqualTo(
              SyntheticTables.CHURN_CLASSES.get(argMax(expected.get(r))));
          assertScores(served.predict(nonNull(rows).get(r)).scores(), expected.get(r));
        }
        assertThat(batch.get(0).version()).isEqualTo(1);
      }
    }
  }

  @Test
  void aSavedRegressorServesTheValueOnTheTargetsScale(@TempDir Path dir) {
    try (FileModelRegistry registry = FileModelRegistry.open(dir.resolve("registry"))) {
      ModelVersion v = register(registry, "demand", regressor, dir.resolve("artifact"));
      List<Map<String, @Nullable Object>> rows = regression.rows().subList(0, 20);
      List<double[]> expected = regressor.predict(rows);
      try (Predictor<Map<String, Object>, Prediction> served =
          DjlPredictors.builder().registry(registry).build().load(v.uri())) {
        List<Prediction> batch = served.predictBatch(nonNull(rows));
        for (int r = 0; r < rows.size(); r++) {
          assertThat(batch.get(r).scores()).hasSize(1);
          assertThat(batch.get(r).scores().get(0)).isCloseTo(expected.get(r)[0], within(1e-6));
          assertThat(batch.get(r).label()).isNull();
        }
      }
    }
  }

  @Test
  void aDeploymentSwapsBetweenAnOnnxVersionAndATrainedDjlVersion(@TempDir Path dir) {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
      register(registry, "churn", classifier, dir.resolve("v2"));
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "onnx");
      Map<String, Object> row = ChurnFixtures.rows().get(3);
      List<Double> onnx = ChurnFixtures.probabilities("v1").get(3);
      double[] djl = classifier.predict(List.of(new HashMap<>(row))).get(0);
      DjlPredictors predictors = DjlPredictors.builder().registry(registry)
          .pollInterval(Duration.ofMillis(100)).build();
      try (Deployment<Map<String, Object>, Prediction> deployment =
          predictors.deploy("models:/churn@production")) {
        FixturePredictionTest.assertScores(deployment.predict(row).scores(), onnx);
        registry.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "trained");
        awaitTrue(() -> deployment.modelVersion().version() == 2, "the swap to the djl version");
        Prediction p = deployment.predict(row);
        assertThat(p.version()).isEqualTo(2);
        assertScores(p.scores(), djl);
        registry.setAlias("churn", "production", 1, AliasPrecondition.pointsTo(2), "back");
        awaitTrue(() -> deployment.modelVersion().version() == 1, "the swap back to onnx");
        FixturePredictionTest.assertScores(deployment.predict(row).scores(), onnx);
      }
    }
  }

  @Test
  void invalidInputsAreRejectedBeforeTheEngineNamingTheFeature(@TempDir Path dir) {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      ModelVersion v = register(registry, "churn", classifier, dir.resolve("a"));
      try (Predictor<Map<String, Object>, Prediction> served =
          DjlPredictors.builder().registry(registry).build().load(v.uri())) {
        Map<String, Object> unknownCategory = withValue("contract", "weekly");
        assertThatThrownBy(() -> served.predict(unknownCategory))
            .isInstanceOf(InvalidInputException.class)
            .hasMessage("Invalid input for model 'churn' version 1, feature 'contract': 'weekly' "
                + "is not one of the categories [monthly, yearly, two_year]");
        Map<String, Object> text = withValue("monthly_charges", "high");
        assertThatThrownBy(() -> served.predictBatch(List.of(withValue("tenure_months", 3), text)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("Invalid input for model 'churn' version 1, row 1, feature "
                + "'monthly_charges': expected FLOAT64 (a Number) but got String");
        Map<String, Object> missing = new LinkedHashMap<>(withValue("tenure_months", 3));
        missing.remove("has_support");
        assertThatThrownBy(() -> served.predict(missing))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("feature 'has_support': the feature is missing");
        Map<String, Object> nan = withValue("monthly_charges", Double.NaN);
        assertThatThrownBy(() -> served.predict(nan))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("feature 'monthly_charges': NaN is not allowed");
        assertThat(served.predict(withValue("tenure_months", 3)).scores()).hasSize(3);
      }
    }
  }

  @Test
  void aSignatureThatDisagreesWithTheSavedNetworkFailsAtLoad(@TempDir Path dir) {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      Path artifact = dir.resolve("a");
      classifier.save(artifact);
      ModelSignature twoClasses = new ModelSignature(classifier.signature().inputs(),
          List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 2)
              .withCategories(List.of("stay", "churn"))), List.of());
      ModelVersion v = registry.register(RegistrationRequest.builder("churn").artifact(artifact)
          .format(ModelFormat.DJL).signature(twoClasses).build());
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
      assertThatThrownBy(() -> predictors.load(v.uri()))
          .isInstanceOf(PredictionException.class)
          .hasMessage("Model 'churn' version 1 does not match its signature: the signature "
              + "declares output classes [stay, churn], but the network was trained on "
              + "[stay, downgrade, churn]");
      assertThatThrownBy(() -> predictors.loadTensors(v.uri()))
          .isInstanceOf(PredictionException.class)
          .hasMessageStartingWith("Model 'churn' version 1 has format 'djl'");
    }
  }

  @Test
  void aDjlArtifactWithoutItsDescriptionFailsAtLoadNamingTheFile(@TempDir Path dir)
      throws java.io.IOException {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      Path artifact = dir.resolve("a");
      classifier.save(artifact);
      java.nio.file.Files.delete(artifact.resolve("model.json"));
      ModelVersion v = registry.register(RegistrationRequest.builder("churn").artifact(artifact)
          .format(ModelFormat.DJL).signature(classifier.signature()).build());
      assertThatThrownBy(() -> DjlPredictors.builder().registry(registry).build().load(v.uri()))
          .isInstanceOf(PredictionException.class)
          .hasMessage("Model 'churn' version 1 needs exactly one model.json (written by "
              + "DjlTabularTrainer) but its artifact has [model-0000.params]");
    }
  }

  private static ModelVersion register(ModelRegistry registry, String name, TrainedModel model,
      Path artifact) {
    model.save(artifact);
    return registry.register(RegistrationRequest.builder(name).artifact(artifact)
        .format(model.format()).signature(model.signature()).params(model.parameters())
        .metrics(model.trainingMetrics()).build());
  }

  private static Map<String, Object> withValue(String feature, Object value) {
    Map<String, Object> row = new LinkedHashMap<>(ChurnFixtures.rows().get(0));
    row.put(feature, value);
    return row;
  }

  private static List<Map<String, Object>> nonNull(List<Map<String, @Nullable Object>> rows) {
    return rows.stream().map(r -> {
      Map<String, Object> copy = new LinkedHashMap<>();
      r.forEach((k, v) -> {
        if (v != null) {
          copy.put(k, v);
        }
      });
      return copy;
    }).toList();
  }

  private static void assertScores(List<Double> actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual.get(i)).isCloseTo(expected[i], within(1e-6));
    }
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + PATIENCE + " waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

package dev.mlops.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.training.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlTabularTrainerTest {

  @Test
  void aLogisticModelLearnsALinearRuleOverMixedFeatureTypes() {
    TableDataset data = SyntheticTables.linearlySeparable(1_500, 1);
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().epochs(15).learningRate(0.05).build();
    try (TrainedModel model = trainer.train(data.head(1_000), 7)) {
      double accuracy = SyntheticTables.accuracy(model.predict(data.tail(1_000).rows()),
          data.tail(1_000));
      assertThat(accuracy).as("hold-out accuracy (5%% of labels flipped)").isGreaterThan(0.88);
      assertThat(model.format()).isEqualTo(ModelFormat.DJL);
      assertThat(model.parameters()).containsEntry("model", "logistic")
          .containsEntry("optimizer", "adam").containsEntry("epochs", "15")
          .containsEntry("seed", "7");
      assertThat(model.trainingMetrics()).containsEntry("epochs", 15.0)
          .containsKey("training_loss");
      assertThat(model.trainingMetrics().get("training_loss")).isBetween(0.0, 0.4);
      assertThat(model.environment()).containsEntry("djl.version", "0.36.0")
          .containsEntry("engine", "PyTorch").containsKeys("engine.version", "java.version");
    }
  }

  @Test
  void aMultilayerPerceptronLearnsXorWhichALogisticModelCannot() {
    TableDataset data = SyntheticTables.xor(800, 2);
    TableDataset training = data.head(600);
    TableDataset holdout = data.tail(600);
    DjlTabularTrainer mlp = DjlTabularTrainer.builder().hiddenLayers(16, 8).epochs(30)
        .learningRate(0.02).build();
    DjlTabularTrainer logistic = DjlTabularTrainer.builder().epochs(10).learningRate(0.02).build();
    try (TrainedModel deep = mlp.train(training, 3);
        TrainedModel flat = logistic.train(training, 3)) {
      assertThat(SyntheticTables.accuracy(deep.predict(holdout.rows()), holdout))
          .isGreaterThan(0.9);
      assertThat(SyntheticTables.accuracy(flat.predict(holdout.rows()), holdout))
          .isLessThan(0.7);
      assertThat(deep.parameters()).containsEntry("model", "mlp")
          .containsEntry("hidden_layers", "16,8");
    }
  }

  @Test
  void aLinearRegressionRecoversALinearTargetOnItsOriginalScale() {
    TableDataset data = SyntheticTables.linearRegression(600, 4);
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().epochs(30).learningRate(0.05)
        .build();
    try (TrainedModel model = trainer.train(data.head(500), 5)) {
      TableDataset holdout = data.tail(500);
      List<double[]> predicted = model.predict(holdout.rows());
      double squares = 0;
      for (int r = 0; r < holdout.size(); r++) {
        assertThat(predicted.get(r)).hasSize(1);
        double error = predicted.get(r)[0] - (Double) holdout.target(r);
        squares += error * error;
      }
      assertThat(Math.sqrt(squares / holdout.size())).as("RMSE (target sd about 20)")
          .isLessThan(0.5);
      assertThat(model.parameters()).containsEntry("model", "linear");
      assertThat(model.signature().outputs()).singleElement()
          .satisfies(o -> assertThat(o.categories()).isEmpty());
    }
  }

  @Test
  void theSameDataConfigurationAndSeedGiveBitIdenticalParametersAndPredictions(
      @TempDir Path dir) throws IOException {
    TableDataset data = SyntheticTables.linearlySeparable(400, 11);
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().hiddenLayers(8).epochs(5)
        .batchSize(16).earlyStopping(0.2, 2).build();
    byte[][] parameters = new byte[3][];
    List<List<double[]>> predictions = new ArrayList<>();
    long[] seeds = {99, 99, 100};
    for (int i = 0; i < 3; i++) {
      try (TrainedModel model = trainer.train(data, seeds[i])) {
        Path out = dir.resolve("run" + i);
        model.save(out);
        parameters[i] = Files.readAllBytes(out.resolve("model-0000.params"));
        predictions.add(model.predict(data.rows()));
      }
    }
    assertThat(parameters[1]).isEqualTo(parameters[0]);
    for (int r = 0; r < data.size(); r++) {
      assertThat(predictions.get(1).get(r)).isEqualTo(predictions.get(0).get(r));
    }
    assertThat(parameters[2]).as("another seed").isNotEqualTo(parameters[0]);
    assertThat(predictions.get(2).get(0)).isNotEqualTo(predictions.get(0).get(0));
  }

  @Test
  void sgdLearnsAndWeightDecayMakesItLessConfident() {
    TableDataset data = SyntheticTables.linearlySeparable(400, 13);
    DjlTabularTrainer.Builder sgd = DjlTabularTrainer.builder().epochs(8).learningRate(0.1)
        .optimizer(DjlTabularTrainer.Optimizer.SGD);
    try (TrainedModel plain = sgd.build().train(data.head(300), 4);
        TrainedModel decayed = sgd.weightDecay(0.2).build().train(data.head(300), 4)) {
      TableDataset holdout = data.tail(300);
      List<double[]> p = plain.predict(holdout.rows());
      List<double[]> d = decayed.predict(holdout.rows());
      assertThat(SyntheticTables.accuracy(p, holdout)).isGreaterThan(0.85);
      assertThat(confidence(d)).isLessThan(confidence(p) * 0.8);
      assertThat(decayed.parameters()).containsEntry("optimizer", "sgd")
          .containsEntry("weight_decay", "0.2");
    }
  }

  /** The mean distance of the first class's probability from one half. */
  private static double confidence(List<double[]> probabilities) {
    return probabilities.stream().mapToDouble(p -> Math.abs(p[0] - 0.5)).average().orElseThrow();
  }

  @Test
  void aSettingGivenTwiceIsRefusedInsteadOfTheLastOneWinning() {
    assertThatThrownBy(() -> DjlTabularTrainer.builder().epochs(10).epochs(20))
        .isInstanceOf(IllegalStateException.class).hasMessage("epochs was already set");
    assertThatThrownBy(() -> DjlTabularTrainer.builder().hiddenLayers(8).hiddenLayers(16, 8))
        .isInstanceOf(IllegalStateException.class).hasMessage("hiddenLayers was already set");
    assertThatThrownBy(() -> DjlTabularTrainer.builder().batchSize(32).batchSize(64))
        .isInstanceOf(IllegalStateException.class).hasMessage("batchSize was already set");
    assertThatThrownBy(() -> DjlTabularTrainer.builder().learningRate(0.1).learningRate(0.01))
        .isInstanceOf(IllegalStateException.class).hasMessage("learningRate was already set");
    assertThatThrownBy(() -> DjlTabularTrainer.builder().optimizer(DjlTabularTrainer.Optimizer.SGD)
            .optimizer(DjlTabularTrainer.Optimizer.ADAM))
        .isInstanceOf(IllegalStateException.class).hasMessage("optimizer was already set");
    assertThatThrownBy(() -> DjlTabularTrainer.builder().weightDecay(0.1).weightDecay(0.2))
        .isInstanceOf(IllegalStateException.class).hasMessage("weightDecay was already set");
    assertThatThrownBy(() -> DjlTabularTrainer.builder().earlyStopping(0.2, 3).earlyStopping(0.1, 5))
        .isInstanceOf(IllegalStateException.class).hasMessage("earlyStopping was already set");
    // The value is checked first: a repeated invalid value is still an argument error.
    assertThatThrownBy(() -> DjlTabularTrainer.builder().epochs(10).epochs(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs");
  }

  @Test
  void earlyStoppingEndsBeforeTheConfiguredEpochsAndKeepsTheBestValidationLoss() {

    TableDataset data = SyntheticTables.linearlySeparable(300, 12);
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().hiddenLayers(32).epochs(300)
        .learningRate(0.05).earlyStopping(0.25, 3).build();
    try (TrainedModel model = trainer.train(data, 1)) {
      assertThat(model.trainingMetrics().get("epochs")).isLessThan(300.0);
      assertThat(model.trainingMetrics()).containsKey("validation_loss");
      assertThat(model.parameters()).containsEntry("validation_fraction", "0.25")
          .containsEntry("patience", "3");
    }
  }

  @Test
  void theSavedDirectoryDescribesTheNetworkAndThePreprocessingLearnedFromTheData(
      @TempDir Path dir) throws IOException {
    TableDataset data = SyntheticTables.linearRegression(200, 6);
    try (TrainedModel model = DjlTabularTrainer.builder().epochs(2).build().train(data, 1)) {
      model.save(dir.resolve("m"));
    }
    assertThat(Files.list(dir.resolve("m")).map(p -> p.getFileName().toString()).sorted())
        .containsExactly("model-0000.params", "model.json");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("m/model.json").toFile());
    assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(json.get("task").asText()).isEqualTo("regression");
    assertThat(json.get("parameterFile").asText()).isEqualTo("model-0000.params");
    assertThat(json.get("architecture").get("inputWidth").asInt()).isEqualTo(4);
    JsonNode a = json.get("features").get(0);
    double mean = 0;
    for (int r = 0; r < data.size(); r++) {
      mean += (float) (double) (Double) data.features(r).get("a");
    }
    mean /= data.size();
    assertThat(a.get("encoding").asText()).isEqualTo("STANDARDIZE");
    assertThat(a.get("center").asDouble()).isCloseTo(mean, within(1e-9));
    JsonNode constant = json.get("features").get(3);
    assertThat(constant.get("center").asDouble()).isEqualTo(7.0);
    assertThat(constant.get("scale").asDouble()).as("constant feature").isEqualTo(1.0);
    assertThat(json.get("features").get(2).get("encoding").asText()).isEqualTo("BOOLEAN");
    assertThat(json.get("target").get("center").asDouble()).isBetween(30.0, 50.0);
  }

  @Test
  void aMissingOptionalValueIsImputedWithTheTrainingMean() {
    TableDataset data = SyntheticTables.linearlySeparable(300, 8);
    try (TrainedModel model = DjlTabularTrainer.builder().epochs(3).build().train(data, 2)) {
      Map<String, @Nullable Object> row = new LinkedHashMap<>(data.features(0));
      row.put("visits", null);
      double[] missing = model.predict(List.of(row)).get(0);
      double mean = 0;
      int n = 0;
      for (int r = 0; r < data.size(); r++) {
        Object v = data.features(r).get("visits");
        if (v != null) {
          mean += ((Long) v).floatValue();
          n++;
        }
      }
      Map<String, @Nullable Object> atMean = new LinkedHashMap<>(row);
      atMean.put("visits", Math.round(mean / n));
      double[] near = model.predict(List.of(atMean)).get(0);
      assertThat(missing[1]).isCloseTo(near[1], within(0.05));
      assertThat(missing[0] + missing[1]).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void rowsThatDoNotMatchTheSignatureAreRejectedByPredictNamingRowAndFeature() {
    TableDataset data = SyntheticTables.linearlySeparable(100, 9);
    TrainedModel model = DjlTabularTrainer.builder().epochs(1).build().train(data, 2);
    Map<String, @Nullable Object> row = new LinkedHashMap<>(data.features(0));
    row.put("contract", "weekly");
    assertThatThrownBy(() -> model.predict(List.of(data.features(1), row)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Row 1, feature 'contract' does not match the trained model's "
            + "signature")
        .hasMessageContaining("'weekly' is not one of the categories");
    model.close();
    assertThatThrownBy(() -> model.predict(List.of(data.features(0))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void savingIntoADirectoryWithFilesFailsNamingIt(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("other.txt"), "x");
    TableDataset data = SyntheticTables.xor(50, 1);
    try (TrainedModel model = DjlTabularTrainer.builder().epochs(1).build().train(data, 2)) {
      assertThatThrownBy(() -> model.save(dir))
          .isInstanceOf(dev.mlops.training.TrainingException.class)
          .hasMessageContaining(dir.toString()).hasMessageContaining("not empty");
    }
  }

  @Test
  void theSignatureHasTheRawFeaturesAndTheClassesAndAnInputExample() {
    TableDataset data = SyntheticTables.linearlySeparable(60, 10);
    try (TrainedModel model = DjlTabularTrainer.builder().epochs(1).build().train(data, 2)) {
      assertThat(model.signature().inputs()).isEqualTo(data.features());
      FieldSpec output = model.signature().outputs().get(0);
      assertThat(output.categories()).containsExactly("stay", "churn");
      assertThat(output.type()).isEqualTo(DataType.FLOAT32);
      assertThat(model.signature().inputExample()).singleElement()
          .satisfies(row -> assertThat(row).doesNotContainValue(null).hasSize(5));
    }
  }
}

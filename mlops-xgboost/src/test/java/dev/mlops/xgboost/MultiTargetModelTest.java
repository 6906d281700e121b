package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models of two targets, trained here by XGBoost itself: a regressor of two targets is served with
 * one score and one set of contributions per target; a multi-label classifier (whose scores the
 * SDK would read as the two classes of one target) and a model of vector-leaf trees are refused
 * at registration with a typed error naming the file, and nothing is stored.
 */
class MultiTargetModelTest {

  private static final ModelSignature TWO_VALUES = ModelSignature.of(XGBoostFixtures.INPUTS,
      List.of(FieldSpec.tensor("prediction", DataType.FLOAT32, -1, 2)));

  @TempDir Path dir;
  InMemoryModelRegistry registry;
  final List<Map<String, Object>> rows = XGBoostFixtures.rows(20, 41);

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void aRegressorOfTwoTargetsIsServedWithOneScoreAndOneExplanationPerTarget() throws Exception {
    Path file = XGBoostFixtures.save(
        XGBoostFixtures.trainTwoTargets("reg:squarederror", "one_output_per_tree"),
        dir.resolve("two.json"));
    float[][] expected = XGBoostFixtures.predict(file, rows, false);
    float[][] margins = XGBoostFixtures.predict(file, rows, true);
    assertThat(expected[0]).hasSize(2);
    register(file, TWO_VALUES);

    DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(1).build();
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load("models:/m/1");
        Predictor<Map<String, Object>, Explanation> explainer =
            DjlPredictors.explainer(predictor)) {
      List<Prediction> predictions = predictor.predictBatch(rows);
      List<Explanation> explanations = explainer.predictBatch(rows);
      for (int r = 0; r < rows.size(); r++) {
        Prediction p = predictions.get(r);
        assertThat(p.scores()).as("row %d", r)
            .containsExactly((double) expected[r][0], (double) expected[r][1]);
        assertThat(p.label()).isNull();
        assertThat(p.outputs()).containsOnlyKeys("prediction_0", "prediction_1");
        Explanation e = explanations.get(r);
        assertThat(e.contributions()).hasSize(2);
        for (int t = 0; t < 2; t++) {
          assertThat(e.contributions().get(t).label()).isEqualTo(Integer.toString(t));
          assertThat(e.contributions().get(t).margin()).as("row %d target %d", r, t)
              .isCloseTo(margins[r][t], within(1e-5));
        }
        assertThat(e.fields()).containsKeys("contribution_0_bias", "contribution_1_tenure_months");
      }
    }
  }

  @Test
  void aRegressorOfTwoTargetsWithAOneValueSignatureIsRefusedNamingTheOutput() throws Exception {
    Path file = XGBoostFixtures.save(
        XGBoostFixtures.trainTwoTargets("reg:squarederror", "one_output_per_tree"),
        dir.resolve("two.ubj"));
    assertThatThrownBy(() -> register(file, XGBoostFixtures.Task.REGRESSION.signature()))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContainingAll("prediction", "returns 2 score(s) per row", "declares 1");
    assertNothingStored();
  }

  @Test
  void aMultiLabelClassifierIsRefusedAtRegistrationNamingTheFileAndItsTargets()
      throws Exception {
    Path file = XGBoostFixtures.save(
        XGBoostFixtures.trainTwoTargets("binary:logistic", "one_output_per_tree"),
        dir.resolve("labels.ubj"));
    assertThat(XGBoostFixtures.predict(file, rows, false)[0]).as("one probability per target")
        .hasSize(2);
    assertThatThrownBy(() -> register(file, XGBoostFixtures.Task.BINARY.signature()))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContainingAll("labels.ubj", "2 targets", "binary:logistic",
            "multi-label classifier", "does not serve");
    assertNothingStored();
  }

  @Test
  void aModelOfVectorLeafTreesIsRefusedAtRegistrationNamingTheTrainingOption() throws Exception {
    Path file = XGBoostFixtures.save(
        XGBoostFixtures.trainTwoTargets("reg:squarederror", "multi_output_tree"),
        dir.resolve("vector.json"));
    assertThatThrownBy(() -> register(file, TWO_VALUES))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContainingAll("vector.json", "has vector leaves of 2 values",
            "multi_strategy=\"one_output_per_tree\"");
    assertNothingStored();
  }

  private void register(Path file, ModelSignature signature) {
    registry.register(RegistrationRequest.builder("m").artifact(file)
        .format(ModelFormat.XGBOOST).signature(signature).build());
  }

  private void assertNothingStored() {
    assertThat(registry.listModels(PageRequest.first(10)).items()).isEmpty();
  }
}

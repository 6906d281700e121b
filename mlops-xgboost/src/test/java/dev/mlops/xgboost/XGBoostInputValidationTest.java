package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad rows for an XGBoost version get the SDK's typed errors, naming model, version, feature and
 * row, before any native call; the predictor keeps serving.
 */
class XGBoostInputValidationTest {

  @TempDir static Path dir;
  static InMemoryModelRegistry registry;
  static Predictor<Map<String, Object>, Prediction> predictor;
  static Predictor<Map<String, Object>, Explanation> explainer;
  final Map<String, Object> row = new HashMap<>(XGBoostFixtures.rows(1, 5).get(0));

  @BeforeAll
  static void load() throws Exception {
    registry = new InMemoryModelRegistry();
    XGBoostFixtures.register(registry, "churn",
        XGBoostFixtures.save(Task.BINARY, 0, true, dir.resolve("m.json")), Task.BINARY);
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    predictor = predictors.load("models:/churn/1");
    explainer = predictors.explainer("models:/churn/1");
  }

  @AfterAll
  static void close() {
    predictor.close();
    explainer.close();
    registry.close();
  }

  @Test
  void aMissingFeatureIsRejectedNamingModelVersionAndFeature() {
    row.remove("monthly_charges");
    assertInvalid(() -> predictor.predict(row), "monthly_charges", -1,
        "model 'churn' version 1", "the feature is missing");
    assertInvalid(() -> explainer.predict(row), "monthly_charges", -1,
        "model 'churn' version 1", "the feature is missing");
  }

  @Test
  void aValueOfTheWrongTypeIsRejectedNamingTheRowInABatch() {
    Map<String, Object> bad = new HashMap<>(row);
    bad.put("tenure_months", "twelve");
    assertInvalid(() -> predictor.predictBatch(List.of(row, bad)), "tenure_months", 1,
        "model 'churn' version 1", "expected FLOAT64 (a Number) but got String 'twelve'");
    bad.put("tenure_months", 12.0);
    bad.put("contract", "weekly");
    assertInvalid(() -> predictor.predict(bad), "contract", -1, "model 'churn' version 1",
        "'weekly' is not one of the categories [monthly, yearly, two_year]");
    assertThat(predictor.predict(row).scores()).hasSize(2);
  }

  private static void assertInvalid(Runnable call, String feature, int rowIndex, String... parts) {
    assertThatThrownBy(call::run).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          InvalidInputException invalid = (InvalidInputException) e;
          assertThat(invalid.feature()).isEqualTo(feature);
          assertThat(invalid.rowIndex()).isEqualTo(rowIndex);
          assertThat(invalid.modelName()).isEqualTo("churn");
          assertThat(invalid.version()).isEqualTo(1);
        })
        .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
        .contains(parts);
  }
}

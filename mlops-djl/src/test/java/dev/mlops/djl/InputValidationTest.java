package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InputValidationTest {

  static InMemoryModelRegistry registry;
  static MeterRegistry meters;
  static Predictor<Map<String, Object>, Prediction> predictor;
  static ModelVersion version;

  @BeforeAll
  static void loadModel() {
    registry = new InMemoryModelRegistry();
    meters = new SimpleMeterRegistry();
    version = ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    predictor = DjlPredictors.builder().registry(registry).meterRegistry(meters).maxBatchSize(8)
        .build().load(version.uri());
  }

  @AfterAll
  static void close() {
    predictor.close();
    registry.close();
  }

  @AfterEach
  void predictorKeepsServingAfterwards() {
    assertThat(predictor.predict(validRow()).scores()).hasSize(3);
  }

  @Test
  void aMissingFeatureIsNamed() {
    Map<String, Object> row = validRow();
    row.remove("contract");
    assertThatThrownBy(() -> predictor.predict(row))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.feature()).isEqualTo("contract");
          assertThat(e.modelName()).isEqualTo("churn");
          assertThat(e.version()).isEqualTo(1);
          assertThat(e.rowIndex()).isEqualTo(-1);
        })
        .hasMessage("Invalid input for model 'churn' version 1, feature 'contract': "
            + "the feature is missing; the signature requires it");
  }

  @Test
  void aNullValueCountsAsMissingUnlessTheFeatureIsOptional() {
    Map<String, Object> row = validRow();
    row.put("tenure_months", null);
    assertThatThrownBy(() -> predictor.predict(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("feature 'tenure_months': the feature is missing");
  }

  @Test
  void anUnknownExtraFeatureIsRejectedByDefault() {
    Map<String, Object> row = validRow();
    row.put("favourite_colour", "blue");
    assertThatThrownBy(() -> predictor.predict(row))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.feature()).isEqualTo("favourite_colour"))
        .hasMessageContaining("the signature has no such feature; it has [contract, has_support, "
            + "monthly_charges, tenure_months]")
        .hasMessageContaining("UnknownFeaturePolicy.IGNORE");
  }

  @Test
  void anUnknownExtraFeatureIsDroppedWhenConfiguredToIgnore() {
    try (Predictor<Map<String, Object>, Prediction> lenient = DjlPredictors.builder()
        .registry(registry).unknownFeatures(UnknownFeaturePolicy.IGNORE).build()
        .load(version.uri())) {
      Map<String, Object> row = validRow();
      row.put("favourite_colour", "blue");
      assertThat(lenient.predict(row).scores()).isEqualTo(lenient.predict(validRow()).scores());
    }
  }

  @Test
  void aValueOfTheWrongTypeIsRejectedWithTheExpectedType() {
    Map<String, Object> row = validRow();
    row.put("monthly_charges", "70.5");
    assertThatThrownBy(() -> predictor.predict(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("feature 'monthly_charges': expected FLOAT64 (a Number) but got "
            + "String '70.5'");
    Map<String, Object> row2 = validRow();
    row2.put("has_support", 1);
    assertThatThrownBy(() -> predictor.predict(row2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("feature 'has_support': expected BOOLEAN (a Boolean) but got "
            + "Integer '1'");
  }

  @Test
  void anUnknownCategoryIsRejectedListingTheAllowedOnes() {
    Map<String, Object> row = validRow();
    row.put("contract", "weekly");
    assertThatThrownBy(() -> predictor.predict(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("feature 'contract': 'weekly' is not one of the categories "
            + "[monthly, yearly, two_year]");
  }

  @Test
  void nanAndInfinityAreRejectedWhereTheSignatureForbidsThem() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      Map<String, Object> row = validRow();
      row.put("monthly_charges", bad);
      assertThatThrownBy(() -> predictor.predict(row))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("feature 'monthly_charges': " + bad + " is not allowed");
    }
  }

  @Test
  void nanIsPassedThroughWhereTheSignatureAllowsIt() {
    ModelSignature lenient = new ModelSignature(
        List.of(ChurnFixtures.SIGNATURE.inputs().get(0),
            FieldSpec.scalar("monthly_charges", DataType.FLOAT64).allowingNonFinite(),
            ChurnFixtures.SIGNATURE.inputs().get(2), ChurnFixtures.SIGNATURE.inputs().get(3)),
        ChurnFixtures.SIGNATURE.outputs(), List.of());
    ModelVersion v = ChurnFixtures.register(registry, "churn-nan",
        ChurnFixtures.model("churn-v1.onnx"), ModelFormat.ONNX, lenient);
    try (Predictor<Map<String, Object>, Prediction> p = DjlPredictors.builder().registry(registry)
        .build().load(v.uri())) {
      Map<String, Object> row = validRow();
      row.put("monthly_charges", Double.NaN);
      assertThat(p.predict(row).scores()).hasSize(3).allMatch(d -> d.isNaN());
    }
  }

  @Test
  void aListWhereAScalarBelongsIsAShapeError() {
    Map<String, Object> row = validRow();
    row.put("tenure_months", List.of(1.0, 2.0));
    assertThatThrownBy(() -> predictor.predict(row))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("feature 'tenure_months': expected a single FLOAT32 value but got "
            + "a list of 2 values; tabular features are scalars");
  }

  @Test
  void aBatchLargerThanTheMaximumIsRejectedBeforeScoring() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      rows.add(validRow());
    }
    assertThatThrownBy(() -> predictor.predictBatch(rows))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.feature()).isNull())
        .hasMessage("Invalid input for model 'churn' version 1: a batch of 9 rows exceeds the "
            + "maximum of 8; split it or raise maxBatchSize");
  }

  @Test
  void aBadRowInABatchIsNamedByItsIndex() {
    List<Map<String, Object>> rows = new ArrayList<>(List.of(validRow(), validRow(), validRow()));
    rows.get(2).put("tenure_months", Float.NaN);
    assertThatThrownBy(() -> predictor.predictBatch(rows))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.rowIndex()).isEqualTo(2);
          assertThat(e.feature()).isEqualTo("tenure_months");
        })
        .hasMessageStartingWith("Invalid input for model 'churn' version 1, row 2, feature "
            + "'tenure_months'");
  }

  @Test
  void aNullRowIsRejected() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(validRow());
    rows.add(null);
    assertThatThrownBy(() -> predictor.predictBatch(rows))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid input for model 'churn' version 1, row 1: the row is null; pass a "
            + "map of feature name to value");
  }

  @Test
  void rejectedCallsAreCountedAsInvalidInput() {
    double before = errors();
    Map<String, Object> row = validRow();
    row.remove("contract");
    assertThatThrownBy(() -> predictor.predict(row)).isInstanceOf(InvalidInputException.class);
    assertThat(errors()).isEqualTo(before + 1);
  }

  private static double errors() {
    return meters.get("mlops.predict.errors")
        .tags("model", "churn", "version", "1", "outcome", "invalid_input").counter().count();
  }

  private static Map<String, Object> validRow() {
    Map<String, Object> row = new HashMap<>();
    row.put("tenure_months", 3);
    row.put("monthly_charges", 42.0f);
    row.put("contract", "monthly");
    row.put("has_support", true);
    return row;
  }
}

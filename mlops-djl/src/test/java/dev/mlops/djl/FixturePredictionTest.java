package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import dev.mlops.testkit.InMemoryModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixturePredictionTest {

  static InMemoryModelRegistry registry;
  static MeterRegistry meters;
  static DjlPredictors predictors;

  @BeforeAll
  static void registerFixtures() {
    registry = new InMemoryModelRegistry();
    meters = new SimpleMeterRegistry();
    predictors = DjlPredictors.builder().registry(registry).meterRegistry(meters).poolSize(2)
        .build();
  }

  @AfterAll
  static void closeRegistry() {
    registry.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"churn-v1.onnx, v1", "churn-v2.onnx, v2", "churn-v1.pt, v1", "churn-v2.pt, v2"})
  void singleRowPredictionsEqualTheProbabilitiesTheGeneratingScriptRecorded(
      String file, String variant) {
    String name = "single-" + file.replace('.', '-');
    ModelVersion v = ChurnFixtures.register(registry, name, file);
    List<List<Double>> expected = ChurnFixtures.probabilities(variant);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load(v.uri())) {
      List<Map<String, Object>> rows = ChurnFixtures.rows();
      for (int i = 0; i < rows.size(); i++) {
        Prediction p = predictor.predict(rows.get(i));
        assertScores(p.scores(), expected.get(i));
        assertThat(p.modelName()).isEqualTo(name);
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.label()).isEqualTo(ChurnFixtures.CLASSES.get(argmax(expected.get(i))));
        assertThat(p.latency()).isPositive();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"churn-v1.onnx, v1", "churn-v2.pt, v2"})
  void batchPredictionsEqualTheRecordedProbabilitiesRowByRow(String file, String variant) {
    ModelVersion v = ChurnFixtures.register(registry, "batch-" + file.replace('.', '-'), file);
    List<List<Double>> expected = ChurnFixtures.probabilities(variant);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load(v.uri())) {
      List<Prediction> predictions = predictor.predictBatch(ChurnFixtures.rows());
      assertThat(predictions).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertScores(predictions.get(i).scores(), expected.get(i));
      }
      assertThat(predictions).extracting(Prediction::predictionId).doesNotHaveDuplicates();
      assertThat(predictor.predictBatch(List.of())).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"churn-v1.onnx", "churn-v1.pt"})
  void everyCallIsTimedUnderTheModelAndVersion(String file) {
    String name = "timed-" + file.replace('.', '-');
    ModelVersion v = ChurnFixtures.register(registry, name, file);
    try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load(v.uri())) {
      predictor.predict(ChurnFixtures.rows().get(0));
      predictor.predictBatch(ChurnFixtures.rows());
    }
    Timer timer = meters.get("mlops.predict.latency")
        .tags("model", name, "version", "1", "outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(2);
  }

  static void assertScores(List<Double> actual, List<Double> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("score %d", i).isCloseTo(expected.get(i), within(1e-5));
    }
  }

  private static int argmax(List<Double> values) {
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) > values.get(best)) {
        best = i;
      }
    }
    return best;
  }
}

package dev.mlops.core.estimation;

import static dev.mlops.core.testing.JsonFixtures.booleans;
import static dev.mlops.core.testing.JsonFixtures.doubles;
import static dev.mlops.core.testing.JsonFixtures.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.testing.JsonFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CBPE against an independent implementation of its definitions: {@code
 * src/test/python/estimation_reference.py} (numpy, with scikit-learn's {@code IsotonicRegression}
 * for the calibration and scikit-learn's metrics for the realized values) wrote {@code
 * estimation/cbpe-reference.json}. Every case must agree on all five metrics, their standard
 * errors and bands within 1e-9: calibrated and miscalibrated scores, with and without shift, with
 * and without calibration, with many ties and with raw logits.
 */
class CbpeReferenceTest {

  private static final Offset<Double> AGREE = within(1e-9);
  private static final JsonNode ROOT = JsonFixtures.read("/estimation/cbpe-reference.json");

  static Stream<Arguments> binaryCases() {
    return cases("binary");
  }

  static Stream<Arguments> multiclassCases() {
    return cases("multiclass");
  }

  private static Stream<Arguments> cases(String section) {
    return StreamSupport.stream(ROOT.get(section).spliterator(), false)
        .map(c -> Arguments.of(c.get("dataset").asText() + ", calibration " + c.get("calibration").asText(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryCases")
  void binaryEstimatesAgreeWithTheReferenceImplementation(String name, JsonNode c) {
    JsonNode data = ROOT.get("datasets").get(c.get("dataset").asText());
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder()
        .threshold(c.get("threshold").asDouble())
        .calibration(calibration(c))
        .referenceChunks(ROOT.get("chunks").asInt())
        .confidenceLevel(ROOT.get("level").asDouble())
        .fit(doubles(data.get("reference").get("scores")), booleans(data.get("reference").get("labels")));
    double[] current = doubles(data.get("current").get("scores"));

    PerformanceEstimate estimate = cbpe.estimate(current);

    assertEstimates(estimate, c.get("estimated"));
    assertRealized(cbpe.realized(current, booleans(data.get("current").get("labels"))), c.get("realized"));
    double[] expected = doubles(c.get("probabilities"));
    for (int i = 0; i < expected.length; i++) {
      assertThat(cbpe.probability(current[i])).as("probability of row %d", i).isCloseTo(expected[i], AGREE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("multiclassCases")
  void multiclassEstimatesAgreeWithTheReferenceImplementation(String name, JsonNode c) {
    JsonNode data = ROOT.get("datasets").get(c.get("dataset").asText());
    List<String> classes = new ArrayList<>();
    ROOT.get("classes").forEach(node -> classes.add(node.asText()));
    MulticlassPerformanceEstimator cbpe = MulticlassPerformanceEstimator.builder(classes)
        .calibration(calibration(c))
        .referenceChunks(ROOT.get("chunks").asInt())
        .confidenceLevel(ROOT.get("level").asDouble())
        .fit(matrix(data.get("reference").get("scores")), ints(data.get("reference").get("labels")));
    double[][] current = matrix(data.get("current").get("scores"));

    assertEstimates(cbpe.estimate(current), c.get("estimated"));
    assertRealized(cbpe.realized(current, ints(data.get("current").get("labels"))), c.get("realized"));
  }

  private static void assertEstimates(PerformanceEstimate estimate, JsonNode expected) {
    assertThat(estimate.metrics().keySet()).containsExactlyElementsOf(names(expected));
    expected.properties().forEach(e -> {
      EstimatedMetric actual = estimate.metric(e.getKey());
      JsonNode want = e.getValue();
      assertThat(actual.value()).as("estimated %s", e.getKey()).isCloseTo(want.get("value").asDouble(), AGREE);
      assertThat(actual.standardError()).as("standard error of %s", e.getKey())
          .isCloseTo(want.get("standardError").asDouble(), AGREE);
      assertThat(actual.lower()).as("lower end of %s", e.getKey()).isCloseTo(want.get("lower").asDouble(), AGREE);
      assertThat(actual.upper()).as("upper end of %s", e.getKey()).isCloseTo(want.get("upper").asDouble(), AGREE);
    });
  }

  private static void assertRealized(Map<String, Double> realized, JsonNode expected) {
    assertThat(realized.keySet()).containsExactlyElementsOf(names(expected));
    expected.properties().forEach(e ->
        assertThat(realized.get(e.getKey())).as("realized %s", e.getKey()).isCloseTo(e.getValue().asDouble(), AGREE));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Calibration calibration(JsonNode c) {
    return Calibration.valueOf(c.get("calibration").asText().toUpperCase(Locale.ROOT));
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] values = new double[rows.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = doubles(rows.get(i));
    }
    return values;
  }
}

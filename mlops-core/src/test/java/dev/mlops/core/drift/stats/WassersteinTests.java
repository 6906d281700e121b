package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Normalised Wasserstein distance")
class WassersteinTests {

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("wasserstein").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  static Stream<Arguments> weightedCases() {
    return ReferenceValues.cases("wasserstein_weighted").map(c -> Arguments.of(c.get("u").size() + " values", c));
  }

  @Nested
  @DisplayName("agrees with scipy and Evidently")
  class AgreesWithScipy {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.WassersteinTests#scipyCases")
    void distanceSpreadAndNormalisedStatisticMatch(String name, JsonNode c) {
      double[] reference = ReferenceValues.sample(c.get("reference"));
      double[] current = ReferenceValues.sample(c.get("current"));

      DriftResult result = new WassersteinDistance().detect(
          new FeatureColumn.Numeric("x", reference, 0), new FeatureColumn.Numeric("x", current, 0));

      assertClose(WassersteinDistance.distance(reference, current), c.get("distance").asDouble(), RELATIVE,
          name + " distance");
      assertClose(WassersteinDistance.populationStandardDeviation(reference), c.get("std").asDouble(), RELATIVE,
          name + " std");
      assertClose(result.statistic(), c.get("statistic").asDouble(), RELATIVE, name + " statistic");
      assertThat(result.pValue()).isNull();
      assertThat(result.drifted()).isEqualTo(c.get("statistic").asDouble() >= 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.WassersteinTests#weightedCases")
    void weightedDistanceMatches(String name, JsonNode c) {
      double distance = WassersteinDistance.distance(
          ReferenceValues.sample(c.get("u")), ReferenceValues.sample(c.get("u_weights")),
          ReferenceValues.sample(c.get("v")), ReferenceValues.sample(c.get("v_weights")));

      assertClose(distance, c.get("distance").asDouble(), RELATIVE, name);
    }
  }

  @Nested
  @DisplayName("behaviour")
  class Behaviour {

    @Test
    void aShiftByOneReferenceStandardDeviationHasStatisticOne() {
      double[] reference = {-1, 1, -1, 1};
      double[] current = {0, 2, 0, 2};

      DriftResult result = new WassersteinDistance().detect(
          new FeatureColumn.Numeric("x", reference, 0), new FeatureColumn.Numeric("x", current, 0));

      assertThat(result.statistic()).isEqualTo(1.0);
      assertThat(result.effectSize()).isEqualTo(1.0);
      assertThat(result.drifted()).isTrue();
    }

    @Test
    void invalidWeightsAreRejected() {
      assertThatThrownBy(() -> WassersteinDistance.distance(new double[] {1, 2}, new double[] {1},
          new double[] {1}, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
      assertThatThrownBy(() -> WassersteinDistance.distance(new double[] {1, 2}, new double[] {0, 0},
          new double[] {1}, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
    }
  }
}

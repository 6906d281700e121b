package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Population Stability Index and Jensen-Shannon distance")
class BinnedDistanceTests {

  static Stream<Arguments> binnedCases() {
    return ReferenceValues.cases("binned").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  static Stream<Arguments> sturgesCases() {
    return ReferenceValues.cases("sturges").map(c -> Arguments.of(c.get("values").size() + " values", c));
  }

  static Stream<Arguments> vectorCases() {
    return ReferenceValues.cases("jensenshannon_vectors").map(c -> Arguments.of(c.get("p").toString(), c));
  }

  @Nested
  @DisplayName("agree with Evidently's formulas and scipy")
  class AgreeWithReference {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.BinnedDistanceTests#binnedCases")
    void populationStabilityIndexMatches(String name, JsonNode c) {
      DriftResult result = new PopulationStabilityIndex().detect(
          ReferenceValues.column(c, "reference"), ReferenceValues.column(c, "current"));

      assertClose(result.statistic(), c.get("psi").asDouble(), RELATIVE, name);
      assertThat(result.pValue()).isNull();
      assertThat(result.effectSize()).isEqualTo(result.statistic());
      assertThat(result.drifted()).isEqualTo(c.get("psi").asDouble() >= 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.BinnedDistanceTests#binnedCases")
    void jensenShannonDistanceMatches(String name, JsonNode c) {
      DriftResult result = new JensenShannonDistance().detect(
          ReferenceValues.column(c, "reference"), ReferenceValues.column(c, "current"));

      assertClose(result.statistic(), c.get("jensenshannon").asDouble(), RELATIVE, name);
      assertThat(result.drifted()).isEqualTo(c.get("jensenshannon").asDouble() >= 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.BinnedDistanceTests#sturgesCases")
    void sturgesEdgesAndCountsMatchNumpyExactly(String name, JsonNode c) {
      double[] values = ReferenceValues.sample(c.get("values"));

      double[] edges = HistogramBins.sturgesEdges(values);
      long[] counts = HistogramBins.counts(values, edges);

      assertThat(edges).containsExactly(ReferenceValues.sample(c.get("edges")));
      long[] expected = new long[c.get("counts").size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = c.get("counts").get(i).asLong();
      }
      assertThat(counts).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.BinnedDistanceTests#vectorCases")
    void jensenShannonOfVectorsMatchesScipy(String name, JsonNode c) {
      double[] p = ReferenceValues.sample(c.get("p"));
      double[] q = ReferenceValues.sample(c.get("q"));

      assertClose(JensenShannonDistance.of(p, q), c.get("e").asDouble(), RELATIVE, name);
      assertClose(JensenShannonDistance.of(p, q, 2.0), c.get("base2").asDouble(), RELATIVE, name + " base 2");
    }
  }

  @Nested
  @DisplayName("behaviour")
  class Behaviour {

    @Test
    void sturgesEdgesSpanBothSamples() {
      double[] edges = HistogramBins.sturgesEdges(new double[] {0, 1, 2}, new double[] {10});

      assertThat(edges[0]).isZero();
      assertThat(edges[edges.length - 1]).isEqualTo(10.0);
      assertThat(edges).hasSize(4); // ceil(log2(4) + 1) = 3 bins
    }

    @Test
    void valuesOnRepeatedEdgesGoToTheHighestBinAsInNumpy() {
      // numpy.histogram([1, 2, 2, 3], [0, 2, 2, 3]) == [1, 0, 3]: [2, 2) is empty, the last bin closed.
      assertThat(HistogramBins.counts(new double[] {1, 2, 2, 3}, new double[] {0, 2, 2, 3}))
          .containsExactly(1, 0, 3);
      // numpy.histogram([1, 3], [0, 3, 3]) == [1, 1]
      assertThat(HistogramBins.counts(new double[] {1, 3}, new double[] {0, 3, 3})).containsExactly(1, 1);
    }

    @Test
    void emptyBinsAreFilledTheWayEvidentlyFillsThem() {
      assertThat(PopulationStabilityIndex.fillEmptyBins(new double[] {0.5, 0.5, 0.0}))
          .containsExactly(0.5, 0.5, 0.0001);
      assertThat(PopulationStabilityIndex.fillEmptyBins(new double[] {0.99995, 0.00005, 0.0}))
          .containsExactly(0.99995, 0.00005, 0.00005 / 1e6);
    }

    @Test
    void countsGivenDirectlyGiveTheSameResultAsRawValues() {
      FeatureColumn reference = new FeatureColumn.Categorical("x", List.of("a", "a", "b"), 0);
      FeatureColumn current = new FeatureColumn.Categorical("x", List.of("b", "b", "c"), 0);

      assertThat(new PopulationStabilityIndex().detectCounts("x", new long[] {2, 1, 0}, new long[] {0, 2, 1}))
          .isEqualTo(new PopulationStabilityIndex().detect(reference, current));
      assertThat(new JensenShannonDistance().detectCounts("x", new long[] {2, 1, 0}, new long[] {0, 2, 1}))
          .isEqualTo(new JensenShannonDistance().detect(reference, current));
    }

    @Test
    void numericFeaturesWithFewValuesAreBinnedByValue() {
      // 3 distinct reference values: one bin per value, so 1.0 and 1.4 are different bins.
      FeatureColumn reference = new FeatureColumn.Numeric("x", new double[] {1, 2, 3, 1, 2, 3}, 0);
      FeatureColumn current = new FeatureColumn.Numeric("x", new double[] {1.4, 2, 3}, 0);

      DriftResult result = new JensenShannonDistance().detect(reference, current);

      assertThat(result.statistic()).isGreaterThan(0.3);
    }

    @Test
    void settingsOutsideTheirRangeAreRejected() {
      assertThatThrownBy(() -> new PopulationStabilityIndex(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0.0");
      assertThatThrownBy(() -> new JensenShannonDistance(0.1, 1.0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("base");
      assertThatThrownBy(() -> PopulationStabilityIndex.of(new double[] {0.5, 0.5}, new double[] {1.0, 0.0}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fill empty bins");
    }
  }
}

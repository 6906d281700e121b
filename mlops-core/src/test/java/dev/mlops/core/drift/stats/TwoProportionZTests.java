package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.drift.stats.internal.ContinuousDistributions;
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

@DisplayName("Two-proportion Z-test")
class TwoProportionZTests {

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("ztest").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  static Stream<Arguments> normalCases() {
    return ReferenceValues.cases("normal_sf").map(c -> Arguments.of("z=" + c.get("z").asDouble(), c));
  }

  @Nested
  @DisplayName("agrees with scipy and Evidently")
  class AgreesWithScipy {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.TwoProportionZTests#scipyCases")
    void statisticPValueAndCohensHMatch(String name, JsonNode c) {
      DriftResult result = new TwoProportionZTest().detect(
          ReferenceValues.column(c, "reference"), ReferenceValues.column(c, "current"));

      assertClose(result.statistic(), c.get("statistic").asDouble(), RELATIVE, name + " z");
      assertClose(result.pValue(), c.get("pvalue").asDouble(), RELATIVE, name + " p-value");
      // Evidently's 2 (1 - Phi(|z|)) loses relative precision in the tail, so it agrees absolutely.
      assertThat(result.pValue()).isCloseTo(c.get("pvalue_evidently").asDouble(), within(1e-14));
      assertClose(result.effectSize(), c.get("cohens_h").asDouble(), RELATIVE, name + " Cohen's h");
      assertThat(result.drifted()).isEqualTo(c.get("pvalue_evidently").asDouble() < 0.05);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.TwoProportionZTests#normalCases")
    void normalTailMatchesNormSf(String name, JsonNode c) {
      assertClose(ContinuousDistributions.normalSf(c.get("z").asDouble()), c.get("sf").asDouble(), RELATIVE, name);
    }
  }

  @Nested
  @DisplayName("behaviour")
  class Behaviour {

    @Test
    void featuresWithMoreThanTwoValuesAreRejectedPointingToChiSquare() {
      assertThatThrownBy(() -> new TwoProportionZTest().detect(categorical("a", "b"), categorical("c")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x'")
          .hasMessageContaining("chi-square");
    }

    @Test
    void identicalConstantSamplesDoNotDrift() {
      DriftResult result = new TwoProportionZTest().detect(categorical("y", "y"), categorical("y"));

      assertThat(result.pValue()).isEqualTo(1.0);
      assertThat(result.effectSize()).isZero();
      assertThat(result.drifted()).isFalse();
    }

    @Test
    void aMinimumCohensHVetoesATrivialButSignificantShift() {
      long[] reference = {500_000, 500_000};
      long[] current = {495_000, 505_000};

      DriftResult plain = new TwoProportionZTest().detectCounts("x", reference, current);
      DriftResult guarded = new TwoProportionZTest(0.05, 0.2).detectCounts("x", reference, current);

      assertThat(plain.drifted()).isTrue();
      assertThat(guarded.pValue()).isEqualTo(plain.pValue());
      assertThat(guarded.drifted()).isFalse();
    }
  }

  private static FeatureColumn categorical(String... values) {
    return new FeatureColumn.Categorical("x", List.of(values), 0);
  }
}

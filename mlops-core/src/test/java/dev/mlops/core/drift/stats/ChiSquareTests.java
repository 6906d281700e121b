package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Chi-square goodness-of-fit test")
class ChiSquareTests {

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("chisquare").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  /** The chi-square survival grid, one invocation per number of degrees of freedom. */
  static Stream<Arguments> survivalCases() {
    Map<String, List<JsonNode>> byDegrees = new LinkedHashMap<>();
    ReferenceValues.cases("chi2_sf").forEach(c ->
        byDegrees.computeIfAbsent("df=" + c.get("df").asInt(), k -> new ArrayList<>()).add(c));
    return byDegrees.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Nested
  @DisplayName("agrees with scipy and Evidently")
  class AgreesWithScipy {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.ChiSquareTests#scipyCases")
    void statisticPValueAndCramersVMatch(String name, JsonNode c) {
      DriftResult result = new ChiSquareTest().detect(
          ReferenceValues.column(c, "reference"), ReferenceValues.column(c, "current"));

      double expectedP = c.get("pvalue").asDouble();
      if (c.get("categories").asInt() == 1) {
        // scipy has no degrees of freedom here and returns NaN; the documented choice is p = 1.
        assertThat(expectedP).isNaN();
        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
      } else {
        assertClose(result.statistic(), c.get("statistic").asDouble(), RELATIVE, name + " statistic");
        assertClose(result.pValue(), expectedP, RELATIVE, name + " p-value");
      }
      assertClose(result.effectSize(), c.get("cramers_v").asDouble(), RELATIVE, name + " Cramer's V");
      assertThat(result.drifted()).isEqualTo(expectedP < 0.05);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.ChiSquareTests#survivalCases")
    void survivalFunctionMatchesChi2Sf(String degrees, List<JsonNode> cases) {
      SoftAssertions softly = new SoftAssertions();
      for (JsonNode c : cases) {
        double x = c.get("x").asDouble();
        double sf = ChiSquareTest.survival(x, c.get("df").asInt());
        double expected = c.get("sf").asDouble();
        softly.assertThat(ReferenceValues.close(sf, expected, RELATIVE))
            .as("%s x=%s: expected %s but was %s", degrees, x, expected, sf).isTrue();
      }
      softly.assertAll();
    }
  }

  @Nested
  @DisplayName("behaviour")
  class Behaviour {

    @Test
    void aCategoryUnseenInTheReferenceMakesTheStatisticInfiniteAndDrifts() {
      DriftResult result = new ChiSquareTest().detect(
          categorical("a", "a", "b", "b"), categorical("a", "b", "c"));

      assertThat(result.statistic()).isInfinite();
      assertThat(result.pValue()).isZero();
      assertThat(result.effectSize()).isBetween(0.0, 1.0);
      assertThat(result.drifted()).isTrue();
    }

    @Test
    void numericColumnsAreTestedWithTheirValuesAsCategories() {
      FeatureColumn reference = new FeatureColumn.Numeric("rooms", new double[] {1, 2, 2, 3, 3, 3}, 2);
      FeatureColumn current = new FeatureColumn.Numeric("rooms", new double[] {1, 2, 2, 3, 3, 3}, 0);

      DriftResult result = new ChiSquareTest().detect(reference, current);

      assertThat(result.feature()).isEqualTo("rooms");
      assertThat(result.method()).isEqualTo("chisquare");
      assertThat(result.statistic()).isZero();
      assertThat(result.pValue()).isEqualTo(1.0);
      assertThat(result.effectSize()).isZero();
      assertThat(result.drifted()).isFalse();
    }

    @Test
    void countsGivenDirectlyGiveTheSameResultAsRawValues() {
      DriftResult fromValues = new ChiSquareTest().detect(
          categorical("a", "a", "a", "b", "c", "c"), categorical("a", "b", "b", "b", "c"));
      DriftResult fromCounts = new ChiSquareTest().detectCounts("x", new long[] {3, 1, 2}, new long[] {1, 3, 1});

      assertThat(fromCounts).isEqualTo(fromValues);
    }

    @Test
    void aMinimumCramersVVetoesATrivialButSignificantShift() {
      long[] reference = {500_000, 500_000};
      long[] current = {495_000, 505_000};

      DriftResult plain = new ChiSquareTest().detectCounts("x", reference, current);
      DriftResult guarded = new ChiSquareTest(0.05, 0.1).detectCounts("x", reference, current);

      assertThat(plain.drifted()).isTrue();
      assertThat(guarded.effectSize()).isLessThan(0.01);
      assertThat(guarded.drifted()).isFalse();
    }

    @Test
    void columnsOfDifferentKindsOrWithoutValuesAreRejected() {
      FeatureColumn numeric = new FeatureColumn.Numeric("x", new double[] {1}, 0);
      FeatureColumn empty = new FeatureColumn.Categorical("x", List.of(), 5);

      assertThatThrownBy(() -> new ChiSquareTest().detect(numeric, categorical("a")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same kind");
      assertThatThrownBy(() -> new ChiSquareTest().detect(categorical("a"), empty))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'").hasMessageContaining("5 missing");
      assertThatThrownBy(() -> new ChiSquareTest().detectCounts("x", new long[] {1, 2}, new long[] {1}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    }
  }

  private static FeatureColumn categorical(String... values) {
    return new FeatureColumn.Categorical("x", List.of(values), 0);
  }
}

package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.drift.stats.internal.KolmogorovDistribution;
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

@DisplayName("Kolmogorov-Smirnov two-sample test")
class KolmogorovSmirnovTests {

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("ks").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  /** The p-value grid, one invocation per pair of sizes. */
  static Stream<Arguments> pValueCases() {
    Map<String, List<JsonNode>> bySizes = new LinkedHashMap<>();
    ReferenceValues.cases("ks_pvalue").forEach(c ->
        bySizes.computeIfAbsent("n=" + c.get("n").asInt() + " m=" + c.get("m").asInt(), k -> new ArrayList<>()).add(c));
    return bySizes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** The Kolmogorov distribution grid, one invocation per sample size. */
  static Stream<Arguments> kolmogorovCases() {
    Map<String, List<JsonNode>> bySize = new LinkedHashMap<>();
    ReferenceValues.cases("kstwo_sf").forEach(c ->
        bySize.computeIfAbsent("n=" + c.get("n").asInt(), k -> new ArrayList<>()).add(c));
    return bySize.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Nested
  @DisplayName("agrees with scipy")
  class AgreesWithScipy {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.KolmogorovSmirnovTests#scipyCases")
    void statisticAndPValueMatchKs2samp(String name, JsonNode c) {
      double[] reference = ReferenceValues.sample(c.get("reference"));
      double[] current = ReferenceValues.sample(c.get("current"));

      DriftResult result = new KolmogorovSmirnovTest().detect(
          new FeatureColumn.Numeric("x", reference, 0), new FeatureColumn.Numeric("x", current, 0));

      assertClose(result.statistic(), c.get("statistic").asDouble(), RELATIVE, name + " statistic");
      assertThat(result.pValue()).isNotNull();
      assertClose(result.pValue(), c.get("pvalue").asDouble(), RELATIVE, name + " p-value");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.KolmogorovSmirnovTests#pValueCases")
    void pValueOfAStatisticMatchesKs2sampForThoseSizes(String sizes, List<JsonNode> cases) {
      SoftAssertions softly = new SoftAssertions();
      for (JsonNode c : cases) {
        double d = c.get("d").asDouble();
        double p = KolmogorovSmirnovTest.pValue(d, c.get("n").asInt(), c.get("m").asInt());
        double expected = c.get("pvalue").asDouble();
        softly.assertThat(ReferenceValues.close(p, expected, RELATIVE))
            .as("%s d=%s: expected %s but was %s", sizes, d, expected, p).isTrue();
      }
      softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.KolmogorovSmirnovTests#kolmogorovCases")
    void kolmogorovSurvivalFunctionMatchesKstwo(String size, List<JsonNode> cases) {
      SoftAssertions softly = new SoftAssertions();
      for (JsonNode c : cases) {
        double d = c.get("d").asDouble();
        double sf = KolmogorovDistribution.sf(c.get("n").asInt(), d);
        double expected = c.get("sf").asDouble();
        softly.assertThat(ReferenceValues.close(sf, expected, RELATIVE))
            .as("%s d=%s: expected %s but was %s", size, d, expected, sf).isTrue();
      }
      softly.assertAll();
    }
  }

  @Nested
  @DisplayName("verdicts and settings")
  class Verdicts {

    @Test
    void clearlyShiftedSamplesDriftAndReportDAsEffectSize() {
      double[] reference = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
      double[] current = {1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0};

      DriftResult result = new KolmogorovSmirnovTest().detect(numeric(reference), numeric(current));

      assertThat(result.method()).isEqualTo("ks");
      assertThat(result.feature()).isEqualTo("x");
      assertThat(result.statistic()).isEqualTo(1.0);
      assertThat(result.effectSize()).isEqualTo(1.0);
      assertThat(result.threshold()).isEqualTo(0.05);
      assertThat(result.pValue()).isLessThan(0.001);
      assertThat(result.drifted()).isTrue();
    }

    @Test
    void aMinimumEffectSizeVetoesASignificantButSmallShift() {
      // 10,000 values each, shifted by 3% of the range: highly significant, but D is only 0.03.
      double[] reference = new double[10_000];
      double[] current = new double[10_000];
      for (int i = 0; i < reference.length; i++) {
        reference[i] = i / 10_000.0;
        current[i] = i / 10_000.0 + 0.03;
      }

      DriftResult plain = new KolmogorovSmirnovTest().detect(numeric(reference), numeric(current));
      DriftResult guarded = new KolmogorovSmirnovTest(0.05, 0.1).detect(numeric(reference), numeric(current));

      assertThat(plain.pValue()).isLessThan(0.001);
      assertThat(plain.drifted()).isTrue();
      assertThat(guarded.pValue()).isEqualTo(plain.pValue());
      assertThat(guarded.drifted()).isFalse();
    }

    @Test
    void missingValuesAreNotPartOfTheStatistic() {
      FeatureColumn reference = new FeatureColumn.Numeric("x", new double[] {1, 2, 3}, 40);
      FeatureColumn current = new FeatureColumn.Numeric("x", new double[] {1, 2, 3}, 0);

      DriftResult result = new KolmogorovSmirnovTest().detect(reference, current);

      assertThat(result.statistic()).isZero();
      assertThat(result.pValue()).isEqualTo(1.0);
      assertThat(result.drifted()).isFalse();
    }

    @Test
    void aColumnWithoutPresentValuesIsRejectedNamingTheFeature() {
      FeatureColumn reference = new FeatureColumn.Numeric("income", new double[] {1, 2, 3}, 0);
      FeatureColumn current = new FeatureColumn.Numeric("income", new double[0], 17);

      assertThatThrownBy(() -> new KolmogorovSmirnovTest().detect(reference, current))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'income'")
          .hasMessageContaining("17 missing");
    }

    @Test
    void categoricalColumnsAndMismatchedFeaturesAreRejected() {
      FeatureColumn categorical = new FeatureColumn.Categorical("x", List.of("a", "b"), 0);
      FeatureColumn other = new FeatureColumn.Numeric("y", new double[] {1}, 0);

      assertThatThrownBy(() -> new KolmogorovSmirnovTest().detect(categorical, categorical))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categorical");
      assertThatThrownBy(() -> new KolmogorovSmirnovTest().detect(numeric(new double[] {1}), other))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'").hasMessageContaining("'y'");
    }

    @Test
    void infiniteValuesAreRejectedAsTheyShouldHaveBeenCountedMissing() {
      assertThatThrownBy(() -> new KolmogorovSmirnovTest().detect(
          numeric(new double[] {1, Double.POSITIVE_INFINITY}), numeric(new double[] {1})))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    }

    @Test
    void settingsOutsideTheirRangeAreRejectedWithTheValue() {
      assertThatThrownBy(() -> new KolmogorovSmirnovTest(1.5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
      assertThatThrownBy(() -> new KolmogorovSmirnovTest(0.05, -1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
      assertThatThrownBy(() -> KolmogorovSmirnovTest.pValue(1.2, 3, 4))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2");
    }

    @Test
    void theExactPathHandlesTheLargestSizesWithoutAQuadraticTable() {
      // A worst case for the band recursion: unequal sizes, and a D whose band spans all rows. An
      // n x m table would need 800 MB here; the recursion keeps one column of the band.
      double p = KolmogorovSmirnovTest.pValue(0.5, 10_000, 9_999);

      assertThat(p).isBetween(0.0, 1e-300);
    }
  }

  private static FeatureColumn numeric(double[] values) {
    return new FeatureColumn.Numeric("x", values, 0);
  }
}

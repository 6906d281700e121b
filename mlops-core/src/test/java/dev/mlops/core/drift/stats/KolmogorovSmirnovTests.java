package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.drift.stats.internal.KolmogorovDistribution;
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

@DisplayName("Kolmogorov-Smirnov two-sample test")
class KolmogorovSmirnovTests {

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("ks").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  static Stream<Arguments> pValueCases() {
    return ReferenceValues.cases("ks_pvalue").map(c -> Arguments.of(
        c.get("d").asDouble() + " n=" + c.get("n").asInt() + " m=" + c.get("m").asInt(), c));
  }

  static Stream<Arguments> kolmogorovCases() {
    return ReferenceValues.cases("kstwo_sf").map(c -> Arguments.of(
        "n=" + c.get("n").asInt() + " d=" + c.get("d").asDouble(), c));
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
    void pValueOfAStatisticMatchesKs2sampForThoseSizes(String name, JsonNode c) {
      double p = KolmogorovSmirnovTest.pValue(c.get("d").asDouble(), c.get("n").asInt(), c.get("m").asInt());

      assertClose(p, c.get("pvalue").asDouble(), RELATIVE, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.core.drift.stats.KolmogorovSmirnovTests#kolmogorovCases")
    void kolmogorovSurvivalFunctionMatchesKstwo(String name, JsonNode c) {
      double sf = KolmogorovDistribution.sf(c.get("n").asInt(), c.get("d").asDouble());

      assertClose(sf, c.get("sf").asDouble(), RELATIVE, name);
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
      // Worst case for the band recursion: unequal sizes and a large D. An n x m table would need
      // 800 MB here; the recursion keeps one column of the band.
      double p = KolmogorovSmirnovTest.pValue(0.9, 10_000, 9_999);

      assertThat(p).isBetween(0.0, 1e-300);
    }
  }

  private static FeatureColumn numeric(double[] values) {
    return new FeatureColumn.Numeric("x", values, 0);
  }
}

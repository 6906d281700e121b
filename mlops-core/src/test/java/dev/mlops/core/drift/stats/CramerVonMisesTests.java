package dev.mlops.core.drift.stats;

import static dev.mlops.core.drift.stats.ReferenceValues.RELATIVE;
import static dev.mlops.core.drift.stats.ReferenceValues.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.drift.stats.internal.BesselK;
import dev.mlops.core.drift.stats.internal.CramerVonMisesDistribution;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Cramer-von Mises two-sample test")
class CramerVonMisesTests {

  /**
   * scipy computes the asymptotic p-value as 1 - cdf, so it carries an absolute rounding error
   * near 1e-16 whatever its size; tiny p-values are compared to this absolute tolerance.
   */
  private static final double ABSOLUTE = 1e-13;

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("cvm").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  static Stream<Arguments> besselCases() {
    return ReferenceValues.elements(ReferenceValues.root().get("cvm_limit").get("kve_quarter"))
        .map(c -> Arguments.of("q=" + c.get("q").asDouble(), c));
  }

  static Stream<Arguments> limitCases() {
    return ReferenceValues.elements(ReferenceValues.root().get("cvm_limit").get("cdf_inf"))
        .map(c -> Arguments.of("x=" + c.get("x").asDouble(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scipyCases")
  void statisticPValueAndEffectMatchCramervonmises2samp(String name, JsonNode c) {
    double[] reference = ReferenceValues.sample(c.get("reference"));
    double[] current = ReferenceValues.sample(c.get("current"));
    boolean forcedAsymptotic = c.get("method").asText().equals("asymptotic");

    DriftResult result = new CramerVonMisesTest().detect(
        new FeatureColumn.Numeric("x", reference, 0), new FeatureColumn.Numeric("x", current, 0));
    double p = forcedAsymptotic ? CramerVonMisesTest.asymptoticPValue(reference, current) : result.pValue();

    double expected = c.get("pvalue").asDouble();
    assertClose(result.statistic(), c.get("statistic").asDouble(), RELATIVE, name + " statistic");
    assertThat(ReferenceValues.close(p, expected, RELATIVE) || Math.abs(p - expected) <= ABSOLUTE)
        .as("%s p-value: expected %s but was %s", name, expected, p).isTrue();
    assertClose(result.effectSize(), c.get("rms_ecdf").asDouble(), RELATIVE, name + " effect size");
    if (!forcedAsymptotic) {
      assertThat(result.drifted()).isEqualTo(expected <= 0.1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("besselCases")
  void scaledBesselFunctionMatchesScipyKve(String name, JsonNode c) {
    assertClose(BesselK.kve(0.25, c.get("q").asDouble()), c.get("kve").asDouble(), 1e-12, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limitCases")
  void limitingDistributionMatchesScipy(String name, JsonNode c) {
    assertClose(CramerVonMisesDistribution.limitCdf(c.get("x").asDouble()), c.get("cdf").asDouble(), RELATIVE, name);
  }

  @Test
  void eachSampleNeedsTwoValues() {
    FeatureColumn one = new FeatureColumn.Numeric("income", new double[] {3}, 0);
    FeatureColumn two = new FeatureColumn.Numeric("income", new double[] {1, 2}, 0);

    assertThatThrownBy(() -> new CramerVonMisesTest().detect(two, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'income'")
        .hasMessageContaining("current");
  }
}

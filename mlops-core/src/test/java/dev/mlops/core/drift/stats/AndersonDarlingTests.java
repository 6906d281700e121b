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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Anderson-Darling two-sample test")
class AndersonDarlingTests {

  static Stream<Arguments> scipyCases() {
    return ReferenceValues.cases("anderson").map(c -> Arguments.of(c.get("name").asText(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scipyCases")
  void statisticPValueAndEffectMatchAndersonKsamp(String name, JsonNode c) {
    double[] reference = ReferenceValues.sample(c.get("reference"));
    double[] current = ReferenceValues.sample(c.get("current"));

    DriftResult result = new AndersonDarlingTest().detect(
        new FeatureColumn.Numeric("x", reference, 0), new FeatureColumn.Numeric("x", current, 0));

    assertClose(result.statistic(), c.get("statistic").asDouble(), RELATIVE, name + " statistic");
    assertClose(result.pValue(), c.get("pvalue").asDouble(), RELATIVE, name + " p-value");
    assertClose(result.effectSize(), c.get("rms_ecdf").asDouble(), RELATIVE, name + " effect size");
    assertThat(result.drifted()).isEqualTo(c.get("pvalue").asDouble() < 0.1);
  }

  @Test
  void pValuesStayWithinTheRangeScipyInterpolates() {
    assertThat(AndersonDarlingTest.pValue(-1.0)).isEqualTo(0.25);
    assertThat(AndersonDarlingTest.pValue(100.0)).isEqualTo(0.001);
    assertThat(AndersonDarlingTest.pValue(2.0)).isBetween(0.001, 0.25);
  }

  @Test
  void aConstantFeatureOrTooFewValuesAreRejectedNamingTheFeature() {
    FeatureColumn constant = new FeatureColumn.Numeric("age", new double[] {3, 3, 3}, 0);
    FeatureColumn tiny = new FeatureColumn.Numeric("age", new double[] {1, 2}, 0);
    FeatureColumn one = new FeatureColumn.Numeric("age", new double[] {3}, 0);

    assertThatThrownBy(() -> new AndersonDarlingTest().detect(constant, constant))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'age'").hasMessageContaining("distinct");
    assertThatThrownBy(() -> new AndersonDarlingTest().detect(tiny, one))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'age'").hasMessageContaining("4 values");
  }
}

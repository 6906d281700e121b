package dev.mlops.core.comparison;

import static dev.mlops.core.testing.JsonFixtures.booleans;
import static dev.mlops.core.testing.JsonFixtures.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.testing.JsonFixtures;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * McNemar's, DeLong's and the two-proportion tests against {@code
 * src/test/python/comparison_reference.py}: scipy's {@code binomtest} and binomial and normal
 * distributions, and DeLong's components computed from their definition (every positive against
 * every negative) with the AUCs checked against scikit-learn's {@code roc_auc_score}.
 */
class ComparisonReferenceTest {

  private static final JsonNode ROOT = JsonFixtures.read("/comparison/reference.json");

  static Stream<Arguments> mcnemar() {
    return cases("mcnemar").map(c -> Arguments.of("b=" + c.get("b") + ", c=" + c.get("c"), c));
  }

  static Stream<Arguments> delongPaired() {
    return cases("delongPaired").map(c -> Arguments.of(c.get("positive").size() + " rows", c));
  }

  static Stream<Arguments> delongUnpaired() {
    return cases("delongUnpaired").map(c -> Arguments.of(
        c.get("championPositive").size() + " and " + c.get("challengerPositive").size() + " rows", c));
  }

  static Stream<Arguments> proportions() {
    return cases("proportions").map(c -> Arguments.of(c.get("correct1") + "/" + c.get("rows1") + " vs "
        + c.get("correct2") + "/" + c.get("rows2"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mcnemar")
  void mcNemarAgreesWithScipy(String name, JsonNode c) {
    long b = c.get("b").asLong();
    long d = c.get("c").asLong();
    assertClose(McNemarTest.pValue(b, d, McNemarTest.Variant.EXACT), c.get("exact").asDouble(), "exact");
    assertClose(McNemarTest.pValue(b, d, McNemarTest.Variant.MID_P), c.get("midP").asDouble(), "mid-p");
    assertClose(McNemarTest.pValue(b, d, McNemarTest.Variant.CONTINUITY_CORRECTED),
        c.get("continuityCorrected").asDouble(), "continuity-corrected");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delongPaired")
  void pairedDeLongAgreesWithTheDefinition(String name, JsonNode c) {
    DeLongTest.Result r = DeLongTest.paired(doubles(c.get("champion")), doubles(c.get("challenger")),
        booleans(c.get("positive")));
    assertDeLong(r, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delongUnpaired")
  void unpairedDeLongAgreesWithTheDefinition(String name, JsonNode c) {
    DeLongTest.Result r = DeLongTest.unpaired(doubles(c.get("champion")), booleans(c.get("championPositive")),
        doubles(c.get("challenger")), booleans(c.get("challengerPositive")));
    assertDeLong(r, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("proportions")
  void twoProportionTestAgreesWithScipy(String name, JsonNode c) {
    double z = ProportionTest.z(c.get("correct1").asLong(), c.get("rows1").asLong(),
        c.get("correct2").asLong(), c.get("rows2").asLong());
    assertThat(z).isCloseTo(c.get("z").asDouble(), within(1e-12));
    assertClose(ProportionTest.greater(z), c.get("pValueBetter").asDouble(), "better");
    assertClose(ProportionTest.greater(-z), c.get("pValueWorse").asDouble(), "worse");
  }

  private static void assertDeLong(DeLongTest.Result r, JsonNode c) {
    assertThat(r.championAuc()).isCloseTo(c.get("championAuc").asDouble(), within(1e-12));
    assertThat(r.challengerAuc()).isCloseTo(c.get("challengerAuc").asDouble(), within(1e-12));
    assertThat(r.standardError()).isCloseTo(c.get("standardError").asDouble(), within(1e-12));
    assertThat(r.z()).isCloseTo(c.get("z").asDouble(), within(1e-9));
    assertClose(r.pValueBetter(), c.get("pValueBetter").asDouble(), "better");
    assertClose(r.pValueWorse(), c.get("pValueWorse").asDouble(), "worse");
  }

  /** Within 1e-9 relative, or 1e-15 absolute for the smallest values. */
  private static void assertClose(double actual, double expected, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(Math.max(1e-15, 1e-9 * Math.abs(expected))));
  }

  private static Stream<JsonNode> cases(String section) {
    return StreamSupport.stream(ROOT.get(section).spliterator(), false);
  }
}

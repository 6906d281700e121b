package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every batch test shares: names, input validation, missing values and thresholds. */
@DisplayName("All batch drift tests")
class AllDetectorsTests {

  static Stream<Arguments> detectors() {
    return Stream.of(
        Arguments.of(new KolmogorovSmirnovTest(), "ks", true),
        Arguments.of(new ChiSquareTest(), "chisquare", false),
        Arguments.of(new TwoProportionZTest(), "z", false),
        Arguments.of(new PopulationStabilityIndex(), "psi", false),
        Arguments.of(new JensenShannonDistance(), "jensenshannon", false),
        Arguments.of(new WassersteinDistance(), "wasserstein", true),
        Arguments.of(new AndersonDarlingTest(), "anderson", true),
        Arguments.of(new CramerVonMisesTest(), "cramer_von_mises", true));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("detectors")
  void methodNamesAreEvidentlysStatTestNames(DriftDetector detector, String name, boolean numericOnly) {
    assertThat(detector.method()).isEqualTo(name);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("detectors")
  void anAllMissingColumnIsRejectedNamingTheFeatureAndItsMissingCount(DriftDetector detector, String name,
      boolean numericOnly) {
    FeatureColumn present = new FeatureColumn.Numeric("tenure", new double[] {1, 2, 3, 4}, 0);
    FeatureColumn allMissing = new FeatureColumn.Numeric("tenure", new double[0], 250);

    assertThatThrownBy(() -> detector.detect(present, allMissing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tenure'")
        .hasMessageContaining("250 missing")
        .hasMessageContaining("current");
    assertThatThrownBy(() -> detector.detect(allMissing, present))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tenure'")
        .hasMessageContaining("reference");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("detectors")
  void columnsOfDifferentFeaturesAreRejected(DriftDetector detector, String name, boolean numericOnly) {
    FeatureColumn a = new FeatureColumn.Numeric("age", new double[] {1, 2, 3, 4}, 0);
    FeatureColumn b = new FeatureColumn.Numeric("income", new double[] {1, 2, 3, 4}, 0);

    assertThatThrownBy(() -> detector.detect(a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'age'")
        .hasMessageContaining("'income'");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("detectors")
  void numericOnlyTestsRejectCategoricalColumnsAndTheOthersAcceptThem(DriftDetector detector, String name,
      boolean numericOnly) {
    FeatureColumn reference = new FeatureColumn.Categorical("plan", List.of("basic", "pro", "basic"), 0);
    FeatureColumn current = new FeatureColumn.Categorical("plan", List.of("pro", "pro", "basic"), 0);

    if (numericOnly) {
      assertThatThrownBy(() -> detector.detect(reference, current))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'plan'");
    } else {
      DriftResult result = detector.detect(reference, current);
      assertThat(result.feature()).isEqualTo("plan");
      assertThat(result.method()).isEqualTo(name);
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("detectors")
  void missingValuesDoNotChangeTheResult(DriftDetector detector, String name, boolean numericOnly) {
    // Two values, so that the Z-test applies too.
    double[] reference = {0, 1, 1, 0, 1, 1, 1};
    double[] current = {1, 0, 0, 0, 1, 0};

    DriftResult withoutMissing = detector.detect(new FeatureColumn.Numeric("x", reference, 0),
        new FeatureColumn.Numeric("x", current, 0));
    DriftResult withMissing = detector.detect(new FeatureColumn.Numeric("x", reference, 1_000),
        new FeatureColumn.Numeric("x", current, 7));

    assertThat(withMissing).isEqualTo(withoutMissing);
  }

  @Test
  void eachDefaultThresholdComesFromItsDriftMethod() {
    assertThat(new KolmogorovSmirnovTest().threshold()).isEqualTo(DriftMethod.KS.defaultThreshold());
    assertThat(new ChiSquareTest().threshold()).isEqualTo(DriftMethod.CHI_SQUARE.defaultThreshold());
    assertThat(new TwoProportionZTest().threshold()).isEqualTo(DriftMethod.Z_TEST.defaultThreshold());
    assertThat(new PopulationStabilityIndex().threshold()).isEqualTo(DriftMethod.PSI.defaultThreshold());
    assertThat(new JensenShannonDistance().threshold())
        .isEqualTo(DriftMethod.JENSEN_SHANNON.defaultThreshold());
    assertThat(new WassersteinDistance().threshold())
        .isEqualTo(DriftMethod.WASSERSTEIN.defaultThreshold());
    assertThat(new AndersonDarlingTest().threshold())
        .isEqualTo(DriftMethod.ANDERSON_DARLING.defaultThreshold());
    assertThat(new CramerVonMisesTest().threshold())
        .isEqualTo(DriftMethod.CRAMER_VON_MISES.defaultThreshold());
  }

  @Test
  void defaultThresholdsAreEvidentlysDefaults() {
    assertThat(new KolmogorovSmirnovTest().threshold()).isEqualTo(0.05);
    assertThat(new ChiSquareTest().threshold()).isEqualTo(0.05);
    assertThat(new TwoProportionZTest().threshold()).isEqualTo(0.05);
    assertThat(new PopulationStabilityIndex().threshold()).isEqualTo(0.1);
    assertThat(new JensenShannonDistance().threshold()).isEqualTo(0.1);
    assertThat(new WassersteinDistance().threshold()).isEqualTo(0.1);
    assertThat(new AndersonDarlingTest().threshold()).isEqualTo(0.1);
    assertThat(new CramerVonMisesTest().threshold()).isEqualTo(0.1);
  }

  @Test
  void countBasedDistancesAgreeWithTheirDetectors() {
    long[] reference = {10, 0, 5, 5};
    long[] current = {3, 4, 5, 8};

    assertThat(PopulationStabilityIndex.ofCounts(reference, current))
        .isEqualTo(new PopulationStabilityIndex().detectCounts("x", reference, current).statistic());
    assertThat(JensenShannonDistance.ofCounts(reference, current))
        .isEqualTo(new JensenShannonDistance().detectCounts("x", reference, current).statistic());
  }
}

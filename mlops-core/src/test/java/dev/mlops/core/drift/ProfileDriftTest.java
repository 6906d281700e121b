package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drift between profiles approximates drift between the raw values they summarise. */
class ProfileDriftTest {

  private static final String[] PLANS = {"basic", "plus", "pro", "team"};

  private static DataTable table(long seed, int n, double shift) {
    return DataTable.builder()
        .numeric("age", Samples.normal(seed, n, 40 + shift, 10))
        .numeric("stable", Samples.normal(seed + 1, n, 0, 1))
        .numeric("children", Samples.integers(seed + 2, n, 4))
        .numeric("flag", Samples.integers(seed + 3, n, 2))
        .categorical("plan", Samples.categories(seed + 4, n, PLANS,
            new double[] {4, 3, 2, 1 + shift}))
        .build();
  }

  private static DatasetProfile profile(DataTable table, int k) {
    DatasetProfile.Builder builder = DatasetProfile.builder();
    table.columns().forEach((name, column) -> {
      if (column instanceof FeatureColumn.Numeric) {
        builder.numeric(name, k);
      } else {
        builder.categorical(name);
      }
    });
    DatasetProfile profile = builder.build();
    profile.update(table);
    return profile;
  }

  private static void assertSameChoicesAndVerdicts(DriftReport exact, DriftReport approximate) {
    assertThat(approximate.approximate()).isTrue();
    assertThat(approximate.features()).hasSameSizeAs(exact.features());
    for (FeatureDrift feature : exact.features()) {
      FeatureDrift estimated = approximate.feature(feature.feature()).orElseThrow();
      assertThat(estimated.method()).as(feature.feature()).isEqualTo(feature.method());
      assertThat(estimated.drifted()).as(feature.feature()).isEqualTo(feature.drifted());
      assertThat(estimated.referenceCount()).isEqualTo(feature.referenceCount());
      assertThat(estimated.currentMissing()).isEqualTo(feature.currentMissing());
    }
    assertThat(approximate.datasetDrifted()).isEqualTo(exact.datasetDrifted());
  }

  @Test
  void withASmallReferenceProfilesGetTheSameTestsAndVerdictsAsRawValues() {
    DataTable reference = table(1, 800, 0);
    DataTable current = table(100, 30_000, 3);
    DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();

    DriftReport exact = analyzer.analyze(reference, current);
    DriftReport estimated = analyzer.analyze(
        profile(reference, NumericProfile.DEFAULT_K), profile(current, NumericProfile.DEFAULT_K));

    assertSameChoicesAndVerdicts(exact, estimated);
    assertThat(exact.feature("age").orElseThrow().method()).isEqualTo("ks");
    assertThat(estimated.feature("age").orElseThrow().score())
        .isCloseTo(exact.feature("age").orElseThrow().score(), within(0.01));
    for (String counted : new String[] {"children", "flag", "plan"}) {
      assertThat(estimated.feature(counted).orElseThrow().result())
          .as(counted).isEqualTo(exact.feature(counted).orElseThrow().result());
    }
  }

  @Test
  void withALargeReferenceProfilesGetTheSameTestsAndVerdictsAsRawValues() {
    DataTable reference = table(2, 20_000, 0);
    DataTable current = table(200, 20_000, 3);
    DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();

    DriftReport exact = analyzer.analyze(reference, current);
    DriftReport estimated = analyzer.analyze(
        profile(reference, NumericProfile.DEFAULT_K), profile(current, NumericProfile.DEFAULT_K));

    assertSameChoicesAndVerdicts(exact, estimated);
    assertThat(exact.feature("age").orElseThrow().method()).isEqualTo("wasserstein");
    for (String numeric : new String[] {"age", "stable"}) {
      assertThat(estimated.feature(numeric).orElseThrow().score()).as(numeric)
          .isCloseTo(exact.feature(numeric).orElseThrow().score(), within(0.02));
    }
    for (String counted : new String[] {"children", "flag", "plan"}) {
      assertThat(estimated.feature(counted).orElseThrow().result())
          .as(counted).isEqualTo(exact.feature(counted).orElseThrow().result());
    }
  }

  @Test
  void binnedDistancesOfNumericFeaturesAreCloseWithALargerSketch() {
    DataTable reference = DataTable.builder()
        .numeric("shifted", Samples.normal(3, 50_000, 0, 1))
        .numeric("stable", Samples.normal(4, 50_000, 0, 1)).build();
    DataTable current = DataTable.builder()
        .numeric("shifted", Samples.normal(5, 50_000, 0.2, 1.1))
        .numeric("stable", Samples.normal(6, 50_000, 0, 1)).build();
    for (DriftMethod method : new DriftMethod[] {DriftMethod.JENSEN_SHANNON, DriftMethod.PSI}) {
      DriftAnalyzer analyzer = DriftAnalyzer.builder()
          .method("shifted", method).method("stable", method).build();

      DriftReport exact = analyzer.analyze(reference, current);
      DriftReport estimated = analyzer.analyze(profile(reference, 2400), profile(current, 2400));

      for (String feature : new String[] {"shifted", "stable"}) {
        assertThat(estimated.feature(feature).orElseThrow().score())
            .as(method + " " + feature)
            .isCloseTo(exact.feature(feature).orElseThrow().score(), within(0.02));
      }
    }
  }

  @Test
  void aFeatureThatWasDiscreteAndBecameContinuousDriftsInBothAnalyses() {
    DataTable reference = DataTable.builder()
        .numeric("score", Samples.integers(7, 5_000, 10)).build();
    DataTable current = DataTable.builder()
        .numeric("score", Samples.normal(8, 5_000, 4.5, 3)).build();
    DriftAnalyzer analyzer = DriftAnalyzer.builder()
        .method("score", DriftMethod.JENSEN_SHANNON).build();

    FeatureDrift exact = analyzer.analyze(reference, current).features().get(0);
    FeatureDrift estimated = analyzer.analyze(DatasetProfile.of(reference),
        DatasetProfile.of(current)).features().get(0);

    assertThat(exact.drifted()).isTrue();
    assertThat(estimated.drifted()).isTrue();
    assertThat(estimated.score()).isCloseTo(exact.score(), within(0.02));
  }

  @Test
  void histogramsFromProfilesCountEveryPresentValue() {
    DatasetProfile reference = DatasetProfile.of(table(9, 20_000, 0));
    DatasetProfile current = DatasetProfile.of(table(10, 15_000, 1));

    FeatureDrift age = DriftAnalyzer.withDefaults().analyze(reference, current)
        .feature("age").orElseThrow();

    assertThat(age.distribution()).isInstanceOfSatisfying(FeatureDistribution.Histogram.class,
        histogram -> {
          assertThat(histogram.referenceTotal()).isEqualTo(20_000);
          assertThat(histogram.currentTotal()).isEqualTo(15_000);
          assertThat(histogram.bins()).isEqualTo(17); // ceil(log2(35000) + 1)
        });
  }

  @Test
  void missingAndInvalidValuesOfProfilesAreReportedAsMissing() {
    DatasetProfile reference = DatasetProfile.builder().numeric("x").build();
    DatasetProfile current = DatasetProfile.builder().numeric("x").build();
    for (int i = 0; i < 100; i++) {
      reference.update(Map.of("x", i));
      current.update(Map.of("x", i % 10 == 0 ? Double.NaN : i % 10 == 1 ? 1 / 0.0 : i));
    }

    FeatureDrift x = DriftAnalyzer.withDefaults().analyze(reference, current).features().get(0);

    assertThat(x.currentMissing()).isEqualTo(20);
    assertThat(x.currentCount()).isEqualTo(80);
  }

  @Test
  void chiSquareCannotTestANumericProfileWithManyValues() {
    DatasetProfile profile = DatasetProfile.of(
        DataTable.builder().numeric("x", Samples.normal(1, 500, 0, 1)).build());

    assertThatThrownBy(() -> DriftAnalyzer.builder().method("x", DriftMethod.CHI_SQUARE).build()
        .analyze(profile, profile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chisquare test of numeric feature 'x' needs counts per value");
  }

  @Test
  void testsThatNeedRawValuesCannotTestProfiles() {
    DatasetProfile profile = DatasetProfile.of(
        DataTable.builder().numeric("x", Samples.normal(1, 500, 0, 1)).build());

    assertThatThrownBy(() -> DriftAnalyzer.builder().method("x", DriftMethod.ANDERSON_DARLING)
        .build().analyze(profile, profile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anderson test set for feature 'x' needs the raw values");
  }

  @Test
  void aCustomDetectorCannotTestProfiles() {
    DriftDetector custom = new DriftDetector() {
      @Override
      public String method() {
        return "custom";
      }

      @Override
      public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
        return new DriftResult(reference.feature(), "custom", 0, null, 1, null, false);
      }
    };
    DatasetProfile profile = DatasetProfile.of(
        DataTable.builder().numeric("x", new double[] {1, 2, 3}).build());

    assertThatThrownBy(() -> DriftAnalyzer.builder().detector("x", custom).build()
        .analyze(profile, profile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' has a custom detector, which needs raw values");
  }

  @Test
  void aCategoricalProfileBeyondItsBoundTestsTheOtherBucketAsOneCategory() {
    DatasetProfile reference = DatasetProfile.builder().categorical("zip", 3).build();
    DatasetProfile current = DatasetProfile.builder().categorical("zip", 3).build();
    String[] zips = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 500; i++) {
      reference.update(Map.of("zip", zips[i % 5]));
      current.update(Map.of("zip", zips[i % 3]));
    }

    FeatureDrift zip = DriftAnalyzer.withDefaults().analyze(reference, current).features().get(0);

    assertThat(zip.method()).isEqualTo("chisquare");
    assertThat(zip.reason()).contains("at least 4 distinct values");
    assertThat(zip.drifted()).isTrue();
    assertThat(zip.distribution()).isInstanceOfSatisfying(FeatureDistribution.Categories.class,
        c -> {
          assertThat(c.categories()).containsExactly("a", "b", "c");
          assertThat(c.referenceOther()).isEqualTo(200);
          assertThat(c.currentOther()).isZero();
        });
    assertThat(Arrays.asList(zip.referenceCount(), zip.currentCount())).containsExactly(500L, 500L);
  }
}

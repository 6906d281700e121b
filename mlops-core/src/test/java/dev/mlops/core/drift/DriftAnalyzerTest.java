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
import dev.mlops.drift.FeatureKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DriftAnalyzerTest {

  private static final String[] PLANS = {"basic", "plus", "pro", "team"};

  private static DriftReport analyze(DataTable reference, DataTable current) {
    return DriftAnalyzer.withDefaults().analyze(reference, current);
  }

  private static FeatureDrift only(DriftReport report) {
    assertThat(report.features()).hasSize(1);
    return report.features().get(0);
  }

  @Nested
  @DisplayName("with a reference of at most 1000 values, chooses as Evidently does")
  class SmallReference {

    @Test
    void aNumericFeatureWithMoreThanFiveValuesGetsKolmogorovSmirnov() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().numeric("age", Samples.normal(1, 500, 40, 10)).build(),
          DataTable.builder().numeric("age", Samples.normal(2, 400, 48, 10)).build()));

      assertThat(drift.method()).isEqualTo("ks");
      assertThat(drift.drifted()).isTrue();
      assertThat(drift.result().pValue()).isLessThan(0.05);
      assertThat(drift.reason()).contains("500 values (<= 1000)", "numeric", "ks test",
          "significance 0.05");
      assertThat(drift.distribution()).isInstanceOf(FeatureDistribution.Histogram.class);
    }

    @Test
    void distinctValuesAreCountedOverBothSamples() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().numeric("x", new double[] {1, 2, 3, 1, 2, 3}).build(),
          DataTable.builder().numeric("x", new double[] {4, 5, 6, 4, 5, 6}).build()));

      assertThat(drift.method()).isEqualTo("ks");
      assertThat(drift.reason()).contains("6 distinct values");
    }

    @Test
    void aNumericFeatureWithThreeToFiveValuesGetsChiSquare() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().numeric("children", cycle(300, 5)).build(),
          DataTable.builder().numeric("children", cycle(200, 5)).build()));

      assertThat(drift.method()).isEqualTo("chisquare");
      assertThat(drift.drifted()).isFalse();
      assertThat(drift.distribution()).isInstanceOfSatisfying(FeatureDistribution.Categories.class,
          c -> assertThat(c.categories()).containsExactly("0", "1", "2", "3", "4"));
    }

    @Test
    void aCategoricalFeatureGetsChiSquare() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().categorical("plan",
              Samples.categories(5, 800, PLANS, new double[] {4, 3, 2, 1})).build(),
          DataTable.builder().categorical("plan",
              Samples.categories(6, 800, PLANS, new double[] {1, 2, 3, 4})).build()));

      assertThat(drift.method()).isEqualTo("chisquare");
      assertThat(drift.kind()).isEqualTo(FeatureKind.CATEGORICAL);
      assertThat(drift.drifted()).isTrue();
      assertThat(drift.reason()).contains("categorical with 4 distinct values");
    }

    @Test
    void aFeatureWithTwoValuesGetsTheZTest() {
      double[] reference = new double[600];
      double[] current = new double[600];
      Arrays.fill(reference, 0, 150, 1.0);
      Arrays.fill(current, 0, 300, 1.0);

      FeatureDrift numeric = only(analyze(
          DataTable.builder().numeric("churned", reference).build(),
          DataTable.builder().numeric("churned", current).build()));
      FeatureDrift categorical = only(analyze(
          DataTable.builder().categorical("vip", Collections.nCopies(100, "yes")).build(),
          DataTable.builder().categorical("vip", Collections.nCopies(100, "no")).build()));

      assertThat(numeric.method()).isEqualTo("z");
      assertThat(numeric.drifted()).isTrue();
      assertThat(categorical.method()).isEqualTo("z");
      assertThat(categorical.drifted()).isTrue();
    }

    @Test
    void aConstantFeatureGetsTheZTestAndDoesNotDrift() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().numeric("x", new double[] {7, 7, 7}).build(),
          DataTable.builder().numeric("x", new double[] {7, 7}).build()));

      assertThat(drift.method()).isEqualTo("z");
      assertThat(drift.drifted()).isFalse();
    }

    @Test
    void theSizeLimitCountsPresentValuesOnly() {
      double[] reference = Samples.normal(7, 1_200, 0, 1);
      Arrays.fill(reference, 0, 300, Double.NaN);

      FeatureDrift drift = only(analyze(
          DataTable.builder().numeric("x", reference).build(),
          DataTable.builder().numeric("x", Samples.normal(8, 500, 0, 1)).build()));

      assertThat(drift.method()).isEqualTo("ks");
      assertThat(drift.referenceCount()).isEqualTo(900);
      assertThat(drift.referenceMissing()).isEqualTo(300);
    }
  }

  @Nested
  @DisplayName("with a reference of more than 1000 values, chooses as Evidently does")
  class LargeReference {

    @Test
    void aNumericFeatureWithMoreThanFiveValuesGetsTheNormalisedWassersteinDistance() {
      DataTable reference = DataTable.builder().numeric("income",
          Samples.normal(1, 3_000, 3_000, 800)).build();

      FeatureDrift shifted = only(analyze(reference, DataTable.builder().numeric("income",
          Samples.normal(2, 2_000, 3_400, 800)).build()));
      FeatureDrift stable = only(analyze(reference, DataTable.builder().numeric("income",
          Samples.normal(3, 2_000, 3_000, 800)).build()));

      assertThat(shifted.method()).isEqualTo("wasserstein");
      assertThat(shifted.score()).isCloseTo(0.5, within(0.1));
      assertThat(shifted.drifted()).isTrue();
      assertThat(shifted.result().pValue()).isNull();
      assertThat(shifted.reason()).contains("3000 values (> 1000)", "wasserstein distance",
          "drift at >= 0.1");
      assertThat(stable.drifted()).isFalse();
    }

    @Test
    void aCategoricalFeatureGetsTheJensenShannonDistance() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().categorical("plan",
              Samples.categories(5, 2_000, PLANS, new double[] {4, 3, 2, 1})).build(),
          DataTable.builder().categorical("plan",
              Samples.categories(6, 2_000, PLANS, new double[] {1, 2, 3, 4})).build()));

      assertThat(drift.method()).isEqualTo("jensenshannon");
      assertThat(drift.drifted()).isTrue();
    }

    @Test
    void aNumericFeatureWithFewValuesGetsTheJensenShannonDistance() {
      FeatureDrift drift = only(analyze(
          DataTable.builder().numeric("children", cycle(2_000, 4)).build(),
          DataTable.builder().numeric("children", cycle(1_000, 4)).build()));

      assertThat(drift.method()).isEqualTo("jensenshannon");
      assertThat(drift.score()).isZero();
      assertThat(drift.drifted()).isFalse();
    }

    @Test
    void theDistanceThresholdCanBeChanged() {
      FeatureDrift drift = only(DriftAnalyzer.builder().distanceThreshold(0.6).build().analyze(
          DataTable.builder().numeric("x", Samples.normal(1, 3_000, 0, 1)).build(),
          DataTable.builder().numeric("x", Samples.normal(2, 3_000, 0.5, 1)).build()));

      assertThat(drift.result().threshold()).isEqualTo(0.6);
      assertThat(drift.drifted()).isFalse();
    }
  }

  @Nested
  @DisplayName("the dataset verdict")
  class DatasetVerdict {

    private DataTable table(double shift) {
      return DataTable.builder()
          .numeric("a", Samples.normal(11, 300, shift, 1))
          .numeric("b", Samples.normal(12, 300, shift, 1))
          .numeric("c", Samples.normal(13, 300, 0, 1))
          .numeric("d", Samples.normal(14, 300, 0, 1))
          .build();
    }

    @Test
    void theDatasetDriftsWhenHalfTheFeaturesDrift() {
      DriftReport report = analyze(table(0), table(3));

      assertThat(report.driftedFeatures()).containsExactly("a", "b");
      assertThat(report.driftedShare()).isEqualTo(0.5);
      assertThat(report.datasetDrifted()).isTrue();
    }

    @Test
    void theDatasetDoesNotDriftBelowTheConfiguredShare() {
      DriftReport report = DriftAnalyzer.builder().driftShare(0.75).build()
          .analyze(table(0), table(3));

      assertThat(report.driftedCount()).isEqualTo(2);
      assertThat(report.datasetDrifted()).isFalse();
      assertThat(report.driftShareThreshold()).isEqualTo(0.75);
    }

    @Test
    void rowCountsTimestampAndExactnessAreReported() {
      Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

      DriftReport report = DriftAnalyzer.builder().clock(clock).build()
          .analyze(table(0), table(0));

      assertThat(report.timestamp()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
      assertThat(report.referenceRows()).isEqualTo(300);
      assertThat(report.currentRows()).isEqualTo(300);
      assertThat(report.approximate()).isFalse();
      assertThat(report.computationTime().isNegative()).isFalse();
    }
  }

  @Nested
  @DisplayName("missing values")
  class MissingValues {

    @Test
    void areCountedPerFeatureAndKeptOutOfTheTest() {
      DriftReport report = analyze(
          DataTable.builder()
              .numeric("x", new double[] {1, 2, Double.NaN, 4, 5, 6, 7, Double.POSITIVE_INFINITY})
              .categorical("c", Arrays.asList("a", null, "b", "a", "b", "a", "a", "b"))
              .build(),
          DataTable.builder()
              .numeric("x", new double[] {1, 2, 3, 4, 5, 6, 7, 8})
              .categorical("c", Arrays.asList(null, null, "b", "a", "b", "a", "a", "b"))
              .build());

      FeatureDrift x = report.feature("x").orElseThrow();
      FeatureDrift c = report.feature("c").orElseThrow();
      assertThat(x.referenceMissing()).isEqualTo(2);
      assertThat(x.referenceCount()).isEqualTo(6);
      assertThat(x.currentMissing()).isZero();
      assertThat(c.referenceMissing()).isEqualTo(1);
      assertThat(c.currentMissing()).isEqualTo(2);
    }

    @Test
    void aFeatureWithNoPresentValuesIsSkippedWithItsReasonAndNotCounted() {
      DriftReport report = analyze(
          DataTable.builder().numeric("x", Samples.normal(1, 100, 0, 1))
              .numeric("gone", Samples.normal(2, 100, 0, 1)).build(),
          DataTable.builder().numeric("x", Samples.normal(3, 100, 0, 1))
              .numeric("gone", nans(100)).build());

      assertThat(report.features()).extracting(FeatureDrift::feature).containsExactly("x");
      assertThat(report.skipped()).singleElement().satisfies(skipped -> {
        assertThat(skipped.feature()).isEqualTo("gone");
        assertThat(skipped.reason()).isEqualTo("no present values in the current sample (100 missing)");
        assertThat(skipped.currentMissing()).isEqualTo(100);
      });
      assertThat(report.driftedShare()).isZero();
    }
  }

  @Nested
  @DisplayName("overrides")
  class Overrides {

    @Test
    void aFeaturesMethodAndThresholdCanBeChosen() {
      DriftReport report = DriftAnalyzer.builder()
          .method("age", DriftMethod.CHI_SQUARE)
          .threshold("age", 0.01)
          .build()
          .analyze(
              DataTable.builder().numeric("age", Samples.integers(1, 400, 30)).build(),
              DataTable.builder().numeric("age", Samples.integers(2, 400, 30)).build());

      FeatureDrift age = only(report);
      assertThat(age.method()).isEqualTo("chisquare");
      assertThat(age.result().threshold()).isEqualTo(0.01);
      assertThat(age.reason()).startsWith("method set for this feature: chisquare")
          .contains("(set for this feature)");
    }

    @Test
    void theSignificanceAndTheSmallReferenceLimitCanBeChanged() {
      DriftReport report = DriftAnalyzer.builder().significance(0.01).smallReferenceMax(5_000)
          .build()
          .analyze(
              DataTable.builder().numeric("x", Samples.normal(1, 2_000, 0, 1)).build(),
              DataTable.builder().numeric("x", Samples.normal(2, 2_000, 0, 1)).build());

      assertThat(only(report).method()).isEqualTo("ks");
      assertThat(only(report).result().threshold()).isEqualTo(0.01);
    }

    @Test
    void aRequiredEffectSizeStopsLargeSamplesFromFlaggingTrivialShifts() {
      DataTable reference = DataTable.builder().numeric("x", Samples.normal(1, 20_000, 0, 1))
          .build();
      DataTable current = DataTable.builder().numeric("x", Samples.normal(2, 20_000, 0.08, 1))
          .build();

      FeatureDrift pValueOnly = only(DriftAnalyzer.builder().method("x", DriftMethod.KS).build()
          .analyze(reference, current));
      FeatureDrift withEffect = only(DriftAnalyzer.builder().method("x", DriftMethod.KS)
          .minEffectSize(0.1).build().analyze(reference, current));

      assertThat(pValueOnly.result().pValue()).isLessThan(1e-6);
      assertThat(pValueOnly.drifted()).isTrue();
      assertThat(withEffect.result().effectSize()).isLessThan(0.1);
      assertThat(withEffect.drifted()).isFalse();
      assertThat(withEffect.minEffectSize()).isEqualTo(0.1);
      assertThat(withEffect.reason()).contains("effect size >= 0.1");
    }

    @Test
    void andersonDarlingAndCramerVonMisesUseEvidentlysDefaultThreshold() {
      DataTable reference = DataTable.builder().numeric("a", Samples.normal(1, 300, 0, 1))
          .numeric("c", Samples.normal(2, 300, 0, 1)).build();
      DataTable current = DataTable.builder().numeric("a", Samples.normal(3, 300, 0.5, 1))
          .numeric("c", Samples.normal(4, 300, 0.5, 1)).build();

      DriftReport report = DriftAnalyzer.builder()
          .method("a", DriftMethod.ANDERSON_DARLING)
          .method("c", DriftMethod.CRAMER_VON_MISES)
          .build()
          .analyze(reference, current);

      assertThat(report.feature("a").orElseThrow().method()).isEqualTo("anderson");
      assertThat(report.feature("c").orElseThrow().method()).isEqualTo("cramer_von_mises");
      assertThat(report.features()).allSatisfy(feature -> {
        assertThat(feature.result().threshold()).isEqualTo(0.1);
        assertThat(feature.drifted()).isTrue();
      });
    }

    @Test
    void aCustomDetectorIsUsedForItsFeature() {
      DriftDetector alwaysDrift = new DriftDetector() {
        @Override
        public String method() {
          return "always";
        }

        @Override
        public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
          return new DriftResult(reference.feature(), "always", 1.0, null, 0.5, null, true);
        }
      };

      FeatureDrift drift = only(DriftAnalyzer.builder().detector("x", alwaysDrift).build()
          .analyze(DataTable.builder().numeric("x", new double[] {1, 2}).build(),
              DataTable.builder().numeric("x", new double[] {1, 2}).build()));

      assertThat(drift.method()).isEqualTo("always");
      assertThat(drift.drifted()).isTrue();
      assertThat(drift.reason()).isEqualTo("detector set for this feature: always");
    }

    @Test
    void onlyTheChosenFeaturesAreTestedInTheirOrder() {
      DataTable table = DataTable.builder().numeric("a", new double[] {1, 2})
          .numeric("b", new double[] {1, 2}).numeric("c", new double[] {1, 2}).build();

      DriftReport report = DriftAnalyzer.builder().features("c", "a").build()
          .analyze(table, table);

      assertThat(report.features()).extracting(FeatureDrift::feature).containsExactly("c", "a");
    }

    @Test
    void aSettingGivenTwiceIsRejected() {
      assertThatThrownBy(() -> DriftAnalyzer.builder().significance(0.01).significance(0.02))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("significance");
      assertThatThrownBy(() -> DriftAnalyzer.builder().method("x", DriftMethod.KS)
          .method("x", DriftMethod.PSI))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'x'");
    }

    @Test
    void anOutOfRangeSettingIsRejectedNamingTheValue() {
      assertThatThrownBy(() -> DriftAnalyzer.builder().driftShare(1.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("driftShare must be in (0, 1] but was 1.5");
      assertThatThrownBy(() -> DriftAnalyzer.builder().threshold("age", -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'age'");
    }
  }

  @Nested
  @DisplayName("rejects")
  class Rejects {

    private final DataTable numeric = DataTable.builder()
        .numeric("x", new double[] {1, 2, 3, 4, 5, 6, 7}).build();

    @Test
    void aCurrentDatasetWithoutAReferenceFeature() {
      DataTable other = DataTable.builder().numeric("y", new double[] {1}).build();

      assertThatThrownBy(() -> analyze(numeric, other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("x (not in the current table)");
    }

    @Test
    void aFeatureWhoseKindDiffers() {
      DataTable categorical = DataTable.builder().categorical("x", List.of("a")).build();

      assertThatThrownBy(() -> analyze(numeric, categorical))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x' is numeric in the reference but categorical");
    }

    @Test
    void aNumericTestChosenForACategoricalFeature() {
      DataTable categorical = DataTable.builder().categorical("x", List.of("a", "b")).build();

      assertThatThrownBy(() -> DriftAnalyzer.builder().method("x", DriftMethod.KS).build()
          .analyze(categorical, categorical))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ks test set for feature 'x' needs numeric values");
    }

    @Test
    void theFirstFailingFeatureInTableOrderWhenSeveralFailOnSeveralThreads() {
      DataTable table = DataTable.builder().numeric("a", new double[] {1, 2})
          .numeric("b", new double[] {1, 2}).numeric("c", new double[] {1, 2})
          .numeric("d", new double[] {1, 2}).build();
      DriftAnalyzer.Builder builder = DriftAnalyzer.builder().parallelism(4);
      for (String failing : List.of("b", "c", "d")) {
        builder.detector(failing, new DriftDetector() {
          @Override
          public String method() {
            return "failing";
          }

          @Override
          public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
            throw new IllegalArgumentException("cannot test '" + reference.feature() + "'");
          }
        });
      }
      DriftAnalyzer analyzer = builder.build();

      for (int run = 0; run < 20; run++) {
        assertThatThrownBy(() -> analyzer.analyze(table, table))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("cannot test 'b'");
      }
    }

    @Test
    void aParallelismBelowOne() {
      assertThatThrownBy(() -> DriftAnalyzer.builder().parallelism(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parallelism must be at least 1 but was 0");
    }

    @Test
    void theZTestChosenForAFeatureWithMoreThanTwoValues() {
      assertThatThrownBy(() -> DriftAnalyzer.builder().method("x", DriftMethod.Z_TEST).build()
          .analyze(numeric, numeric))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("7 distinct values");
    }

    @Test
    void aThresholdThatIsNotAPValueForAHypothesisTest() {
      assertThatThrownBy(() -> DriftAnalyzer.builder().threshold("x", 2.0).build()
          .analyze(numeric, numeric))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("threshold 2.0 set for feature 'x' is not a p-value");
    }
  }

  /** 0, 1, ..., bound - 1, 0, 1, ...: every value equally often. */
  static double[] cycle(int n, int bound) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i % bound;
    }
    return values;
  }

  static double[] nans(int n) {
    double[] values = new double[n];
    Arrays.fill(values, Double.NaN);
    return values;
  }
}

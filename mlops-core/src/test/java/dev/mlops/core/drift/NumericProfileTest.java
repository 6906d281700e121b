package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericProfileTest {

  @Test
  void countsExtremesMeanAndVarianceAreExact() {
    double[] values = new Random(1).doubles(5_000, -3, 17).toArray();
    NumericProfile profile = NumericProfile.create("x");
    for (double value : values) {
      profile.update(value);
    }
    double mean = Arrays.stream(values).average().orElseThrow();
    double variance =
        Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;

    assertThat(profile.count()).isEqualTo(5_000);
    assertThat(profile.min()).isEqualTo(Arrays.stream(values).min().orElseThrow());
    assertThat(profile.max()).isEqualTo(Arrays.stream(values).max().orElseThrow());
    assertThat(profile.mean()).isCloseTo(mean, within(1e-12));
    assertThat(profile.variance()).isCloseTo(variance, within(1e-9));
    assertThat(profile.standardDeviation()).isCloseTo(Math.sqrt(variance), within(1e-9));
  }

  @Test
  void nanCountsAsMissingAndInfinityAsInvalidAndNeitherEntersTheStatistics() {
    NumericProfile profile = NumericProfile.create("x");
    profile.update(1.0);
    profile.update(Double.NaN);
    profile.update(Double.POSITIVE_INFINITY);
    profile.update(Double.NEGATIVE_INFINITY);
    profile.updateMissing();
    profile.update(3.0);

    assertThat(profile.count()).isEqualTo(2);
    assertThat(profile.missing()).isEqualTo(2);
    assertThat(profile.invalid()).isEqualTo(2);
    assertThat(profile.max()).isEqualTo(3.0);
    assertThat(profile.mean()).isEqualTo(2.0);
  }

  @Test
  void anEmptyProfileHasNoStatistics() {
    NumericProfile profile = NumericProfile.create("x");

    assertThat(profile.min()).isNaN();
    assertThat(profile.mean()).isNaN();
    assertThat(profile.variance()).isNaN();
    assertThat(profile.quantile(0.5)).isNaN();
    assertThat(profile.cdf(0.0)).isNaN();
  }

  @Test
  void valuesAreCountedExactlyUpToTheLimitOfTrackedValues() {
    NumericProfile profile = NumericProfile.create("x");
    for (int i = 0; i < 100; i++) {
      profile.update(i % 3);
    }
    profile.update(-0.0);

    assertThat(profile.valueCounts()).hasValueSatisfying(counts -> {
      assertThat(counts).containsOnlyKeys(0.0, 1.0, 2.0);
      assertThat(counts.get(0.0)).isEqualTo(35L);
    });

    for (int i = 0; i < NumericProfile.TRACKED_VALUES_LIMIT; i++) {
      profile.update(10 + i);
    }
    assertThat(profile.valueCounts()).isEmpty();
  }

  @Test
  void mergingEqualsProfilingBothPartsTogether() {
    Random random = new Random(2);
    NumericProfile left = NumericProfile.create("x");
    NumericProfile right = NumericProfile.create("x");
    NumericProfile whole = NumericProfile.create("x");
    for (int i = 0; i < 3_000; i++) {
      double value = random.nextGaussian() * 5 + (i < 1_000 ? 0 : 40);
      (i < 1_000 ? left : right).update(value);
      whole.update(value);
    }
    left.update(Double.NaN);
    whole.update(Double.NaN);

    left.merge(right);

    assertThat(left.count()).isEqualTo(whole.count());
    assertThat(left.missing()).isEqualTo(1);
    assertThat(left.min()).isEqualTo(whole.min());
    assertThat(left.max()).isEqualTo(whole.max());
    assertThat(left.mean()).isCloseTo(whole.mean(), within(1e-9));
    assertThat(left.variance()).isCloseTo(whole.variance(), within(1e-6));
    assertThat(Math.abs(left.cdf(20.0) - whole.cdf(20.0)))
        .isLessThanOrEqualTo(left.normalizedRankError() + whole.normalizedRankError());
  }

  @Test
  void mergingAProfileOfAnotherFeatureIsRejected() {
    NumericProfile age = NumericProfile.create("age");

    assertThatThrownBy(() -> age.merge(NumericProfile.create("income")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("income")
        .hasMessageContaining("age");
  }

  @Test
  void theDefaultSketchKeepsTheRankErrorBelowHalfAPercent() {
    NumericProfile profile = NumericProfile.create("x");

    assertThat(profile.k()).isEqualTo(NumericProfile.DEFAULT_K);
    assertThat(profile.normalizedRankError()).isLessThan(0.005);
  }

  @Test
  void aSketchSizeOutOfRangeIsRejectedNamingTheFeature() {
    assertThatThrownBy(() -> NumericProfile.create("age", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("age")
        .hasMessageContaining("4");
  }

  @Test
  void aCopyIsIndependent() {
    NumericProfile profile = NumericProfile.create("x");
    profile.update(1.0);
    NumericProfile copy = profile.copy();
    copy.update(2.0);

    assertThat(profile.count()).isEqualTo(1);
    assertThat(copy.count()).isEqualTo(2);
    assertThat(copy.max()).isEqualTo(2.0);
  }

  @Test
  void quantilesAndCdfAreExactWhileTheSketchHoldsEveryValue() {
    NumericProfile profile = NumericProfile.create("x");
    for (int i = 1; i <= 100; i++) {
      profile.update(i);
    }

    assertThat(profile.quantile(0.5)).isEqualTo(50.0);
    assertThat(profile.cdf(25.0)).isEqualTo(0.25);
  }
}

package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.stats.KolmogorovSmirnovTest;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SketchStatisticsTest {

  private static final int N = 50_000;

  static Stream<Arguments> distributions() {
    Random r = new Random(11);
    return Stream.of(
        Arguments.of("normal vs normal", (DoubleSupplier) r::nextGaussian,
            (DoubleSupplier) r::nextGaussian),
        Arguments.of("normal vs shifted normal", (DoubleSupplier) r::nextGaussian,
            (DoubleSupplier) () -> r.nextGaussian() + 0.1),
        Arguments.of("lognormal vs wider lognormal",
            (DoubleSupplier) () -> Math.exp(r.nextGaussian()),
            (DoubleSupplier) () -> Math.exp(1.2 * r.nextGaussian())),
        Arguments.of("uniform vs exponential", (DoubleSupplier) r::nextDouble,
            (DoubleSupplier) () -> -Math.log(1 - r.nextDouble()) / 2),
        Arguments.of("bimodal vs normal",
            (DoubleSupplier) () -> r.nextGaussian() + (r.nextBoolean() ? -3 : 3),
            (DoubleSupplier) () -> 2 * r.nextGaussian()),
        Arguments.of("integers with ties", (DoubleSupplier) () -> r.nextInt(200),
            (DoubleSupplier) () -> r.nextInt(180) + 10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void ksStatisticFromDefaultSketchesIsWithinOneHundredthOfExact(
      String name, DoubleSupplier reference, DoubleSupplier current) {
    double[] ref = draw(reference, N);
    double[] cur = draw(current, N);

    double estimated = SketchStatistics.ksStatistic(profile(ref), profile(cur));

    assertThat(estimated).isCloseTo(KolmogorovSmirnovTest.statistic(ref, cur), within(0.01));
  }

  @Test
  void ksStatisticIsExactWhileTheSketchesHoldEveryValue() {
    Random r = new Random(5);
    double[] ref = draw(r::nextGaussian, 150);
    double[] cur = draw(() -> r.nextGaussian() + 0.3, 120);

    assertThat(SketchStatistics.ksStatistic(profile(ref), profile(cur)))
        .isEqualTo(KolmogorovSmirnovTest.statistic(ref, cur));
  }

  @Test
  void wassersteinIsExactWhileTheSketchesHoldEveryValue() {
    double[] ref = {0, 1, 3};
    double[] cur = {5, 6, 8};

    // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
    assertThat(SketchStatistics.wasserstein(profile(ref), profile(cur))).isEqualTo(5.0);
    // scipy.stats.wasserstein_distance([0, 1], [0, 0, 1, 1, 1]) == 0.1
    assertThat(SketchStatistics.wasserstein(profile(new double[] {0, 1}),
        profile(new double[] {0, 0, 1, 1, 1}))).isCloseTo(0.1, within(1e-12));
  }

  /** The distributions without a heavy tail; see the lognormal test below for the others. */
  static Stream<Arguments> lightTailedDistributions() {
    return distributions().filter(a -> !a.get()[0].toString().startsWith("lognormal"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lightTailedDistributions")
  void wassersteinFromDefaultSketchesIsWithinTwoHundredthsOfAStandardDeviation(
      String name, DoubleSupplier reference, DoubleSupplier current) {
    double[] ref = draw(reference, N);
    double[] cur = draw(current, N);
    NumericProfile refProfile = profile(ref);

    double estimated = SketchStatistics.wasserstein(refProfile, profile(cur));

    assertThat(estimated / refProfile.standardDeviation())
        .isCloseTo(exactWasserstein(ref, cur) / refProfile.standardDeviation(), within(0.02));
  }

  /**
   * A heavy right tail is where sketched Wasserstein is weakest: the area is dominated by the top
   * fraction of a percent of the values, which the sketch holds only as a few heavily weighted
   * items. Measured over 40 repetitions of lognormal vs wider lognormal (50,000 values each, k =
   * 600), the error reached 0.144 reference standard deviations (mean 0.021); the bound asserted
   * here is the one documented in docs/drift.md. The sketch's compaction is randomised, so the
   * bound must hold for every run, not on average.
   */
  @Test
  void wassersteinFromDefaultSketchesOfAHeavyTailedFeatureIsWithinTheDocumentedLooserBound() {
    Random r = new Random(23);
    double[] ref = draw(() -> Math.exp(r.nextGaussian()), N);
    double[] cur = draw(() -> Math.exp(1.2 * r.nextGaussian()), N);
    NumericProfile refProfile = profile(ref);

    double estimated = SketchStatistics.wasserstein(refProfile, profile(cur));

    assertThat(estimated / refProfile.standardDeviation())
        .isCloseTo(exactWasserstein(ref, cur) / refProfile.standardDeviation(), within(0.25));
  }

  @Test
  void binCountsFollowNumpyHistogramConventions() {
    NumericProfile profile = profile(new double[] {0, 1, 1, 2, 3, 4});

    long[] counts = SketchStatistics.binCounts(profile, new double[] {0, 1, 2, 4});

    // numpy.histogram([0, 1, 1, 2, 3, 4], [0, 1, 2, 4]) counts [1, 2, 3]
    assertThat(counts).containsExactly(1, 2, 3);
  }

  static double[] draw(DoubleSupplier supplier, int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = supplier.getAsDouble();
    }
    return values;
  }

  static NumericProfile profile(double[] values) {
    NumericProfile profile = NumericProfile.create("x");
    for (double value : values) {
      profile.update(value);
    }
    return profile;
  }

  /** The area between the two empirical CDFs, straight from the sorted samples. */
  static double exactWasserstein(double[] a, double[] b) {
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double area = 0;
    double previous = Math.min(x[0], y[0]);
    while (i < x.length || j < y.length) {
      double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
      area += Math.abs((double) i / x.length - (double) j / y.length) * (next - previous);
      while (i < x.length && x[i] <= next) {
        i++;
      }
      while (j < y.length && y[j] <= next) {
        j++;
      }
      previous = next;
    }
    return area;
  }
}

package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the drift statistics, on random samples with and without ties. */
@Label("Drift statistics: properties")
class DriftStatisticsPropertyTests {

  private static final double SQRT_LN2 = Math.sqrt(Math.log(2));

  @Provide
  Arbitrary<double[]> samples() {
    // Half-integers in [-10, 10] make ties common; continuous values make them rare.
    Arbitrary<Double> tied = Arbitraries.integers().between(-20, 20).map(i -> i / 2.0);
    Arbitrary<Double> continuous = Arbitraries.doubles().between(-1000, 1000);
    return Arbitraries.oneOf(tied, continuous).list().ofMinSize(1).ofMaxSize(60)
        .map(list -> list.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Provide
  Arbitrary<double[]> shares() {
    return Arbitraries.integers().between(0, 50).array(int[].class).ofMinSize(1).ofMaxSize(12)
        .filter(counts -> Arrays.stream(counts).sum() > 0)
        .map(counts -> {
          double total = Arrays.stream(counts).sum();
          return Arrays.stream(counts).mapToDouble(c -> c / total).toArray();
        });
  }

  @Provide
  Arbitrary<List<String>> categories() {
    return Arbitraries.of("a", "b", "c", "d", "e").list().ofMinSize(1).ofMaxSize(80);
  }

  @Property(tries = 300)
  @Label("the KS statistic lies in [0, 1], is symmetric, and its p-value lies in [0, 1]")
  void ksStatisticAndPValueAreBounded(@ForAll("samples") double[] a, @ForAll("samples") double[] b) {
    double d = KolmogorovSmirnovTest.statistic(a, b);
    double p = KolmogorovSmirnovTest.pValue(d, a.length, b.length);

    assertThat(d).isBetween(0.0, 1.0);
    assertThat(KolmogorovSmirnovTest.statistic(b, a)).isEqualTo(d);
    assertThat(p).isBetween(0.0, 1.0);
    assertThat(KolmogorovSmirnovTest.pValue(d, b.length, a.length)).isEqualTo(p);
  }

  @Property(tries = 200)
  @Label("the exact KS p-value never increases with the statistic")
  void ksPValueIsMonotoneInTheStatistic(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 300) int m, @ForAll @DoubleRange(min = 0, max = 1) double d1,
      @ForAll @DoubleRange(min = 0, max = 1) double d2) {
    double low = Math.min(d1, d2);
    double high = Math.max(d1, d2);

    assertThat(KolmogorovSmirnovTest.pValue(high, n, m))
        .isLessThanOrEqualTo(KolmogorovSmirnovTest.pValue(low, n, m) * (1 + 1e-12));
  }

  @Property(tries = 150)
  @Label("identical samples, in any order, never drift under any numeric test")
  void identicalNumericSamplesNeverDrift(@ForAll("samples") double[] values, @ForAll long seed) {
    double[] shuffled = shuffle(values, seed);
    FeatureColumn reference = new FeatureColumn.Numeric("x", values, 0);
    FeatureColumn current = new FeatureColumn.Numeric("x", shuffled, 0);

    List<DriftDetector> detectors = new ArrayList<>(List.of(new KolmogorovSmirnovTest(), new ChiSquareTest(),
        new PopulationStabilityIndex(), new JensenShannonDistance(), new WassersteinDistance()));
    if (values.length >= 2) {
      detectors.add(new CramerVonMisesTest());
    }
    if (values.length >= 2 && HistogramBins.distinct(values) >= 2) {
      detectors.add(new AndersonDarlingTest());
    }
    for (DriftDetector detector : detectors) {
      DriftResult result = detector.detect(reference, current);
      assertThat(result.drifted()).as("%s on identical samples", detector.method()).isFalse();
      if (result.pValue() != null) {
        assertThat(result.pValue()).as(detector.method()).isBetween(0.0, 1.0);
      }
    }
  }

  @Property(tries = 150)
  @Label("identical categorical samples never drift, and their distances are 0")
  void identicalCategoricalSamplesNeverDrift(@ForAll("categories") List<String> values, @ForAll long seed) {
    List<String> shuffled = new ArrayList<>(values);
    Collections.shuffle(shuffled, new Random(seed));
    FeatureColumn reference = new FeatureColumn.Categorical("x", values, 0);
    FeatureColumn current = new FeatureColumn.Categorical("x", shuffled, 0);

    assertThat(new ChiSquareTest().detect(reference, current).pValue()).isEqualTo(1.0);
    assertThat(new PopulationStabilityIndex().detect(reference, current).statistic()).isZero();
    assertThat(new JensenShannonDistance().detect(reference, current).statistic()).isZero();
    if (values.stream().distinct().count() <= 2) {
      assertThat(new TwoProportionZTest().detect(reference, current).drifted()).isFalse();
    }
  }

  @Property(tries = 300)
  @Label("p-values and bounded effect sizes of every hypothesis test lie in their ranges")
  void pValuesAndEffectSizesAreBounded(@ForAll("samples") double[] a, @ForAll("samples") double[] b) {
    FeatureColumn reference = new FeatureColumn.Numeric("x", a, 0);
    FeatureColumn current = new FeatureColumn.Numeric("x", b, 0);
    List<DriftResult> results = new ArrayList<>();
    results.add(new KolmogorovSmirnovTest().detect(reference, current));
    results.add(new ChiSquareTest().detect(reference, current));
    if (a.length >= 2 && b.length >= 2) {
      results.add(new CramerVonMisesTest().detect(reference, current));
    }
    boolean twoDistinct = HistogramBins.distinct(concat(a, b)) >= 2;
    if (a.length + b.length >= 4 && twoDistinct) {
      results.add(new AndersonDarlingTest().detect(reference, current));
    }
    double d = results.get(0).statistic();
    for (DriftResult result : results) {
      assertThat(result.pValue()).as(result.method()).isNotNull().isBetween(0.0, 1.0);
      assertThat(result.effectSize()).as(result.method()).isNotNull().isBetween(0.0, 1.0);
      if (result.method().equals("anderson") || result.method().equals("cramer_von_mises")) {
        assertThat(result.effectSize()).as("RMS ECDF difference is at most D").isLessThanOrEqualTo(d + 1e-12);
      }
    }
  }

  @Property(tries = 300)
  @Label("PSI and Jensen-Shannon are symmetric, non-negative and 0 between equal shares")
  void binnedDistancesAreSymmetric(@ForAll("shares") double[] p, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    double[] q = shuffle(p, seed);
    double[] pf = PopulationStabilityIndex.fillEmptyBins(p);
    double[] qf = PopulationStabilityIndex.fillEmptyBins(q);

    double psi = PopulationStabilityIndex.of(pf, qf);
    double js = JensenShannonDistance.of(p, q);

    assertThat(psi).isGreaterThanOrEqualTo(0.0).isCloseTo(PopulationStabilityIndex.of(qf, pf), within(1e-12));
    assertThat(js).isBetween(0.0, SQRT_LN2 + 1e-15).isCloseTo(JensenShannonDistance.of(q, p), within(1e-12));
    assertThat(PopulationStabilityIndex.of(pf, pf)).isZero();
    assertThat(JensenShannonDistance.of(p, p)).isZero();
  }

  @Property(tries = 300)
  @Label("the Wasserstein distance of a sample to itself is 0, and a shift by c moves it by |c|")
  void wassersteinDistanceOfASampleToItselfAndShifts(@ForAll("samples") double[] values, @ForAll long seed,
      @ForAll @DoubleRange(min = -50, max = 50) double shift) {
    double[] moved = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      moved[i] = values[i] + shift;
    }

    assertThat(WassersteinDistance.distance(values, shuffle(values, seed))).isZero();
    assertThat(WassersteinDistance.distance(values, moved)).isCloseTo(Math.abs(shift), within(1e-9));
  }

  @Property(tries = 200)
  @Label("Sturges bins cover every value exactly once")
  void sturgesBinsCoverEveryValue(@ForAll("samples") double[] a, @ForAll("samples") double[] b) {
    double[] edges = HistogramBins.sturgesEdges(a, b);

    assertThat(Arrays.stream(HistogramBins.counts(a, edges)).sum()).isEqualTo(a.length);
    assertThat(Arrays.stream(HistogramBins.counts(b, edges)).sum()).isEqualTo(b.length);
    for (int i = 1; i < edges.length; i++) {
      assertThat(edges[i]).isGreaterThanOrEqualTo(edges[i - 1]);
    }
  }

  @Property(tries = 200)
  @Label("chi-square of counts scaled exactly in proportion is 0 with p-value 1")
  void proportionalCountsDoNotDrift(@ForAll("shares") double[] ignored,
      @ForAll @IntRange(min = 1, max = 5) int factor) {
    long[] reference = new long[ignored.length];
    long[] current = new long[ignored.length];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = Math.round(ignored[i] * 100) + 1;
      current[i] = reference[i] * factor;
    }

    DriftResult result = new ChiSquareTest().detectCounts("x", reference, current);

    assertThat(result.statistic()).isCloseTo(0.0, within(1e-9));
    assertThat(result.pValue()).isCloseTo(1.0, within(1e-9));
    assertThat(result.effectSize()).isCloseTo(0.0, within(1e-6));
  }

  private static double[] shuffle(double[] values, long seed) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    Collections.shuffle(list, new Random(seed));
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] concat(double[] a, double[] b) {
    double[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

}

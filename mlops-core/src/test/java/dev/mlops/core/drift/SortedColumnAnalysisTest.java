package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.core.drift.stats.WassersteinDistance;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDrift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exact report sorts each numeric column once and reuses the sorted values for the distinct
 * count, the Wasserstein distance and the histogram; these tests prove that it gives exactly the
 * report the straightforward computation ({@link StraightforwardColumnAnalysis}) gives.
 */
class SortedColumnAnalysisTest {

  private static final int TABLES = 60;

  @Test
  void reportsOnRandomTablesEqualTheStraightforwardComputationBitForBit() {
    SplittableRandom random = new SplittableRandom(20261128);
    List<DriftAnalyzer> analyzers = List.of(
        DriftAnalyzer.withDefaults(),
        DriftAnalyzer.builder().smallReferenceMax(50).build(),
        DriftAnalyzer.builder().method("n0", DriftMethod.PSI).method("n1", DriftMethod.JENSEN_SHANNON)
            .method("n2", DriftMethod.ANDERSON_DARLING).method("n3", DriftMethod.CRAMER_VON_MISES)
            .minEffectSize(0.05).build());
    int compared = 0;
    for (int t = 0; t < TABLES; t++) {
      int referenceRows = 1 + random.nextInt(t % 3 == 0 ? 3000 : 400);
      int currentRows = 1 + random.nextInt(t % 2 == 0 ? 3000 : 400);
      DataTable reference = table(random, referenceRows, 0.0);
      DataTable current = table(random, currentRows, random.nextDouble());
      for (DriftAnalyzer analyzer : analyzers) {
        DriftReport report = analyzer.analyze(reference, current);
        for (FeatureDrift drift : report.features()) {
          FeatureDrift expected = StraightforwardColumnAnalysis.run(analyzer, drift.feature(),
              reference.column(drift.feature()), current.column(drift.feature()));
          assertThat(drift).as("feature %s of table %d", drift.feature(), t).isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(TABLES * 3 * 6);
  }

  @Test
  void distinctValuesCountNegativeAndPositiveZeroOnceAndAllNaNsOnce() {
    SplittableRandom random = new SplittableRandom(7);
    double[] specials = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE};
    for (int round = 0; round < 200; round++) {
      FeatureColumn.Numeric reference = specialColumn(random, specials);
      FeatureColumn.Numeric current = specialColumn(random, specials);

      long fast = SortedSamples.of(reference, current).distinct();

      assertThat(fast).isEqualTo(
          StraightforwardColumnAnalysis.distinctValues(reference, current).count());
    }
  }

  @Test
  void sortedSamplesWithAnInfinityOrNaNAreNotFinite() {
    FeatureColumn.Numeric finite = new FeatureColumn.Numeric("x", new double[] {2, 1}, 0);

    assertThat(SortedSamples.of(finite, finite).finite()).isTrue();
    assertThat(SortedSamples.of(finite, new FeatureColumn.Numeric("x",
        new double[] {1, Double.NaN}, 0)).finite()).isFalse();
    assertThat(SortedSamples.of(new FeatureColumn.Numeric("x",
        new double[] {Double.NEGATIVE_INFINITY, 1}, 0), finite).finite()).isFalse();
  }

  @Test
  void sortedHistogramCountsEqualBinarySearchCountsWithRepeatedAndOutsideEdges() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 300; round++) {
      double[] values = new double[random.nextInt(200)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(12) - 1 + (random.nextBoolean() ? 0.0 : random.nextDouble());
      }
      double[] edges = new double[2 + random.nextInt(6)];
      for (int i = 0; i < edges.length; i++) {
        edges[i] = random.nextInt(10);
      }
      Arrays.sort(edges);
      double[] sorted = values.clone();
      Arrays.sort(sorted);

      assertThat(HistogramBins.countsOfSorted(sorted, edges))
          .isEqualTo(HistogramBins.counts(values, edges));
    }
  }

  @Test
  void sortedWassersteinDistanceEqualsTheDistanceOfUnsortedSamples() {
    SplittableRandom random = new SplittableRandom(13);
    for (int round = 0; round < 200; round++) {
      double[] u = randomSample(random);
      double[] v = randomSample(random);
      double[] sortedU = u.clone();
      double[] sortedV = v.clone();
      Arrays.sort(sortedU);
      Arrays.sort(sortedV);

      assertThat(WassersteinDistance.distanceOfSorted(sortedU, sortedV))
          .isEqualTo(WassersteinDistance.distance(u, v));
    }
  }

  /** Five numeric features of different shapes and one categorical feature. */
  private static DataTable table(SplittableRandom random, int rows, double shift) {
    double[] continuous = new double[rows];
    double[] rounded = new double[rows];
    double[] fewValues = new double[rows];
    double[] zeros = new double[rows];
    double[] twoValues = new double[rows];
    List<String> plans = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      double gaussian = gaussian(random);
      continuous[i] = gaussian * 3 + shift;
      rounded[i] = Math.round((gaussian + shift) * 4) / 4.0; // many ties
      fewValues[i] = random.nextInt(random.nextInt(8) + 1);
      zeros[i] = random.nextInt(3) == 0 ? -0.0 : random.nextBoolean() ? 0.0 : gaussian;
      twoValues[i] = random.nextInt(2) + (shift > 0.5 ? 0.0 : -0.0);
      plans.add("p" + random.nextInt(1 + random.nextInt(30)));
    }
    return DataTable.builder()
        .numeric("n0", continuous).numeric("n1", rounded).numeric("n2", fewValues)
        .numeric("n3", zeros).numeric("n4", twoValues).categorical("plan", plans)
        .build();
  }

  private static FeatureColumn.Numeric specialColumn(SplittableRandom random, double[] specials) {
    double[] values = new double[random.nextInt(30)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(3) == 0 ? random.nextInt(5) : specials[random.nextInt(specials.length)];
    }
    return new FeatureColumn.Numeric("x", values, 0);
  }

  private static double[] randomSample(SplittableRandom random) {
    double[] values = new double[1 + random.nextInt(300)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextBoolean() ? random.nextInt(10) : gaussian(random) * 5;
    }
    return values;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}

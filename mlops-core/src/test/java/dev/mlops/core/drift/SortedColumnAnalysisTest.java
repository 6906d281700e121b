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
 * The exact report walks each numeric feature's two samples once in ascending order ({@link
 * NumericComparison}) for the distinct count, the Wasserstein distance, the KS statistic and the
 * histogram, and tests features on several threads; these tests prove that it gives exactly the
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
            .minEffectSize(0.05).build(),
        DriftAnalyzer.builder().method("n0", DriftMethod.KS).method("n1", DriftMethod.KS)
            .method("n3", DriftMethod.WASSERSTEIN).method("n4", DriftMethod.KS).parallelism(1)
            .build());
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
    assertThat(compared).isEqualTo(TABLES * 4 * 6);
  }

  @Test
  void largeSamplesOfEveryShapeGiveTheStraightforwardReportBitForBit() {
    // Large enough for every path of the ordered walk: buckets of a few hundred values, slots
    // crowded by ties and by skew, and samples of different sizes.
    SplittableRandom random = new SplittableRandom(20261129);
    DriftAnalyzer automatic = DriftAnalyzer.withDefaults();
    DriftAnalyzer ks = DriftAnalyzer.builder().method("heavy", DriftMethod.KS)
        .method("integers", DriftMethod.KS).method("shifted", DriftMethod.KS)
        .method("spikes", DriftMethod.KS).method("tiny", DriftMethod.KS).build();
    for (int round = 0; round < 3; round++) {
      DataTable reference = shapes(random, 20_000 + random.nextInt(30_000), 0.0);
      DataTable current = shapes(random, 20_000 + random.nextInt(30_000), 0.1 * round);
      for (DriftAnalyzer analyzer : List.of(automatic, ks)) {
        for (FeatureDrift drift : analyzer.analyze(reference, current).features()) {
          assertThat(drift).as("feature %s in round %d", drift.feature(), round).isEqualTo(
              StraightforwardColumnAnalysis.run(analyzer, drift.feature(),
                  reference.column(drift.feature()), current.column(drift.feature())));
        }
      }
    }
  }

  @Test
  void distinctValuesOfNonFiniteSamplesCountNegativeAndPositiveZeroOnceAndAllNaNsOnce() {
    SplittableRandom random = new SplittableRandom(7);
    double[] specials = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE};
    for (int round = 0; round < 200; round++) {
      FeatureColumn.Numeric reference = specialColumn(random, specials);
      FeatureColumn.Numeric current = specialColumn(random, specials);

      long fast = SortedSamples.distinct(reference, current);

      assertThat(fast).isEqualTo(
          StraightforwardColumnAnalysis.distinctValues(reference, current).count());
    }
  }

  @Test
  void aFeatureWithAnInfinityOrNaNIsNotComparedInOneWalk() {
    NumericComparison.Workspace workspace = new NumericComparison.Workspace();
    double[] finite = {2, 1};

    assertThat(NumericComparison.of(finite, finite, workspace)).isNotNull();
    assertThat(NumericComparison.of(finite, new double[] {1, Double.NaN}, workspace)).isNull();
    assertThat(NumericComparison.of(new double[] {Double.NEGATIVE_INFINITY, 1}, finite, workspace))
        .isNull();
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

  /** Five numeric features whose shapes stress the ordered walk. */
  private static DataTable shapes(SplittableRandom random, int rows, double shift) {
    double[] heavy = new double[rows];
    double[] integers = new double[rows];
    double[] shifted = new double[rows];
    double[] spikes = new double[rows];
    double[] tiny = new double[rows];
    for (int i = 0; i < rows; i++) {
      double gaussian = gaussian(random);
      heavy[i] = Math.exp(3 * gaussian + shift); // lognormal: most values crowd the first buckets
      integers[i] = Math.round(gaussian * 20 + shift * 10); // about 150 values, many copies each
      shifted[i] = gaussian + shift + (random.nextInt(1000) == 0 ? 1e12 : 0); // far outliers
      spikes[i] = random.nextInt(4) == 0 ? (random.nextBoolean() ? -0.0 : 0.0) : gaussian * 1e-3;
      tiny[i] = 1.0 + Math.ulp(1.0) * random.nextInt(64); // a range of a few ulps
    }
    return DataTable.builder().numeric("heavy", heavy).numeric("integers", integers)
        .numeric("shifted", shifted).numeric("spikes", spikes).numeric("tiny", tiny).build();
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

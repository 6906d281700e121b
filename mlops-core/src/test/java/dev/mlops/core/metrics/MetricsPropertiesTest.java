package dev.mlops.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the metrics on random rows, with ties in the scores made common. */
@Label("Metrics: properties")
class MetricsPropertiesTest {

  private static final List<String> THREE = List.of("a", "b", "c");

  /** A labelled row: probabilities of three classes, the actual class index. */
  record Row(double[] probabilities, int actual) {}

  @Provide
  Arbitrary<List<Row>> rows() {
    // Multiples of 0.1 (weights out of 10) make tied probabilities common.
    Arbitrary<Integer> weight = Arbitraries.integers().between(0, 10);
    Arbitrary<double[]> probabilities =
        Combinators.combine(weight, weight, weight)
            .as(
                (x, y, z) -> {
                  double total = Math.max(1, x + y + z);
                  return new double[] {x / total, y / total, z / total};
                });
    return Combinators.combine(probabilities, Arbitraries.integers().between(0, 2))
        .as(Row::new)
        .list()
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<double[]>> pairs() {
    Arbitrary<Double> tied = Arbitraries.integers().between(-5, 5).map(i -> i / 2.0);
    Arbitrary<Double> continuous = Arbitraries.doubles().between(-100, 100);
    Arbitrary<Double> value = Arbitraries.oneOf(tied, continuous);
    return Combinators.combine(value, value).as((p, a) -> new double[] {p, a}).list().ofMaxSize(40);
  }

  private static ClassificationMetrics threeClass(List<Row> rows) {
    ClassificationMetrics metrics = new ClassificationMetrics(THREE);
    rows.forEach(row -> metrics.add(row.probabilities(), row.actual()));
    return metrics;
  }

  /** Binary rows from the first two probabilities: class b is positive if its share wins. */
  private static ClassificationMetrics binary(List<Row> rows) {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("a", "b"));
    for (Row row : rows) {
      double p = row.probabilities()[1];
      metrics.add(new double[] {1 - p, p}, row.actual() == 1 ? 1 : 0);
    }
    return metrics;
  }

  @Property
  void mergingEqualsAddingAllRowsToOneAccumulator(
      @ForAll("rows") List<Row> rows, @ForAll @IntRange(min = 0, max = 40) int cut) {
    int split = Math.min(cut, rows.size());
    List<Row> first = rows.subList(0, split);
    List<Row> second = rows.subList(split, rows.size());

    ClassificationMetrics merged = threeClass(first);
    merged.merge(threeClass(second));
    ClassificationMetrics binaryMerged = binary(first);
    binaryMerged.merge(binary(second));

    assertThat(merged.count()).isEqualTo(rows.size());
    assertThat(merged.report()).isEqualTo(threeClass(rows).report());
    assertThat(binaryMerged.report()).isEqualTo(binary(rows).report());
  }

  @Property
  void regressionMergingEqualsAddingAllRowsToOneAccumulator(
      @ForAll("pairs") List<double[]> pairs, @ForAll @IntRange(min = 0, max = 40) int cut) {
    int split = Math.min(cut, pairs.size());
    RegressionMetrics merged = new RegressionMetrics();
    RegressionMetrics second = new RegressionMetrics();
    RegressionMetrics all = new RegressionMetrics();
    for (int i = 0; i < pairs.size(); i++) {
      (i < split ? merged : second).add(pairs.get(i)[0], pairs.get(i)[1]);
      all.add(pairs.get(i)[0], pairs.get(i)[1]);
    }
    merged.merge(second);

    assertThat(merged.report()).isEqualTo(all.report());
  }

  @Property
  void rocAucIsTheShareOfPositiveNegativePairsRankedRightTiesCountingHalf(
      @ForAll("rows") List<Row> rows) {
    double wins = 0;
    long pairs = 0;
    for (Row positive : rows) {
      for (Row negative : rows) {
        if (positive.actual() == 1 && negative.actual() != 1) {
          double p = positive.probabilities()[1];
          double n = negative.probabilities()[1];
          wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
          pairs++;
        }
      }
    }

    double auc = binary(rows).report().rocAuc();
    if (pairs == 0) {
      assertThat(auc).isNaN();
    } else {
      assertThat(auc).isCloseTo(wins / pairs, within(1e-12));
    }
  }

  @Property
  void averagePrecisionIsTheMeanPrecisionAtTheScoreOfEachPositive(
      @ForAll("rows") List<Row> rows) {
    double sum = 0;
    int positives = 0;
    for (Row positive : rows) {
      if (positive.actual() != 1) {
        continue;
      }
      double threshold = positive.probabilities()[1];
      long above = rows.stream().filter(r -> r.probabilities()[1] >= threshold).count();
      long positivesAbove =
          rows.stream()
              .filter(r -> r.actual() == 1 && r.probabilities()[1] >= threshold)
              .count();
      sum += (double) positivesAbove / above;
      positives++;
    }

    double averagePrecision = binary(rows).report().prAuc();
    if (positives == 0 || positives == rows.size()) {
      assertThat(averagePrecision).isNaN();
    } else {
      assertThat(averagePrecision).isCloseTo(sum / positives, within(1e-12));
    }
  }

  @Property
  void everyRateLiesBetweenZeroAndOneAndTheMatrixCountsEveryRow(@ForAll("rows") List<Row> rows) {
    ClassificationReport report = threeClass(rows).report();

    assertThat(report.confusionMatrix().total()).isEqualTo(rows.size());
    for (double rate :
        new double[] {
          report.accuracy(), report.precision(), report.recall(), report.f1(), report.rocAuc(),
          report.prAuc(), report.calibrationError()
        }) {
      if (!rows.isEmpty() && !Double.isNaN(rate)) {
        assertThat(rate).isBetween(0.0, 1.0);
      }
    }
    if (!rows.isEmpty()) {
      assertThat(report.logLoss()).isBetween(0.0, -Math.log(1e-15));
    }
  }
}

package dev.mlops.core.estimation;

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

/** Invariants of the calibration and the estimates on random labelled scores, ties made common. */
@Label("Estimation: properties")
class EstimationPropertiesTest {

  record Row(double score, boolean label) {}

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<Double> tied = Arbitraries.integers().between(0, 10).map(i -> i / 10.0);
    Arbitrary<Double> continuous = Arbitraries.doubles().between(0, 1);
    return Combinators.combine(Arbitraries.oneOf(tied, continuous), Arbitraries.of(true, false))
        .as(Row::new).list().ofMinSize(1).ofMaxSize(60);
  }

  private static double[] scores(List<Row> rows) {
    return rows.stream().mapToDouble(Row::score).toArray();
  }

  private static boolean[] labels(List<Row> rows) {
    boolean[] labels = new boolean[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rows.get(i).label();
    }
    return labels;
  }

  @Property
  void isotonicCalibrationIsMonotoneAndKeepsTheNumberOfPositives(@ForAll("rows") List<Row> rows) {
    IsotonicCalibrator calibrator = IsotonicCalibrator.fit(scores(rows), labels(rows));

    double previous = -1.0;
    for (int i = 0; i <= 100; i++) {
      double p = calibrator.apply(i / 100.0);
      assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous - 1e-12);
      previous = p;
    }
    // Pool-adjacent-violators preserves the total: the fitted values at the reference sum to the
    // number of positives.
    double fittedTotal = rows.stream().mapToDouble(r -> calibrator.apply(r.score())).sum();
    long positives = rows.stream().filter(Row::label).count();
    assertThat(fittedTotal).isCloseTo(positives, within(1e-9));
  }

  @Property
  void realizedMetricsAreTheEstimateWhenEveryProbabilityIsTheLabel(@ForAll("rows") List<Row> rows) {
    double[] scores = scores(rows);
    boolean[] labels = labels(rows);
    double[] asProbabilities = new double[rows.size()];
    boolean[] predicted = new boolean[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      asProbabilities[i] = labels[i] ? 1.0 : 0.0;
      predicted[i] = scores[i] >= 0.5;
    }
    double[] metrics = ExpectedMetrics.binary(scores, predicted, asProbabilities, 0, rows.size());

    long correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted[i] == labels[i] ? 1 : 0;
    }
    assertThat(metrics[ExpectedMetrics.ACCURACY]).isCloseTo((double) correct / rows.size(), within(1e-12));
    double auc = metrics[ExpectedMetrics.ROC_AUC];
    if (!Double.isNaN(auc)) {
      assertThat(auc).isCloseTo(mannWhitney(scores, labels), within(1e-12));
    }
  }

  /** The probability that a positive outscores a negative, ties counting one half. */
  private static double mannWhitney(double[] scores, boolean[] labels) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.length; i++) {
      for (int j = 0; j < scores.length; j++) {
        if (labels[i] && !labels[j]) {
          pairs++;
          wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
        }
      }
    }
    return wins / pairs;
  }

  @Property
  void everyEstimateLiesInItsRangeAndItsBand(@ForAll("rows") List<Row> reference, @ForAll("rows") List<Row> current) {
    boolean[] labels = labels(reference);
    boolean both = false;
    for (boolean label : labels) {
      both |= label != labels[0];
    }
    if (!both || reference.size() < 2) {
      return;
    }
    PerformanceEstimate estimate = BinaryPerformanceEstimator.builder().referenceChunks(2)
        .fit(scores(reference), labels).estimate(scores(current));

    estimate.metrics().forEach((name, metric) -> {
      assertThat(metric.value()).as(name).isBetween(0.0, 1.0 + 1e-12);
      if (!Double.isNaN(metric.standardError())) {
        assertThat(metric.covers(metric.value())).as(name).isTrue();
      }
    });
  }
}

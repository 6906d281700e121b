package dev.mlops.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The mergeable form of one-vs-rest CBPE estimates what {@link MulticlassPerformanceEstimator}
 * estimates on the same rows: the confusion metrics up to the order of sums, ROC AUC within its
 * binning bound.
 */
class MulticlassEstimateAccumulatorTest {

  private static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

  private final Random random = new Random(41);
  private final MulticlassPerformanceEstimator estimator = fitted();

  @Test
  void confusionMetricsEqualTheEstimateOfTheSameRowsAndRocAucStaysWithinItsBinningBound() {
    double[][] scores = rows(5000, 0.6);
    MulticlassEstimateAccumulator accumulator = estimator.accumulator();
    Arrays.stream(scores).forEach(accumulator::add);

    PerformanceEstimate exact = estimator.estimate(scores);
    PerformanceEstimate binned = accumulator.estimate();
    assertThat(binned.rows()).isEqualTo(5000);
    assertThat(binned.metrics()).containsOnlyKeys(exact.metrics().keySet());
    for (String metric : List.of("accuracy", "precision", "recall", "f1")) {
      assertThat(binned.metric(metric).value()).as(metric)
          .isCloseTo(exact.metric(metric).value(), within(1e-12));
      assertThat(binned.metric(metric).lower()).as(metric)
          .isCloseTo(exact.metric(metric).lower(), within(1e-12));
      assertThat(binned.metric(metric).upper()).as(metric)
          .isCloseTo(exact.metric(metric).upper(), within(1e-12));
    }
    double bound = accumulator.rocAucErrorBound();
    assertThat(bound).isPositive().isLessThan(0.003);
    assertThat(binned.metric("roc_auc").value())
        .isCloseTo(exact.metric("roc_auc").value(), within(bound));
    assertThat(binned.metric("roc_auc").standardError())
        .isEqualTo(exact.metric("roc_auc").standardError());
  }

  @Test
  void scoresOnTheBinEdgesGiveTheExactMacroRocAuc() {
    // Without calibration, raw scores that are multiples of 1/1000 put one distinct score of
    // each class in a bin, so every class's binned curve is its exact one.
    MulticlassPerformanceEstimator uncalibrated = MulticlassPerformanceEstimator.builder(CLASSES)
        .calibration(Calibration.NONE).fit(rows(1000, 0.0), labels(rows(1000, 0.0)));
    double[][] scores = new double[2000][3];
    for (double[] row : scores) {
      for (int c = 0; c < row.length; c++) {
        row[c] = random.nextInt(1000) / 1000.0;
      }
    }
    MulticlassEstimateAccumulator accumulator = uncalibrated.accumulator();
    Arrays.stream(scores).forEach(accumulator::add);
    assertThat(accumulator.estimate().metric("roc_auc").value())
        .isCloseTo(uncalibrated.estimate(scores).metric("roc_auc").value(), within(1e-12));
  }

  @Test
  void accumulatorsOfPartsMergeIntoTheAccumulatorOfTheWholeAlsoThroughBytes() {
    double[][] scores = rows(3000, 0.0);
    MulticlassEstimateAccumulator whole = estimator.accumulator();
    MulticlassEstimateAccumulator first = estimator.accumulator();
    MulticlassEstimateAccumulator second = estimator.accumulator();
    for (int i = 0; i < scores.length; i++) {
      whole.add(scores[i]);
      (i % 3 == 0 ? first : second).add(scores[i]);
    }
    MulticlassEstimateAccumulator merged = MulticlassEstimateAccumulator.fromBytes(estimator,
        first.toBytes());
    merged.merge(MulticlassEstimateAccumulator.fromBytes(estimator, second.toBytes()));

    assertThat(merged.rows()).isEqualTo(3000);
    assertThat(merged.rocAucErrorBound()).isCloseTo(whole.rocAucErrorBound(), within(1e-12));
    assertThat(merged.estimate().metrics()).containsOnlyKeys(whole.estimate().metrics().keySet());
    whole.estimate().metrics().forEach((metric, estimate) ->
        assertThat(merged.estimate().metric(metric).value()).as(metric)
            .isCloseTo(estimate.value(), within(1e-12)));
  }

  @Test
  void rowsOfTheWrongShapeAndBytesOfAnotherAccumulatorAreRefused() {
    MulticlassEstimateAccumulator accumulator = estimator.accumulator();
    assertThatThrownBy(() -> accumulator.add(new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 scores but there are 3 classes");
    assertThatThrownBy(() -> accumulator.add(new double[] {0.5, Double.NaN, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 'versicolor' must be finite");
    assertThat(accumulator.rows()).isZero();
    assertThatThrownBy(accumulator::estimate).isInstanceOf(IllegalStateException.class);

    byte[] binary = BinaryPerformanceEstimator.builder().calibration(Calibration.NONE)
        .referenceChunks(2).fit(new double[] {0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.2, 0.8},
            new boolean[] {false, false, true, false, true, true, false, true, false, true})
        .accumulator().toBytes();
    assertThatThrownBy(() -> MulticlassEstimateAccumulator.fromBytes(estimator, binary))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no MLEM header");
    MulticlassPerformanceEstimator twoClasses = MulticlassPerformanceEstimator
        .builder(List.of("a", "b")).calibration(Calibration.NONE).referenceChunks(2)
        .fit(new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.7, 0.3}, {0.4, 0.6}},
            new int[] {0, 1, 0, 1});
    byte[] bytes = estimator.accumulator().toBytes();
    assertThatThrownBy(() -> MulticlassEstimateAccumulator.fromBytes(twoClasses, bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 3 classes but the estimator has 2");
    byte[] truncated = Arrays.copyOf(accumulatorOf(rows(50, 0.0)).toBytes(), 30);
    assertThatThrownBy(() -> MulticlassEstimateAccumulator.fromBytes(estimator, truncated))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
  }

  private MulticlassEstimateAccumulator accumulatorOf(double[][] scores) {
    MulticlassEstimateAccumulator accumulator = estimator.accumulator();
    Arrays.stream(scores).forEach(accumulator::add);
    return accumulator;
  }

  private MulticlassPerformanceEstimator fitted() {
    double[][] scores = rows(3000, 0.0);
    return MulticlassPerformanceEstimator.builder(CLASSES).fit(scores, labels(scores));
  }

  /** Labels drawn with the rows' probabilities. */
  private int[] labels(double[][] scores) {
    int[] labels = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      double u = random.nextDouble();
      int c = 0;
      while (c < scores[i].length - 1 && u >= scores[i][c]) {
        u -= scores[i][c];
        c++;
      }
      labels[i] = c;
    }
    return labels;
  }

  /** Softmax of (2x, 1, -2x) for x normal around a shift: every class is predicted somewhere. */
  private double[][] rows(int n, double shift) {
    double[][] scores = new double[n][];
    for (int i = 0; i < n; i++) {
      scores[i] = softmax(2 * (random.nextGaussian() + shift));
    }
    return scores;
  }

  static double[] softmax(double logit) {
    double a = Math.exp(logit);
    double b = Math.exp(1.0);
    double c = Math.exp(-logit);
    double sum = a + b + c;
    return new double[] {a / sum, b / sum, c / sum};
  }
}

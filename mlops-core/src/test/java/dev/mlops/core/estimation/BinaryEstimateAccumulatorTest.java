package dev.mlops.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryEstimateAccumulatorTest {

  private final Random random = new Random(31);
  private final BinaryPerformanceEstimator estimator = fitted();

  @Test
  void confusionMetricsEqualTheEstimateOfTheSameScoresAndRocAucStaysWithinItsBinningBound() {
    double[] scores = shifted(5000, 0.7);
    BinaryEstimateAccumulator accumulator = estimator.accumulator();
    Arrays.stream(scores).forEach(accumulator::add);

    PerformanceEstimate exact = estimator.estimate(scores);
    PerformanceEstimate binned = accumulator.estimate();
    assertThat(binned.rows()).isEqualTo(5000);
    for (String metric : new String[] {"accuracy", "precision", "recall", "f1"}) {
      assertThat(binned.metric(metric).value()).as(metric)
          .isCloseTo(exact.metric(metric).value(), within(1e-12));
      assertThat(binned.metric(metric).lower()).as(metric)
          .isCloseTo(exact.metric(metric).lower(), within(1e-12));
    }
    double bound = accumulator.rocAucErrorBound();
    assertThat(bound).isPositive().isLessThan(0.002);
    assertThat(binned.metric("roc_auc").value())
        .isCloseTo(exact.metric("roc_auc").value(), within(bound));
  }

  @Test
  void scoresOnTheBinEdgesGiveTheExactRocAuc() {
    // Scores that are multiples of 1/BINS land one distinct score per bin: no two rows of
    // different scores share a bin, so the binned curve is the exact one.
    double[] scores = new double[2000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextInt(BinaryEstimateAccumulator.BINS) / (double) BinaryEstimateAccumulator.BINS;
    }
    BinaryEstimateAccumulator accumulator = estimator.accumulator();
    Arrays.stream(scores).forEach(accumulator::add);
    assertThat(accumulator.estimate().metric("roc_auc").value())
        .isCloseTo(estimator.estimate(scores).metric("roc_auc").value(), within(1e-12));
  }

  @Test
  void accumulatorsOfPartsMergeIntoTheAccumulatorOfTheWholeAlsoThroughBytes() {
    double[] scores = shifted(3000, 0.0);
    BinaryEstimateAccumulator whole = estimator.accumulator();
    BinaryEstimateAccumulator first = estimator.accumulator();
    BinaryEstimateAccumulator second = estimator.accumulator();
    for (int i = 0; i < scores.length; i++) {
      whole.add(scores[i]);
      (i % 3 == 0 ? first : second).add(scores[i]);
    }
    BinaryEstimateAccumulator merged = BinaryEstimateAccumulator.fromBytes(estimator,
        first.toBytes());
    merged.merge(BinaryEstimateAccumulator.fromBytes(estimator, second.toBytes()));

    assertThat(merged.rows()).isEqualTo(3000);
    whole.estimate().metrics().forEach((metric, estimate) ->
        assertThat(merged.estimate().metric(metric).value()).as(metric)
            .isCloseTo(estimate.value(), within(1e-12)));
  }

  @Test
  void anEmptyAccumulatorHasNoEstimateAndCorruptBytesAreRefused() {
    assertThatThrownBy(() -> estimator.accumulator().estimate())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no rows");
    assertThatThrownBy(() -> BinaryEstimateAccumulator.fromBytes(estimator, new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = Arrays.copyOf(estimator.accumulator().toBytes(), 20);
    assertThatThrownBy(() -> BinaryEstimateAccumulator.fromBytes(estimator, truncated))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
  }

  @Test
  void theBytesKeepTheLayoutThatStoredFleetPartialsWereWrittenIn() throws IOException {
    // Fleet stores hold partials written by earlier versions: the layout stays MLEA, rows, TP,
    // FP, FN, TN, then the count of non-empty bins and each bin's index and sums.
    double low = 0.3;
    double high = 0.8;
    double p = estimator.probability(low);
    double q = estimator.probability(high);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x4D4C4541);
      out.writeLong(2);
      out.writeDouble(q);
      out.writeDouble(1.0 - q);
      out.writeDouble(p);
      out.writeDouble(1.0 - p);
      out.writeShort(2);
      out.writeShort(300);
      out.writeDouble(p);
      out.writeDouble(1.0 - p);
      out.writeShort(800);
      out.writeDouble(q);
      out.writeDouble(1.0 - q);
    }
    BinaryEstimateAccumulator accumulator = estimator.accumulator();
    accumulator.add(low);
    accumulator.add(high);

    assertThat(accumulator.toBytes()).isEqualTo(bytes.toByteArray());
    assertThat(BinaryEstimateAccumulator.fromBytes(estimator, bytes.toByteArray()).estimate())
        .isEqualTo(accumulator.estimate());
  }

  /** A miscalibrated model: its score is sigmoid(z / 2) while the label is drawn from sigmoid(z). */
  private BinaryPerformanceEstimator fitted() {
    int n = 4000;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      double z = 2 * random.nextGaussian();
      scores[i] = sigmoid(z / 2);
      labels[i] = random.nextDouble() < sigmoid(z);
    }
    return BinaryPerformanceEstimator.builder().fit(scores, labels);
  }

  private double[] shifted(int n, double squeeze) {
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = sigmoid((1 - squeeze) * 2 * random.nextGaussian() / 2);
    }
    return scores;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}

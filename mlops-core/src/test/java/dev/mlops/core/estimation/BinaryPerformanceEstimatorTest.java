package dev.mlops.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryPerformanceEstimatorTest {

  // Ten reference rows, two per chunk at chunks(5); scores are probabilities.
  private static final double[] REFERENCE = {0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9};
  private static final boolean[] LABELS = {false, false, true, false, false, true, false, true, true, true};

  @Test
  void withoutCalibrationTheExpectedConfusionMatrixSumsTheScores() {
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder()
        .calibration(Calibration.NONE).referenceChunks(5).fit(REFERENCE, LABELS);

    PerformanceEstimate estimate = cbpe.estimate(new double[] {0.9, 0.6, 0.3, 0.2});

    // Predicted positive: 0.9 and 0.6. TP = 1.5, FP = 0.5, FN = 0.5, TN = 1.5.
    assertThat(estimate.rows()).isEqualTo(4);
    assertThat(estimate.values()).containsExactly(
        entry("accuracy", 0.75), entry("precision", 0.75), entry("recall", 0.75),
        entry("f1", 0.75), entry("roc_auc", roc()));
  }

  /** The expected ROC curve of scores 0.9, 0.6, 0.3, 0.2 with p equal to them. */
  private static double roc() {
    double[] p = {0.9, 0.6, 0.3, 0.2};
    double positives = 2.0;
    double negatives = 2.0;
    double area = 0.0;
    double tpr = 0.0;
    double fpr = 0.0;
    double cumP = 0.0;
    double cumQ = 0.0;
    for (double v : p) {
      cumP += v;
      cumQ += 1 - v;
      area += (cumQ / negatives - fpr) * (cumP / positives + tpr) / 2;
      tpr = cumP / positives;
      fpr = cumQ / negatives;
    }
    return area;
  }

  private static Map.Entry<String, Double> entry(String name, double value) {
    return Map.entry(name, value);
  }

  @Test
  void theThresholdAppliesToTheRawScoreAndAScoreOnItIsPositive() {
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder()
        .calibration(Calibration.NONE).threshold(0.6).referenceChunks(5).fit(REFERENCE, LABELS);

    assertThat(cbpe.realized(new double[] {0.6, 0.59}, new boolean[] {true, false}))
        .containsEntry("accuracy", 1.0).containsEntry("precision", 1.0).containsEntry("recall", 1.0);
  }

  @Test
  void isotonicCalibrationPoolsViolatorsAndInterpolatesBetweenThem() {
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder().referenceChunks(5).fit(REFERENCE, LABELS);

    // Labels 0 0 1 0 0 1 0 1 1 1: PAV pools (0.3, 0.4, 0.45) to 1/3 and (0.55, 0.6) to 1/2.
    assertThat(cbpe.probability(0.1)).isEqualTo(0.0);
    assertThat(cbpe.probability(0.4)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(cbpe.probability(0.5)).isCloseTo((1.0 / 3 + 0.5) / 2, within(1e-15));
    assertThat(cbpe.probability(0.65)).isCloseTo(0.75, within(1e-15));
    assertThat(cbpe.probability(-3.0)).as("clipped below").isEqualTo(0.0);
    assertThat(cbpe.probability(7.0)).as("clipped above").isEqualTo(1.0);
  }

  @Test
  void rocAucIsLeftOutWhenEveryRowIsCertainlyOfOneClass() {
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder().referenceChunks(5).fit(REFERENCE, LABELS);

    PerformanceEstimate estimate = cbpe.estimate(new double[] {0.05, 0.1, 0.15});

    assertThat(estimate.metrics()).doesNotContainKey("roc_auc");
    assertThat(estimate.metric("accuracy").value()).isEqualTo(1.0);
    assertThat(estimate.metric("precision").value()).as("nothing predicted positive").isEqualTo(0.0);
    assertThatThrownBy(() -> estimate.metric("roc_auc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No estimate of metric 'roc_auc'");
  }

  @Test
  void bandsWidenAsTheSquareRootOfFewerRowsAndStayWithinTheRange() {
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder().referenceChunks(5).fit(REFERENCE, LABELS);

    EstimatedMetric few = cbpe.estimate(new double[] {0.3, 0.7}).metric("accuracy");
    EstimatedMetric many = cbpe.estimate(new double[] {0.3, 0.7, 0.3, 0.7, 0.3, 0.7, 0.3, 0.7}).metric("accuracy");

    assertThat(few.standardError()).isCloseTo(2 * many.standardError(), within(1e-12));
    assertThat(few.lower()).isGreaterThanOrEqualTo(0.0);
    assertThat(few.upper()).isLessThanOrEqualTo(1.0);
    assertThat(few.covers(few.value())).isTrue();
  }

  @Test
  void badReferencesAreRejectedNamingTheProblem() {
    BinaryPerformanceEstimator.Builder builder = BinaryPerformanceEstimator.builder();

    assertThatThrownBy(() -> builder.fit(new double[] {0.1, 0.2}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 scores but 1 labels");
    assertThatThrownBy(() -> builder.fit(REFERENCE, new boolean[10]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
    assertThatThrownBy(() -> builder.fit(new double[] {0.1, 0.9}, new boolean[] {false, true}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than the 10 chunks");
    double[] nan = REFERENCE.clone();
    nan[3] = Double.NaN;
    assertThatThrownBy(() -> builder.fit(nan, LABELS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference row 3");
    double[] logits = REFERENCE.clone();
    logits[7] = 2.5;
    assertThatThrownBy(() -> BinaryPerformanceEstimator.builder().calibration(Calibration.NONE)
            .referenceChunks(5).fit(logits, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reference row 7 must be a probability in [0, 1]");
  }

  @Test
  void settingsOutOfRangeFailWhenGiven() {
    assertThatThrownBy(() -> BinaryPerformanceEstimator.builder().referenceChunks(1))
        .hasMessage("referenceChunks must be at least 2 but was 1");
    assertThatThrownBy(() -> BinaryPerformanceEstimator.builder().confidenceLevel(1.0))
        .hasMessage("confidenceLevel must be in (0, 1) but was 1.0");
    assertThatThrownBy(() -> BinaryPerformanceEstimator.builder().threshold(Double.NaN))
        .hasMessage("threshold must be finite but was NaN");
  }

  @Test
  void anEmptyCurrentSetOrABadScoreIsRejected() {
    BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder().referenceChunks(5).fit(REFERENCE, LABELS);

    assertThatThrownBy(() -> cbpe.estimate(new double[0])).hasMessageContaining("no rows");
    assertThatThrownBy(() -> cbpe.estimate(new double[] {0.2, Double.POSITIVE_INFINITY}))
        .hasMessageContaining("row 1 must be finite");
  }
}

package dev.mlops.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Classification metrics against reference values printed by {@code
 * src/test/python/metrics_reference.py} (scikit-learn's formulas in numpy).
 */
class ClassificationMetricsTest {

  private static final Offset<Double> EXACT = within(1e-12);

  // Positive-class probabilities with ties at 0.8 and 0.4; the row at 0.5 is predicted "no".
  private static final double[] BINARY_P = {
    0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.4, 0.3, 0.2, 0.1
  };
  private static final int[] BINARY_Y = {1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0};

  private static final double[][] MULTI_P = {
    {0.7, 0.2, 0.1}, {0.3, 0.4, 0.3}, {0.2, 0.2, 0.6}, {0.5, 0.3, 0.2}, {0.1, 0.8, 0.1},
    {0.4, 0.4, 0.2}, {0.3, 0.3, 0.4}, {0.6, 0.1, 0.3}, {0.2, 0.5, 0.3}, {0.1, 0.3, 0.6}
  };
  private static final int[] MULTI_Y = {0, 1, 2, 1, 1, 0, 0, 0, 2, 1};

  private static final double[][] ABSENT_P = {
    {0.7, 0.3, 0.0}, {0.2, 0.7, 0.1}, {0.6, 0.3, 0.1}, {0.45, 0.35, 0.2}, {0.3, 0.6, 0.1},
    {0.1, 0.5, 0.4}
  };
  private static final int[] ABSENT_Y = {0, 1, 1, 0, 0, 1};

  private static ClassificationMetrics binary(ClassificationMetrics metrics) {
    for (int i = 0; i < BINARY_P.length; i++) {
      metrics.add(new double[] {1 - BINARY_P[i], BINARY_P[i]}, BINARY_Y[i]);
    }
    return metrics;
  }

  private static ClassificationMetrics multi(double[][] probabilities, int[] actuals) {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("cat", "dog", "bird"));
    for (int i = 0; i < actuals.length; i++) {
      metrics.add(probabilities[i], metrics.classes().get(actuals[i]));
    }
    return metrics;
  }

  @Test
  void binaryMetricsAreThoseOfTheSecondClassAndMatchTheReference() {
    ClassificationReport report = binary(new ClassificationMetrics(List.of("no", "yes"))).report();

    assertThat(report.count()).isEqualTo(12);
    assertThat(report.accuracy()).isCloseTo(0.75, EXACT);
    assertThat(report.precision()).isCloseTo(0.6666666666666666, EXACT);
    assertThat(report.recall()).isCloseTo(0.8, EXACT);
    assertThat(report.f1()).isCloseTo(0.7272727272727272, EXACT);
    assertThat(report.rocAuc()).isCloseTo(0.8, EXACT);
    assertThat(report.prAuc()).isCloseTo(0.7277777777777779, EXACT);
    assertThat(report.logLoss()).isCloseTo(0.5511822669237919, EXACT);
    assertThat(report.calibrationError()).isCloseTo(0.24583333333333338, EXACT);
    assertThat(report.confusionMatrix().counts()).isEqualTo(new long[][] {{5, 2}, {1, 4}});
  }

  @Test
  void anExplicitPositiveClassChangesThePositiveClassMetricsOnly() {
    ClassificationReport report =
        binary(new ClassificationMetrics(List.of("no", "yes"), "no")).report();

    assertThat(report.accuracy()).isCloseTo(0.75, EXACT);
    assertThat(report.precision()).isCloseTo(0.8333333333333334, EXACT);
    assertThat(report.recall()).isCloseTo(0.7142857142857143, EXACT);
    assertThat(report.f1()).isCloseTo(0.7692307692307692, EXACT);
    assertThat(report.rocAuc()).isCloseTo(0.8, EXACT);
    assertThat(report.prAuc()).isCloseTo(0.8599567099567099, EXACT);
    assertThat(report.logLoss()).isCloseTo(0.5511822669237919, EXACT);
    assertThat(report.calibrationError()).isCloseTo(0.24583333333333338, EXACT);
  }

  @Test
  void multiClassMetricsAreMacroAveragesAndMatchTheReference() {
    ClassificationReport report = multi(MULTI_P, MULTI_Y).report();

    assertThat(report.count()).isEqualTo(10);
    assertThat(report.accuracy()).isCloseTo(0.6, EXACT);
    assertThat(report.precision()).isCloseTo(0.5833333333333333, EXACT);
    assertThat(report.recall()).isCloseTo(0.5833333333333334, EXACT);
    assertThat(report.f1()).isCloseTo(0.5738095238095239, EXACT);
    assertThat(report.rocAuc()).isCloseTo(0.8020833333333334, EXACT);
    assertThat(report.prAuc()).isCloseTo(0.6438492063492064, EXACT);
    assertThat(report.logLoss()).isCloseTo(0.8249942423836979, EXACT);
    assertThat(report.calibrationError()).isCloseTo(0.24999999999999994, EXACT);
    assertThat(report.confusionMatrix().counts())
        .isEqualTo(new long[][] {{3, 0, 1}, {1, 2, 1}, {0, 1, 1}});
  }

  @Test
  void macroAveragesLeaveOutAClassThatNeitherOccursNorIsPredicted() {
    ClassificationReport report = multi(ABSENT_P, ABSENT_Y).report();

    assertThat(report.accuracy()).isCloseTo(0.6666666666666666, EXACT);
    assertThat(report.precision()).isCloseTo(0.6666666666666666, EXACT);
    assertThat(report.recall()).isCloseTo(0.6666666666666666, EXACT);
    assertThat(report.f1()).isCloseTo(0.6666666666666666, EXACT);
    assertThat(report.rocAuc()).isCloseTo(0.6944444444444444, EXACT);
    assertThat(report.prAuc()).isCloseTo(0.763888888888889, EXACT);
    assertThat(report.logLoss()).isCloseTo(0.7688250622178424, EXACT);
    assertThat(report.calibrationError()).isCloseTo(0.47500000000000003, EXACT);
  }

  @Test
  void aPerfectRankingHasAucOneAndAReversedRankingAucZero() {
    ClassificationMetrics perfect = new ClassificationMetrics(List.of("0", "1"));
    ClassificationMetrics reversed = new ClassificationMetrics(List.of("0", "1"));
    for (int i = 0; i < 10; i++) {
      double p = i / 10.0;
      perfect.add(new double[] {1 - p, p}, i < 5 ? 0 : 1);
      reversed.add(new double[] {1 - p, p}, i < 5 ? 1 : 0);
    }

    assertThat(perfect.report().rocAuc()).isEqualTo(1.0);
    assertThat(perfect.report().prAuc()).isEqualTo(1.0);
    assertThat(reversed.report().rocAuc()).isEqualTo(0.0);
  }

  @Test
  void tiedScoresCountOneHalfForRocAucAndGivePrevalenceAsAveragePrecision() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("0", "1"));
    for (int i = 0; i < 8; i++) {
      metrics.add(new double[] {0.4, 0.6}, i < 3 ? 1 : 0);
    }

    ClassificationReport report = metrics.report();
    assertThat(report.rocAuc()).isEqualTo(0.5);
    assertThat(report.prAuc()).isCloseTo(3.0 / 8.0, EXACT);
  }

  @Test
  void rankingMetricsAreUndefinedWhenOnlyOneClassOccurs() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"));
    metrics.add(new double[] {0.2, 0.8}, "yes");
    metrics.add(new double[] {0.6, 0.4}, "yes");

    ClassificationReport report = metrics.report();
    assertThat(report.rocAuc()).isNaN();
    assertThat(report.prAuc()).isNaN();
    assertThat(report.accuracy()).isEqualTo(0.5);
    assertThat(report.toMap())
        .doesNotContainKeys(MetricNames.ROC_AUC, MetricNames.PR_AUC)
        .containsEntry(MetricNames.ACCURACY, 0.5);
  }

  @Test
  void logLossClipsAZeroProbabilityOfTheActualClass() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"));
    metrics.add(new double[] {1.0, 0.0}, "yes");

    assertThat(metrics.report().logLoss()).isCloseTo(-Math.log(1e-15), EXACT);
  }

  @Test
  void calibrationErrorIsTheWeightedGapBetweenConfidenceAndAccuracyPerBin() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"));
    // Bin [0.9, 1.0]: confidences 0.9 and 1.0, one right -> |0.5 - 0.95| = 0.45, weight 2/3.
    metrics.add(new double[] {0.1, 0.9}, "yes");
    metrics.add(new double[] {0.0, 1.0}, "no");
    // Bin [0.6, 0.7): confidence 0.6, right -> |1 - 0.6| = 0.4, weight 1/3.
    metrics.add(new double[] {0.6, 0.4}, "no");

    assertThat(metrics.report().calibrationError())
        .isCloseTo(0.45 * 2 / 3 + 0.4 / 3, EXACT);
  }

  @Test
  void anEmptyAccumulatorReportsOnlyUndefinedMetrics() {
    ClassificationReport report = new ClassificationMetrics(List.of("a", "b", "c")).report();

    assertThat(report.count()).isZero();
    assertThat(report.accuracy()).isNaN();
    assertThat(report.f1()).isNaN();
    assertThat(report.logLoss()).isNaN();
    assertThat(report.toMap()).isEmpty();
    assertThat(report.confusionMatrix().total()).isZero();
  }

  @Test
  void toMapNamesEveryDefinedMetric() {
    ClassificationReport report = binary(new ClassificationMetrics(List.of("no", "yes"))).report();

    assertThat(report.toMap())
        .containsOnlyKeys(
            MetricNames.ACCURACY, MetricNames.PRECISION, MetricNames.RECALL, MetricNames.F1,
            MetricNames.ROC_AUC, MetricNames.PR_AUC, MetricNames.LOG_LOSS,
            MetricNames.CALIBRATION_ERROR)
        .containsEntry(MetricNames.RECALL, report.recall())
        .containsEntry(MetricNames.LOG_LOSS, report.logLoss());
  }

  @Test
  void mergingAnAccumulatorIntoItselfCountsEveryRowTwice() {
    ClassificationMetrics twice = binary(new ClassificationMetrics(List.of("no", "yes")));
    twice.merge(twice);
    ClassificationMetrics added = binary(binary(new ClassificationMetrics(List.of("no", "yes"))));

    assertThat(twice.count()).isEqualTo(24);
    assertThat(twice.report()).isEqualTo(added.report());
  }

  @Test
  void anUnknownActualClassIsRejectedByName() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"));

    assertThatThrownBy(() -> metrics.add(new double[] {0.5, 0.5}, "maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'maybe'")
        .hasMessageContaining("no, yes");
    assertThatThrownBy(() -> metrics.add(new double[] {0.5, 0.5}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 2");
    assertThat(metrics.count()).isZero();
  }

  @Test
  void probabilitiesOfTheWrongLengthOrOutOfRangeAreRejected() {
    ClassificationMetrics metrics = new ClassificationMetrics(List.of("no", "yes"));

    assertThatThrownBy(() -> metrics.add(new double[] {0.2, 0.3, 0.5}, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 probabilities")
        .hasMessageContaining("got 3");
    assertThatThrownBy(() -> metrics.add(new double[] {Double.NaN, 0.5}, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 'no'")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> metrics.add(new double[] {0.5, 1.5}, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 'yes'")
        .hasMessageContaining("1.5");
    assertThat(metrics.count()).isZero();
    assertThat(metrics.report().toMap()).isEmpty();
  }

  @Test
  void classesAreCheckedWhenTheAccumulatorIsCreated() {
    assertThatThrownBy(() -> new ClassificationMetrics(List.of("only")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two classes");
    assertThatThrownBy(() -> new ClassificationMetrics(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> new ClassificationMetrics(List.of("no", "yes"), "maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'maybe'");
    assertThatThrownBy(() -> new ClassificationMetrics(List.of("a", "b", "c"), "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binary problems only");
  }

  @Test
  void accumulatorsOverDifferentClassesOrPositiveClassesDoNotMerge() {
    ClassificationMetrics yes = new ClassificationMetrics(List.of("no", "yes"));
    ClassificationMetrics no = new ClassificationMetrics(List.of("no", "yes"), "no");
    ClassificationMetrics other = new ClassificationMetrics(List.of("a", "b"));

    assertThatThrownBy(() -> yes.merge(no))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive 'no'");
    assertThatThrownBy(() -> yes.merge(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a, b]");
  }
}

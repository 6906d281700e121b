package dev.mlops.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Regression metrics against reference values printed by {@code
 * src/test/python/metrics_reference.py}.
 */
class RegressionMetricsTest {

  private static final Offset<Double> EXACT = within(1e-12);

  private static final double[] PREDICTED = {2.5, 0.0, 2.1, 7.8, -1.0, 3.3, 10.0, 0.4};
  private static final double[] ACTUAL = {3.0, -0.5, 2.0, 7.0, 0.0, 3.0, 12.5, 0.5};

  private static RegressionMetrics reference() {
    RegressionMetrics metrics = new RegressionMetrics();
    for (int i = 0; i < ACTUAL.length; i++) {
      metrics.add(PREDICTED[i], ACTUAL[i]);
    }
    return metrics;
  }

  @Test
  void metricsMatchTheReferenceWithTheZeroActualLeftOutOfMape() {
    RegressionReport report = reference().report();

    assertThat(report.count()).isEqualTo(8);
    assertThat(report.mae()).isCloseTo(0.725, EXACT);
    assertThat(report.rmse()).isCloseTo(1.0307764064044151, EXACT);
    assertThat(report.mape()).isCloseTo(0.2615646258503401, EXACT);
    assertThat(report.r2()).isCloseTo(0.9361951677222613, EXACT);
    assertThat(report.toMap())
        .containsOnlyKeys(MetricNames.MAE, MetricNames.RMSE, MetricNames.MAPE, MetricNames.R2)
        .containsEntry(MetricNames.RMSE, report.rmse());
  }

  @Test
  void mapeIsUndefinedWhenEveryActualIsZero() {
    RegressionMetrics metrics = new RegressionMetrics();
    metrics.add(1.0, 0.0);
    metrics.add(-1.0, 0.0);

    RegressionReport report = metrics.report();
    assertThat(report.mape()).isNaN();
    assertThat(report.mae()).isEqualTo(1.0);
    assertThat(report.toMap()).doesNotContainKey(MetricNames.MAPE);
  }

  @Test
  void r2OfConstantActualsIsOneForPerfectPredictionsAndZeroOtherwise() {
    RegressionMetrics perfect = new RegressionMetrics();
    RegressionMetrics imperfect = new RegressionMetrics();
    for (int i = 0; i < 3; i++) {
      perfect.add(4.0, 4.0);
      imperfect.add(4.0 + i, 4.0);
    }

    assertThat(perfect.report().r2()).isEqualTo(1.0);
    assertThat(imperfect.report().r2()).isEqualTo(0.0);
  }

  @Test
  void r2IsAccurateForValuesLargeRelativeToTheirSpread() {
    RegressionMetrics metrics = new RegressionMetrics();
    metrics.add(1e9 + 1.5, 1e9 + 1);
    metrics.add(1e9 + 2.5, 1e9 + 3);

    // SS_res = 0.5, SS_tot = 2.
    assertThat(metrics.report().r2()).isCloseTo(0.75, EXACT);
  }

  @Test
  void r2IsUndefinedForASingleRowAndEverythingForNone() {
    RegressionMetrics one = new RegressionMetrics();
    one.add(2.0, 3.0);

    assertThat(one.report().r2()).isNaN();
    assertThat(one.report().mae()).isEqualTo(1.0);
    RegressionReport empty = new RegressionMetrics().report();
    assertThat(empty.count()).isZero();
    assertThat(empty.toMap()).isEmpty();
  }

  @Test
  void nonFiniteValuesAreRejectedAndNotAdded() {
    RegressionMetrics metrics = new RegressionMetrics();

    assertThatThrownBy(() -> metrics.add(Double.NaN, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predicted value must be finite but was NaN");
    assertThatThrownBy(() -> metrics.add(1.0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actual value must be finite but was Infinity");
    assertThat(metrics.count()).isZero();
  }

  @Test
  void mergingAnAccumulatorIntoItselfCountsEveryRowTwice() {
    RegressionMetrics twice = reference();
    twice.merge(twice);
    RegressionMetrics added = reference();
    for (int i = 0; i < ACTUAL.length; i++) {
      added.add(PREDICTED[i], ACTUAL[i]);
    }

    assertThat(twice.count()).isEqualTo(16);
    assertThat(twice.report()).isEqualTo(added.report());
  }
}

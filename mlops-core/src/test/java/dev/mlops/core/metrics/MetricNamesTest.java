package dev.mlops.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricNamesTest {

  @Test
  void lossesAndErrorsAreLowerIsBetterAndScoresHigherIsBetter() {
    assertThat(MetricNames.all())
        .filteredOn(name -> MetricNames.direction(name) == MetricDirection.LOWER_IS_BETTER)
        .containsExactly("log_loss", "calibration_error", "mae", "rmse", "mape");
    assertThat(MetricNames.all())
        .filteredOn(name -> MetricNames.direction(name) == MetricDirection.HIGHER_IS_BETTER)
        .containsExactly("accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc", "r2");
  }

  @Test
  void anUnknownMetricIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> MetricNames.direction("auc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'auc'")
        .hasMessageContaining("roc_auc, pr_auc");
  }

  @Test
  void betterMeansStrictlyBetterInTheMetricsDirection() {
    assertThat(MetricDirection.HIGHER_IS_BETTER.better(0.9, 0.8)).isTrue();
    assertThat(MetricDirection.HIGHER_IS_BETTER.better(0.8, 0.9)).isFalse();
    assertThat(MetricDirection.HIGHER_IS_BETTER.better(0.8, 0.8)).isFalse();
    assertThat(MetricDirection.LOWER_IS_BETTER.better(0.2, 0.3)).isTrue();
    assertThat(MetricDirection.LOWER_IS_BETTER.better(0.3, 0.2)).isFalse();
  }

  @Test
  void anUndefinedValueIsNeverBetter() {
    assertThat(MetricDirection.HIGHER_IS_BETTER.better(Double.NaN, 0.5)).isFalse();
    assertThat(MetricDirection.HIGHER_IS_BETTER.better(0.5, Double.NaN)).isFalse();
    assertThat(MetricDirection.LOWER_IS_BETTER.better(Double.NaN, 0.5)).isFalse();
  }
}

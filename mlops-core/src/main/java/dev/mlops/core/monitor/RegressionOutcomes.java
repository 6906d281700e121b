package dev.mlops.core.monitor;

import dev.mlops.core.metrics.RegressionMetrics;
import java.util.Arrays;
import java.util.Map;

/** Regression metrics of a pane: the prediction's first score is the predicted value. */
final class RegressionOutcomes implements OutcomeMetrics {

  private final RegressionMetrics metrics = new RegressionMetrics();

  @Override
  public void check(String model, JoinBuffer.Entry prediction, Object actual) {
    if (!(actual instanceof Number number)) {
      throw new IllegalArgumentException("Model '" + model + "' version "
          + prediction.version + " is a regression model (its output names no classes): the"
          + " outcome of prediction " + prediction.predictionId + " must be a Number but was "
          + ClassificationOutcomes.describe(actual));
    }
    if (!Double.isFinite(number.doubleValue())) {
      throw new IllegalArgumentException("The outcome of prediction " + prediction.predictionId
          + " must be finite but was " + number);
    }
    if (prediction.scores.length == 0 || !Double.isFinite(prediction.scores[0])) {
      throw new IllegalArgumentException("Prediction " + prediction.predictionId + " of model '"
          + model + "' version " + prediction.version
          + " has no finite score to compare with its outcome: "
          + Arrays.toString(prediction.scores));
    }
  }

  @Override
  public void add(JoinBuffer.Entry prediction, Object actual) {
    metrics.add(prediction.scores[0], ((Number) actual).doubleValue());
  }

  @Override
  public void mergeInto(OutcomeMetrics target) {
    ((RegressionOutcomes) target).metrics.merge(metrics);
  }

  @Override
  public OutcomeMetrics emptyCopy() {
    return new RegressionOutcomes();
  }

  @Override
  public long count() {
    return metrics.count();
  }

  @Override
  public Map<String, Double> report() {
    return metrics.count() == 0 ? Map.of() : metrics.report().toMap();
  }
}

package dev.mlops.core.monitor;

import dev.mlops.core.metrics.RegressionMetrics;
import dev.mlops.predict.Prediction;
import java.util.Map;

/** Regression metrics of a pane: the prediction's first score is the predicted value. */
final class RegressionOutcomes implements OutcomeMetrics {

  private final RegressionMetrics metrics = new RegressionMetrics();

  @Override
  public void check(Prediction prediction, Object actual) {
    if (!(actual instanceof Number number)) {
      throw new IllegalArgumentException("Model '" + prediction.modelName() + "' version "
          + prediction.version() + " is a regression model (its output names no classes): the"
          + " outcome of prediction " + prediction.predictionId() + " must be a Number but was "
          + ClassificationOutcomes.describe(actual));
    }
    if (!Double.isFinite(number.doubleValue())) {
      throw new IllegalArgumentException("The outcome of prediction " + prediction.predictionId()
          + " must be finite but was " + number);
    }
    if (prediction.scores().isEmpty() || !Double.isFinite(prediction.scores().get(0))) {
      throw new IllegalArgumentException("Prediction " + prediction.predictionId() + " of model '"
          + prediction.modelName() + "' version " + prediction.version()
          + " has no finite score to compare with its outcome: " + prediction.scores());
    }
  }

  @Override
  public void add(Prediction prediction, Object actual) {
    metrics.add(prediction.scores().get(0), ((Number) actual).doubleValue());
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

package dev.mlops.core.monitor;

import dev.mlops.core.metrics.RegressionMetrics;
import java.util.Arrays;
import java.util.Map;

/** Regression metrics of a pane: the prediction's first score is the predicted value. */
final class RegressionOutcomes implements OutcomeMetrics {

  private final RegressionMetrics metrics = new RegressionMetrics();

  @Override
  public void check(String model, int version, String predictionId, double[] scores,
      Object actual) {
    if (!(actual instanceof Number number)) {
      throw new IllegalArgumentException("Model '" + model + "' version " + version
          + " is a regression model (its output names no classes): the outcome of prediction "
          + predictionId + " must be a Number but was " + ClassificationOutcomes.describe(actual));
    }
    if (!Double.isFinite(number.doubleValue())) {
      throw new IllegalArgumentException("The outcome of prediction " + predictionId
          + " must be finite but was " + number);
    }
    if (scores.length == 0 || !Double.isFinite(scores[0])) {
      throw new IllegalArgumentException("Prediction " + predictionId + " of model '" + model
          + "' version " + version + " has no finite score to compare with its outcome: "
          + Arrays.toString(scores));
    }
  }

  @Override
  public void add(double[] scores, Object actual) {
    metrics.add(scores[0], ((Number) actual).doubleValue());
  }

  @Override
  public String encode(Object actual) {
    return Double.toString(((Number) actual).doubleValue());
  }

  @Override
  public Object decode(String stored) {
    try {
      return Double.parseDouble(stored);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Stored outcome '" + stored
          + "' of a regression model is not a number", e);
    }
  }

  @Override
  public void mergeInto(OutcomeMetrics target) {
    ((RegressionOutcomes) target).metrics.merge(metrics);
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

package dev.mlops.core.monitor;

import dev.mlops.core.metrics.ClassificationMetrics;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics of a pane: the prediction's scores are the class probabilities, or, for
 * a binary model with a single output, the probability of the positive (second) class.
 */
final class ClassificationOutcomes implements OutcomeMetrics {

  /** The decision threshold of a binary model unless one is configured. */
  static final double DEFAULT_THRESHOLD = 0.5;

  private final List<String> classes;
  private final ClassificationMetrics metrics;

  /**
   * An accumulator; a binary model predicts its second class when that class's probability is at
   * least the threshold (0.5 when NaN), a model of more classes its most probable class.
   */
  ClassificationOutcomes(List<String> classes, double threshold) {
    this.classes = List.copyOf(classes);
    this.metrics = this.classes.size() == 2
        ? new ClassificationMetrics(this.classes, this.classes.get(1),
            Double.isNaN(threshold) ? DEFAULT_THRESHOLD : threshold)
        : new ClassificationMetrics(this.classes);
  }

  @Override
  public void check(String model, int version, String predictionId, double[] scores,
      Object actual) {
    if (!(actual instanceof String name)) {
      throw new IllegalArgumentException("Model '" + model + "' version " + version
          + " is a classifier: the outcome of prediction " + predictionId
          + " must be a class name (one of " + classes + ") but was " + describe(actual));
    }
    if (!classes.contains(name)) {
      throw new IllegalArgumentException("The outcome '" + name + "' of prediction "
          + predictionId + " is not a class of model '" + model + "' version " + version
          + "; its classes are " + classes);
    }
    boolean single = scores.length == 1 && classes.size() == 2;
    if (scores.length != classes.size() && !single) {
      throw new IllegalArgumentException("Prediction " + predictionId + " of model '" + model
          + "' version " + version + " has " + scores.length + " scores but the output names "
          + classes.size() + " classes " + classes);
    }
    for (double score : scores) {
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("Prediction " + predictionId + " of model '" + model
            + "' version " + version + " has score " + score + ", not a probability in [0, 1]:"
            + " classification metrics need class probabilities");
      }
    }
  }

  @Override
  public void add(double[] scores, Object actual) {
    double[] probabilities = scores.length == 1 && classes.size() == 2
        ? new double[] {1.0 - scores[0], scores[0]}
        : scores;
    metrics.add(probabilities, (String) actual);
  }

  @Override
  public String encode(Object actual) {
    return (String) actual;
  }

  @Override
  public Object decode(String stored) {
    return stored;
  }

  @Override
  public void mergeInto(OutcomeMetrics target) {
    ((ClassificationOutcomes) target).metrics.merge(metrics);
  }

  @Override
  public long count() {
    return metrics.count();
  }

  @Override
  public Map<String, Double> report() {
    return metrics.count() == 0 ? Map.of() : metrics.report().toMap();
  }

  static String describe(Object actual) {
    return actual.getClass().getSimpleName() + " '" + actual + "'";
  }
}

package dev.mlops.core.monitor;

import dev.mlops.core.metrics.ClassificationMetrics;
import java.util.List;
import java.util.Map;

/** Classification metrics of a pane: the prediction's scores are the class probabilities. */
final class ClassificationOutcomes implements OutcomeMetrics {

  private final List<String> classes;
  private final ClassificationMetrics metrics;

  ClassificationOutcomes(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.metrics = new ClassificationMetrics(this.classes);
  }

  @Override
  public void check(String model, JoinBuffer.Entry prediction, Object actual) {
    if (!(actual instanceof String name)) {
      throw new IllegalArgumentException("Model '" + model + "' version "
          + prediction.version + " is a classifier: the outcome of prediction "
          + prediction.predictionId + " must be a class name (one of " + classes + ") but was "
          + describe(actual));
    }
    if (!classes.contains(name)) {
      throw new IllegalArgumentException("The outcome '" + name + "' of prediction "
          + prediction.predictionId + " is not a class of model '" + model
          + "' version " + prediction.version + "; its classes are " + classes);
    }
    if (prediction.scores.length != classes.size()) {
      throw new IllegalArgumentException("Prediction " + prediction.predictionId + " of model '"
          + model + "' version " + prediction.version + " has "
          + prediction.scores.length + " scores but the output names " + classes.size()
          + " classes " + classes);
    }
    for (double score : prediction.scores) {
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("Prediction " + prediction.predictionId
            + " of model '" + model + "' version " + prediction.version
            + " has score " + score + ", not a probability in [0, 1]: classification metrics need"
            + " class probabilities");
      }
    }
  }

  @Override
  public void add(JoinBuffer.Entry prediction, Object actual) {
    metrics.add(prediction.scores, (String) actual);
  }

  @Override
  public void mergeInto(OutcomeMetrics target) {
    ((ClassificationOutcomes) target).metrics.merge(metrics);
  }

  @Override
  public OutcomeMetrics emptyCopy() {
    return new ClassificationOutcomes(classes);
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

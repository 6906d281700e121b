package dev.mlops.core.training;

import dev.mlops.core.io.internal.MessageValues;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks a training run makes on what it is given and what it produces: the fetched data,
 * the trainer's own metrics, the evaluator's hold-out metrics and the metric floors. Each failure
 * is a {@link TrainingException} that names the source, row, metric or floor at fault, so that a
 * failed run says why without a stack trace.
 */
final class TrainingDataChecks {

  private TrainingDataChecks() {}

  /**
   * Checks fetched data before anything is trained on it: rows and features present, every
   * target a known class (at least two classes present) or a finite number.
   *
   * @throws TrainingException naming the source, the row and the value at fault
   */
  static void checkData(Dataset data, String source) {
    if (data.size() == 0) {
      throw new TrainingException("The data from " + source + " has no rows");
    }
    if (data.features().isEmpty()) {
      throw new TrainingException("The data from " + source + " has no features");
    }
    if (data.classification()) {
      List<String> classes = data.target().categories();
      Set<Object> present = new HashSet<>();
      for (int r = 0; r < data.size(); r++) {
        Object t = data.target(r);
        if (!(t instanceof String) || !classes.contains(t)) {
          throw new TrainingException("Row " + r + " of the data from " + source
              + " has target " + MessageValues.quote(t) + ", which is not one of the classes "
              + classes + " of '" + data.target().name() + "'");
        }
        present.add(t);
      }
      if (present.size() < 2) {
        throw new TrainingException("All " + data.size() + " rows of the data from " + source
            + " have the class " + present + " of '" + data.target().name()
            + "'; classification needs rows of at least two classes");
      }
    } else {
      for (int r = 0; r < data.size(); r++) {
        Object t = data.target(r);
        if (!(t instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          throw new TrainingException("Row " + r + " of the data from " + source
              + " has target " + MessageValues.quote(t) + "; regression needs a finite number");
        }
      }
    }
  }

  /**
   * Checks that training did not diverge.
   *
   * @throws TrainingException naming the metric that is not finite
   */
  static void checkTrainingMetrics(TrainedModel model) {
    model.trainingMetrics().forEach((name, value) -> {
      if (value == null || !Double.isFinite(value)) {
        throw new TrainingException("Training diverged: the training metric '" + name + "' is "
            + value + "; lower the learning rate or check the data for extreme values");
      }
    });
  }

  /**
   * Checks the evaluator's hold-out metrics.
   *
   * @return an immutable copy
   * @throws TrainingException naming the metric that is not finite
   */
  static Map<String, Double> checkedMetrics(Map<String, Double> metrics) {
    Objects.requireNonNull(metrics, "the evaluator returned no metrics");
    metrics.forEach((name, value) -> {
      if (value == null || !Double.isFinite(value)) {
        throw new TrainingException("The hold-out metric '" + name + "' is " + value
            + "; a model with an undefined metric is not registered");
      }
    });
    return Map.copyOf(metrics);
  }

  /**
   * Checks the hold-out metrics against the configured floors.
   *
   * @throws TrainingException listing every floor missed
   */
  static void checkFloors(List<MetricFloor> floors, Map<String, Double> metrics) {
    List<String> missed = new ArrayList<>();
    for (MetricFloor floor : floors) {
      Double value = metrics.get(floor.metric());
      if (value == null) {
        missed.add("the evaluator reported no '" + floor.metric() + "' (it reported "
            + metrics.keySet() + ")");
      } else if (!floor.reachedBy(value)) {
        missed.add(floor.missedBy(value));
      }
    }
    if (!missed.isEmpty()) {
      throw new TrainingException(String.join("; ", missed));
    }
  }
}

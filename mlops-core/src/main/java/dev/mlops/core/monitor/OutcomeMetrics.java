package dev.mlops.core.monitor;

import java.util.List;
import java.util.Map;

/**
 * The performance accumulator of one pane: classification metrics when the version's output names
 * its classes, regression metrics otherwise.
 */
sealed interface OutcomeMetrics permits ClassificationOutcomes, RegressionOutcomes {

  /**
   * The accumulator for a version's output.
   *
   * @param classes the output's categories, empty for a regression model
   */
  static OutcomeMetrics forClasses(List<String> classes) {
    return classes.size() >= 2 ? new ClassificationOutcomes(classes) : new RegressionOutcomes();
  }

  /**
   * Checks that an actual value fits this kind of model and the prediction's scores, without
   * adding it.
   *
   * @param model the model name, for messages
   * @throws IllegalArgumentException naming what is wrong
   */
  void check(String model, JoinBuffer.Entry prediction, Object actual);

  /** Adds a labelled prediction that passed {@link #check}. */
  void add(JoinBuffer.Entry prediction, Object actual);

  /** Adds this accumulator's rows to another of the same kind. */
  void mergeInto(OutcomeMetrics target);

  /** An empty accumulator of the same kind. */
  OutcomeMetrics emptyCopy();

  /** The rows added. */
  long count();

  /** The metrics by name; empty without rows. */
  Map<String, Double> report();
}

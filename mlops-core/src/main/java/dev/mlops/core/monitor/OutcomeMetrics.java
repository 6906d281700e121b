package dev.mlops.core.monitor;

import java.util.List;
import java.util.Map;

/**
 * The performance accumulator of one pane: classification metrics when the version's output names
 * its classes, regression metrics otherwise. Accumulators keep every joined outcome, so merging
 * those of several panes (or instances) gives exactly the metrics of one accumulator fed all their
 * outcomes.
 */
sealed interface OutcomeMetrics permits ClassificationOutcomes, RegressionOutcomes {

  /**
   * The accumulator for a version's output.
   *
   * @param classes the output's categories, empty for a regression model
   * @param threshold for two classes, the positive class's probability from which a row is
   *     predicted positive; NaN to predict the more probable class (a single-probability output
   *     then uses 0.5)
   */
  static OutcomeMetrics forClasses(List<String> classes, double threshold) {
    return classes.size() >= 2
        ? new ClassificationOutcomes(classes, threshold)
        : new RegressionOutcomes();
  }

  /**
   * Checks that an actual value fits this kind of model and the prediction's scores, without
   * adding it.
   *
   * @param model the model name, for messages
   * @param version the version that predicted, for messages
   * @param predictionId the prediction's id, for messages
   * @param scores the prediction's scores
   * @param actual the outcome
   * @throws IllegalArgumentException naming what is wrong
   */
  void check(String model, int version, String predictionId, double[] scores, Object actual);

  /** Adds a labelled prediction that passed {@link #check}. */
  void add(double[] scores, Object actual);

  /**
   * The outcome as the store keeps it: a class name, or the number as text.
   *
   * @param actual an outcome that passed {@link #check}
   */
  String encode(Object actual);

  /**
   * The outcome a store kept, as {@link #add} takes it.
   *
   * @throws IllegalArgumentException if the text is not an outcome of this kind
   */
  Object decode(String stored);

  /** Adds this accumulator's rows to another of the same kind. */
  void mergeInto(OutcomeMetrics target);

  /** The rows added. */
  long count();

  /** The metrics by name; empty without rows. */
  Map<String, Double> report();
}

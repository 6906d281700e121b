package dev.mlops.core.monitor;

import java.util.List;
import java.util.Objects;

/**
 * An outcome the monitor joined to its prediction ({@link ModelMonitor#recordOutcome}), as its
 * outcome listeners receive it ({@link ModelMonitor#onOutcomeJoined}): the version that made the
 * prediction, whenever the outcome arrived, and the scores it made.
 *
 * @param predictionId the prediction's id
 * @param version the version that made the prediction
 * @param scores the prediction's scores, in the order of the version's output classes (a binary
 *     model with a single output gives the probability of its second class)
 * @param actual the outcome as reported: a class name for a classifier, a number for a regression
 * @since 0.1
 */
public record JoinedOutcome(String predictionId, int version, List<Double> scores, Object actual) {

  /**
   * Copies the scores.
   *
   * @throws NullPointerException if a component or a score is null
   * @since 0.1
   */
  public JoinedOutcome {
    Objects.requireNonNull(predictionId, "predictionId");
    scores = List.copyOf(scores);
    Objects.requireNonNull(actual, "actual");
  }

  static JoinedOutcome of(String predictionId, int version, double[] scores, Object actual) {
    Double[] boxed = new Double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      boxed[i] = scores[i];
    }
    return new JoinedOutcome(predictionId, version, List.of(boxed), actual);
  }
}

package dev.mlops.monitor.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sampled prediction kept in the store until its ground-truth outcome arrives (or its time runs
 * out), so that any instance can join the outcome, also after the instance that predicted it
 * restarted.
 *
 * @param predictionId the prediction's id, unique per model
 * @param model the model name
 * @param version the version that computed it
 * @param paneStart the start of the pane whose window the outcome counts in
 * @param paneLength the length of a pane
 * @param scores the prediction's scores; copied in and out
 * @param predictedAt when it was predicted
 * @param expiresAt when it stops waiting for its outcome
 * @param outcome the joined outcome (a class name, or a number as text), or null while pending
 * @since 0.1
 */
public record StoredPrediction(
    String predictionId,
    String model,
    int version,
    Instant paneStart,
    Duration paneLength,
    double[] scores,
    Instant predictedAt,
    Instant expiresAt,
    @Nullable String outcome) {

  /**
   * Validates and copies the components.
   *
   * @param predictionId the prediction's id
   * @param model the model name
   * @param version the version that computed it
   * @param paneStart the start of its pane
   * @param paneLength the length of a pane
   * @param scores its scores
   * @param predictedAt when it was predicted
   * @param expiresAt when it stops waiting
   * @param outcome the joined outcome, or null
   * @throws IllegalArgumentException if the version or pane length is not positive
   */
  public StoredPrediction {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(paneStart, "paneStart");
    Objects.requireNonNull(predictedAt, "predictedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive but was " + version);
    }
    if (paneLength.toMillis() < 1) {
      throw new IllegalArgumentException("paneLength must be at least 1 ms but was " + paneLength);
    }
    scores = scores.clone();
  }

  /**
   * The prediction's scores.
   *
   * @return a copy
   */
  @Override
  public double[] scores() {
    return scores.clone();
  }

  /**
   * The same prediction with its outcome joined.
   *
   * @param actual the outcome
   * @return a copy with the outcome set
   */
  public StoredPrediction withOutcome(String actual) {
    return new StoredPrediction(predictionId, model, version, paneStart, paneLength, scores,
        predictedAt, expiresAt, Objects.requireNonNull(actual, "actual"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredPrediction p && predictionId.equals(p.predictionId)
        && model.equals(p.model) && version == p.version && paneStart.equals(p.paneStart)
        && paneLength.equals(p.paneLength) && Arrays.equals(scores, p.scores)
        && predictedAt.equals(p.predictedAt) && expiresAt.equals(p.expiresAt)
        && Objects.equals(outcome, p.outcome);
  }

  @Override
  public int hashCode() {
    return Objects.hash(predictionId, model, version, paneStart, outcome);
  }

  @Override
  public String toString() {
    return "StoredPrediction[" + model + " v" + version + " " + predictionId + " "
        + Arrays.toString(scores) + " at " + predictedAt
        + (outcome == null ? ", pending" : ", outcome " + outcome) + "]";
  }
}

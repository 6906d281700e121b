package dev.mlops.predict;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of scoring one tabular row: the model's output scores, the label they select where the
 * signature names classes, and which model version computed it.
 *
 * <p>The prediction id is unique per prediction; monitoring joins late ground-truth labels to
 * predictions by it.
 *
 * @param predictionId a unique identifier of this prediction
 * @param modelName the model that computed it
 * @param version the version that computed it
 * @param scores the model's output for this row, such as class probabilities, in the order of the
 *     output's categories
 * @param label the category with the highest score, or null when the output names no categories
 * @param latency how long the call that computed this prediction took, input validation included;
 *     rows scored in one batch share the batch's latency
 * @since 0.1
 */
public record Prediction(
    String predictionId,
    String modelName,
    int version,
    List<Double> scores,
    @Nullable String label,
    Duration latency) {

  /**
   * Validates and copies the components.
   *
   * @param predictionId a unique identifier of this prediction
   * @param modelName the model that computed it
   * @param version the version that computed it
   * @param scores the model's output for this row
   * @param label the category with the highest score, or null
   * @param latency how long the call took
   * @throws IllegalArgumentException if the version is not positive or the latency negative
   */
  public Prediction {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(modelName, "modelName");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive but was " + version);
    }
    scores = List.copyOf(scores);
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative but was " + latency);
    }
  }

  /**
   * The highest score.
   *
   * @return the maximum of {@link #scores()}
   * @throws IllegalStateException if there are no scores
   */
  public double topScore() {
    return scores.stream().mapToDouble(Double::doubleValue).max()
        .orElseThrow(() -> new IllegalStateException("Prediction " + predictionId + " has no scores"));
  }
}

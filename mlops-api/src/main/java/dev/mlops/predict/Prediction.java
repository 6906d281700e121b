package dev.mlops.predict;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of scoring one tabular row: the model's output scores, the label they select where the
 * signature names classes, and which model version computed it.
 *
 * <p>The prediction id is unique per prediction; monitoring joins late ground-truth labels to
 * predictions by it.
 *
 * <p>{@link #outputs()} names every value the model returned for the row, by the rule of {@link
 * PredictionFields}: a label output keeps its name, a score output of several classes becomes one
 * field per class, {@code <output>_<class>}, such as {@code output_probability_churn}. The command
 * line, the server and the monitor use the same names.
 *
 * @param predictionId a unique identifier of this prediction
 * @param modelName the model that computed it
 * @param version the version that computed it
 * @param scores the model's scores for this row, such as class probabilities, in the order of the
 *     output's categories, or a regression value
 * @param label the predicted class: the model's label output where it has one, else the category
 *     with the highest score; null when the model names no classes
 * @param latency how long the call that computed this prediction took, input validation included;
 *     rows scored in one batch share the batch's latency
 * @param outputs the model's outputs for this row by field name ({@link PredictionFields}), in
 *     the order of the signature's outputs: {@code Double} scores, a label as the model returns it
 *     ({@code String} or {@code Long}); empty when the predictor did not name them
 * @since 0.1
 */
public record Prediction(
    String predictionId,
    String modelName,
    int version,
    List<Double> scores,
    @Nullable String label,
    Duration latency,
    Map<String, Object> outputs) {

  /**
   * Validates and copies the components: the scores are copied unless they are an immutable row
   * view made by {@link PredictionFields#scores(double[], int, int)}, the outputs unless they
   * are a map made by {@link PredictionFields#outputs(List, Object)}.
   *
   * @param predictionId a unique identifier of this prediction
   * @param modelName the model that computed it
   * @param version the version that computed it
   * @param scores the model's output for this row
   * @param label the category with the highest score, or null
   * @param latency how long the call took
   * @param outputs the outputs by field name, in order
   * @throws IllegalArgumentException if the version is not positive or the latency negative
   */
  public Prediction {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(modelName, "modelName");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive but was " + version);
    }
    scores = scores instanceof ScoreRow ? scores : List.copyOf(scores);
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative but was " + latency);
    }
    outputs = OrderedValues.copyOf(outputs);
  }

  /**
   * A prediction whose outputs are not named.
   *
   * @param predictionId a unique identifier of this prediction
   * @param modelName the model that computed it
   * @param version the version that computed it
   * @param scores the model's output for this row
   * @param label the category with the highest score, or null
   * @param latency how long the call took
   * @throws IllegalArgumentException if the version is not positive or the latency negative
   */
  public Prediction(String predictionId, String modelName, int version, List<Double> scores,
      @Nullable String label, Duration latency) {
    this(predictionId, modelName, version, scores, label, latency, Map.of());
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

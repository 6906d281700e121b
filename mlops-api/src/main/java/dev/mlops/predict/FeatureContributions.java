package dev.mlops.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How much each feature moved one raw model output (the margin, before any link function such as
 * the logistic) away from the model's base value, for one row: SHAP values as the engine computes
 * them. The contributions plus the bias equal the margin.
 *
 * @param label the class whose margin is explained (its category in the signature, else its
 *     index), or null for a model with one unlabelled output, such as a regressor
 * @param contributions feature name to contribution, in the signature's input order
 * @param bias the base value: the margin of a row about which nothing is known
 * @since 0.1
 */
public record FeatureContributions(
    @Nullable String label, Map<String, Double> contributions, double bias) {

  /**
   * Validates and copies the components, keeping the order of the contributions.
   *
   * @param label the class whose margin is explained, or null
   * @param contributions feature name to contribution
   * @param bias the base value
   * @throws NullPointerException if the contributions, a name or a value is null
   */
  public FeatureContributions {
    Map<String, Double> copy = new LinkedHashMap<>();
    Objects.requireNonNull(contributions, "contributions").forEach((k, v) ->
        copy.put(Objects.requireNonNull(k, "feature"), Objects.requireNonNull(v, k)));
    contributions = Collections.unmodifiableMap(copy);
  }

  /**
   * The raw output these contributions explain: their sum plus the bias.
   *
   * @return the margin
   */
  public double margin() {
    double sum = bias;
    for (double c : contributions.values()) {
      sum += c;
    }
    return sum;
  }
}

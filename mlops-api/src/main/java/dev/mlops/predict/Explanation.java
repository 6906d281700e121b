package dev.mlops.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prediction together with the per-feature contributions (SHAP values) that explain it, both
 * computed by the same model version. Returned by explainers, an opt-in next to predictors for
 * the formats whose engines compute contributions natively (see {@code docs/models.md}).
 *
 * <p>A model with one raw output (a regressor, a binary classifier: the log-odds of its second
 * class) has one {@link FeatureContributions}; a multi-class classifier has one per class, in the
 * order of the prediction's scores.
 *
 * @param prediction the prediction, as the predictor would have returned it
 * @param contributions one entry per explained output
 * @since 0.1
 */
public record Explanation(Prediction prediction, List<FeatureContributions> contributions) {

  /**
   * Validates and copies the components.
   *
   * @param prediction the prediction
   * @param contributions one entry per explained output
   * @throws IllegalArgumentException if there are no contributions
   */
  public Explanation {
    Objects.requireNonNull(prediction, "prediction");
    contributions = List.copyOf(contributions);
    if (contributions.isEmpty()) {
      throw new IllegalArgumentException("An explanation of prediction "
          + prediction.predictionId() + " needs at least one set of contributions");
    }
  }

  /**
   * The contributions as named fields, the one naming rule of the command line's columns
   * ({@code mlops predict --explain}) and the server's explained records: for one explained output,
   * {@code contribution_<feature>} for each feature then {@code contribution_bias}; for several
   * (a multi-class model), {@code contribution_<class>_<feature>} and {@code
   * contribution_<class>_bias} per class, in the order of the contributions.
   *
   * @return field name to value, in that order
   */
  public Map<String, Double> fields() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k = 0; k < contributions.size(); k++) {
      FeatureContributions c = contributions.get(k);
      String label = c.label() != null ? c.label() : Integer.toString(k);
      String prefix = "contribution_" + (contributions.size() == 1 ? "" : label + "_");
      c.contributions().forEach((feature, value) -> out.put(prefix + feature, value));
      out.put(prefix + "bias", c.bias());
    }
    return Collections.unmodifiableMap(out);
  }
}

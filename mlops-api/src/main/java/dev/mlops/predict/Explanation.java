package dev.mlops.predict;

import java.util.List;
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
}

package dev.mlops.core.monitor;

import dev.mlops.core.drift.CategoricalProfile;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.FeatureProfile;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the monitor knows about a version before seeing its traffic: the profile of its training
 * data, the classes its output names, its registered metrics, and the performance estimator
 * fitted on its reference scores.
 *
 * @param reference the reference profile, or null when the version has none
 * @param classes the output's categories, empty for a regression model
 * @param trainingMetrics the metrics registered with the version
 * @param estimator CBPE (binary or multi-class) fitted on the version's reference scores or
 *     given to the builder, or null
 * @param noEstimate why there is no estimator (null when there is one)
 * @param scoreReference the profile of the reference's outputs ({@link OutputProfiles}), or null
 * @param targetReference the profile of the reference's labels, or null
 */
record VersionInfo(
    @Nullable DatasetProfile reference, List<String> classes, Map<String, Double> trainingMetrics,
    @Nullable WindowEstimator estimator, @Nullable String noEstimate,
    @Nullable DatasetProfile scoreReference, @Nullable DatasetProfile targetReference) {

  VersionInfo {
    classes = List.copyOf(classes);
    trainingMetrics = Map.copyOf(trainingMetrics);
  }

  /** An empty window profile of outputs, or null without a reference to compare it with. */
  @Nullable DatasetProfile emptyScores() {
    return scoreReference == null ? null : OutputProfiles.emptyScores(classes);
  }

  /** An empty window profile of labels, or null without a reference to compare it with. */
  @Nullable DatasetProfile emptyTargets() {
    return targetReference == null ? null : OutputProfiles.emptyTargets();
  }

  /** An empty accumulator of estimated performance, or null without an estimator. */
  @Nullable PaneEstimates emptyEstimates() {
    return estimator == null ? null : estimator.empty();
  }

  /**
   * The positive class's score of a binary prediction: its only score, or its second class's.
   */
  static double positiveScore(double[] scores) {
    return scores.length == 1 ? scores[0] : scores[1];
  }

  /** An empty window profile with the reference's features and kinds, or null without one. */
  @Nullable DatasetProfile emptyWindowProfile() {
    if (reference == null) {
      return null;
    }
    DatasetProfile.Builder builder = DatasetProfile.builder();
    for (FeatureProfile feature : reference.profiles()) {
      if (feature instanceof CategoricalProfile categorical) {
        builder.categorical(feature.feature(), categorical.maxCategories());
      } else {
        builder.numeric(feature.feature());
      }
    }
    return builder.build();
  }
}

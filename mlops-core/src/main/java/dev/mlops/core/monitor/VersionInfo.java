package dev.mlops.core.monitor;

import dev.mlops.core.drift.CategoricalProfile;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.FeatureProfile;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the monitor knows about a version before seeing its traffic: the profile of its training
 * data, the classes its output names, and its registered metrics.
 *
 * @param reference the reference profile, or null when the version has none
 * @param classes the output's categories, empty for a regression model
 * @param trainingMetrics the metrics registered with the version
 */
record VersionInfo(
    @Nullable DatasetProfile reference, List<String> classes, Map<String, Double> trainingMetrics) {

  VersionInfo {
    classes = List.copyOf(classes);
    trainingMetrics = Map.copyOf(trainingMetrics);
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

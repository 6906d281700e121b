package dev.mlops.lifecycle;

import dev.mlops.monitor.StreamDetection;
import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a {@link RetrainPolicy} may look at: the time, the model in production, when it was last
 * retrained, and what monitoring observed in the current window.
 *
 * @since 0.1
 */
public interface RetrainContext {

  /**
   * The current time, from the controller's clock.
   *
   * @return now
   */
  Instant now();

  /**
   * The version serving in production (the champion).
   *
   * @return the version
   */
  ModelVersion champion();

  /**
   * When a retraining last started for this model.
   *
   * @return the instant, or empty if never
   */
  Optional<Instant> lastRetrainAt();

  /**
   * The share of features that drifted in the current window, from 0 to 1.
   *
   * @return the share, or empty if drift was not measured
   */
  OptionalDouble driftedFeatureShare();

  /**
   * Whether the dataset as a whole drifted in the current window.
   *
   * @return the verdict, false if drift was not measured
   */
  boolean datasetDrifted();

  /**
   * Per-feature drift scores in the current window (the statistic of the chosen test).
   *
   * @return feature name to score; empty if drift was not measured
   */
  Map<String, Double> featureDriftScores();

  /**
   * The test that produced each feature's drift score, so that reasons can name it ("feature
   * tenure drifted: wasserstein 0.31 >= 0.1").
   *
   * @return feature name to method name, such as {@code ks} or {@code wasserstein}; empty if drift
   *     was not measured or the context does not know the methods, which is the default
   * @since 0.1
   */
  default Map<String, String> featureDriftMethods() {
    return Map.of();
  }

  /**
   * Per-feature drift verdicts in the current window.
   *
   * @return feature name to verdict; empty if drift was not measured
   */
  Map<String, Boolean> featureDrifted();

  /**
   * Performance metrics of the champion on labelled traffic in the current window.
   *
   * @return metric name to value, such as {@code accuracy}; empty if no labels arrived
   */
  Map<String, Double> currentMetrics();

  /**
   * Performance metrics of the champion estimated from the current window's scores before their
   * labels arrive (confidence-based performance estimation).
   *
   * @return metric name to estimate, such as {@code accuracy}; empty if the window has no estimate,
   *     which is the default
   * @since 0.1
   */
  default Map<String, Double> estimatedMetrics() {
    return Map.of();
  }

  /**
   * Whether the champion's outputs (scores or predicted classes) in the current window drifted
   * from those on its reference scores.
   *
   * @return the verdict; empty if not measured, which is the default
   * @since 0.1
   */
  default Optional<Boolean> scoreDrifted() {
    return Optional.empty();
  }

  /**
   * Whether the labels joined to the current window's predictions drifted from the reference's.
   *
   * @return the verdict; empty if not measured, which is the default
   * @since 0.1
   */
  default Optional<Boolean> targetDrifted() {
    return Optional.empty();
  }

  /**
   * What the streaming detectors attached to the champion's monitor signalled in the current
   * window.
   *
   * @return the detections, oldest first; empty if none fired or the context does not know them,
   *     which is the default
   * @since 0.1
   */
  default List<StreamDetection> streamDetections() {
    return List.of();
  }

  /**
   * Rows of new labelled data available since the champion was trained.
   *
   * @return the count
   */
  long newDataRows();
}

package dev.mlops.monitor;

import dev.mlops.drift.DriftReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What monitoring observed for one model version over one window of time: an immutable value that
 * retrain policies and alert rules read, and that monitors publish as JSON.
 *
 * @param modelName the monitored model
 * @param version the version that served the window's traffic
 * @param windowStart the start of the window, inclusive
 * @param windowEnd the end of the window, exclusive; for the open window, the time of the snapshot
 * @param closed whether the window is complete (false for the window still being filled)
 * @param predictions prediction calls in the window (rows, each row of a batch counted)
 * @param errors calls that failed (invalid input or engine failure)
 * @param sampledRows rows whose features were recorded in the window's profile (the sampling rate
 *     may keep fewer than {@code predictions})
 * @param latency latency of the calls in the window
 * @param drift drift of the window's inputs against the reference profile stored with the version,
 *     or null when the version has no reference profile or the window has too few rows
 * @param metrics performance metrics on the outcomes joined in this window, keyed by metric name
 *     such as {@code accuracy} or {@code roc_auc}; empty when no outcome was joined
 * @param trainingMetrics the metrics registered with the version (hold-out at training time), for
 *     comparing production with training; empty when none were registered
 * @param outcomes what happened to the ground-truth outcomes of the window's predictions
 * @param estimated the performance estimated from the window's predictions before labels arrive
 *     (classifiers with an estimator fitted on reference scores, regression models given a
 *     direct loss estimator), or why there is none
 * @param scoreDrift drift of the model's outputs (a binary classifier's positive-class
 *     probability, another classifier's predicted class) against those on the version's reference
 *     scores, or null when the version has none or the window has too few sampled predictions
 * @param targetDrift drift of the labels joined in the window against the reference's labels, or
 *     null when the version has no reference scores or the window has too few labels
 * @param detections what the streaming detectors attached to the monitor signalled in the window,
 *     oldest first; empty when none fired or none is attached
 * @since 0.1
 */
public record MonitorSnapshot(
    String modelName,
    int version,
    Instant windowStart,
    Instant windowEnd,
    boolean closed,
    long predictions,
    long errors,
    long sampledRows,
    LatencySummary latency,
    @Nullable DriftReport drift,
    Map<String, Double> metrics,
    Map<String, Double> trainingMetrics,
    OutcomeCounts outcomes,
    EstimatedPerformance estimated,
    @Nullable DriftReport scoreDrift,
    @Nullable DriftReport targetDrift,
    List<StreamDetection> detections) {

  /** The {@link #estimated()} of a snapshot made without an estimate. */
  private static final String NOT_ESTIMATED = "not estimated";

  /**
   * Validates and copies the components.
   *
   * @param modelName the monitored model
   * @param version the version that served the window's traffic
   * @param windowStart the start of the window
   * @param windowEnd the end of the window
   * @param closed whether the window is complete
   * @param predictions prediction calls in the window
   * @param errors calls that failed
   * @param sampledRows rows recorded in the window's profile
   * @param latency latency of the calls
   * @param drift drift against the reference profile, or null
   * @param metrics performance metrics on joined outcomes
   * @param trainingMetrics the metrics registered with the version
   * @param outcomes what happened to the outcomes
   * @param estimated the estimated performance, or why there is none
   * @param scoreDrift drift of the outputs against the reference's, or null
   * @param targetDrift drift of the labels against the reference's, or null
   * @param detections what the streaming detectors signalled in the window
   * @throws IllegalArgumentException if the version is not positive, the window ends before it
   *     starts, or a count is negative or inconsistent
   */
  public MonitorSnapshot {
    Objects.requireNonNull(modelName, "modelName");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive but was " + version);
    }
    if (windowEnd.isBefore(windowStart)) {
      throw new IllegalArgumentException(
          "Window of model '" + modelName + "' ends at " + windowEnd + " before it starts at "
              + windowStart);
    }
    if (predictions < 0 || errors < 0 || sampledRows < 0 || errors > predictions
        || sampledRows > predictions) {
      throw new IllegalArgumentException("Inconsistent counts for model '" + modelName
          + "' version " + version + ": predictions=" + predictions + ", errors=" + errors
          + ", sampledRows=" + sampledRows);
    }
    Objects.requireNonNull(latency, "latency");
    metrics = Map.copyOf(metrics);
    trainingMetrics = Map.copyOf(trainingMetrics);
    Objects.requireNonNull(outcomes, "outcomes");
    Objects.requireNonNull(estimated, "estimated");
    detections = List.copyOf(detections);
  }

  /**
   * A snapshot without stream detections, as snapshots were before them.
   *
   * @param modelName the monitored model
   * @param version the version that served the window's traffic
   * @param windowStart the start of the window
   * @param windowEnd the end of the window
   * @param closed whether the window is complete
   * @param predictions prediction calls in the window
   * @param errors calls that failed
   * @param sampledRows rows recorded in the window's profile
   * @param latency latency of the calls
   * @param drift drift against the reference profile, or null
   * @param metrics performance metrics on joined outcomes
   * @param trainingMetrics the metrics registered with the version
   * @param outcomes what happened to the outcomes
   * @param estimated the estimated performance, or why there is none
   * @param scoreDrift drift of the outputs against the reference's, or null
   * @param targetDrift drift of the labels against the reference's, or null
   * @throws IllegalArgumentException as the canonical constructor
   * @since 0.1
   */
  public MonitorSnapshot(String modelName, int version, Instant windowStart, Instant windowEnd,
      boolean closed, long predictions, long errors, long sampledRows, LatencySummary latency,
      @Nullable DriftReport drift, Map<String, Double> metrics,
      Map<String, Double> trainingMetrics, OutcomeCounts outcomes, EstimatedPerformance estimated,
      @Nullable DriftReport scoreDrift, @Nullable DriftReport targetDrift) {
    this(modelName, version, windowStart, windowEnd, closed, predictions, errors, sampledRows,
        latency, drift, metrics, trainingMetrics, outcomes, estimated, scoreDrift, targetDrift,
        List.of());
  }

  /**
   * A snapshot without estimated performance (its {@link #estimated()} says "not estimated") and
   * without score and target drift, as snapshots were before them.
   *
   * @param modelName the monitored model
   * @param version the version that served the window's traffic
   * @param windowStart the start of the window
   * @param windowEnd the end of the window
   * @param closed whether the window is complete
   * @param predictions prediction calls in the window
   * @param errors calls that failed
   * @param sampledRows rows recorded in the window's profile
   * @param latency latency of the calls
   * @param drift drift against the reference profile, or null
   * @param metrics performance metrics on joined outcomes
   * @param trainingMetrics the metrics registered with the version
   * @param outcomes what happened to the outcomes
   * @throws IllegalArgumentException as the canonical constructor
   * @since 0.1
   */
  public MonitorSnapshot(String modelName, int version, Instant windowStart, Instant windowEnd,
      boolean closed, long predictions, long errors, long sampledRows, LatencySummary latency,
      @Nullable DriftReport drift, Map<String, Double> metrics,
      Map<String, Double> trainingMetrics, OutcomeCounts outcomes) {
    this(modelName, version, windowStart, windowEnd, closed, predictions, errors, sampledRows,
        latency, drift, metrics, trainingMetrics, outcomes,
        EstimatedPerformance.unavailable(NOT_ESTIMATED), null, null, List.of());
  }

  /**
   * This snapshot with another estimated performance.
   *
   * @param value the estimate
   * @return a copy with {@code estimated} replaced
   * @since 0.1
   */
  public MonitorSnapshot withEstimated(EstimatedPerformance value) {
    return new MonitorSnapshot(modelName, version, windowStart, windowEnd, closed, predictions,
        errors, sampledRows, latency, drift, metrics, trainingMetrics, outcomes, value, scoreDrift,
        targetDrift, detections);
  }

  /**
   * This snapshot with other stream detections.
   *
   * @param value the detections, oldest first
   * @return a copy with {@code detections} replaced
   * @since 0.1
   */
  public MonitorSnapshot withDetections(List<StreamDetection> value) {
    return new MonitorSnapshot(modelName, version, windowStart, windowEnd, closed, predictions,
        errors, sampledRows, latency, drift, metrics, trainingMetrics, outcomes, estimated,
        scoreDrift, targetDrift, value);
  }

  /**
   * Whether the streaming detector attached under a name fired in this window.
   *
   * @param detectorName the name given when attaching it to the monitor
   * @return true if {@link #detections()} holds one of it
   * @since 0.1
   */
  public boolean detected(String detectorName) {
    return detections.stream().anyMatch(d -> d.detector().equals(detectorName));
  }

  /**
   * The share of calls that failed.
   *
   * @return errors divided by predictions, 0 for a window without calls
   */
  public double errorRate() {
    return predictions == 0 ? 0.0 : (double) errors / predictions;
  }

  /**
   * Whether the window's inputs drifted as a whole from the training data.
   *
   * @return the drift report's verdict, false when drift was not measured
   */
  public boolean datasetDrifted() {
    return drift != null && drift.datasetDrifted();
  }
}

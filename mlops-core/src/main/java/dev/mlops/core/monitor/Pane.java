package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.monitor.StreamDetection;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one version did during one step of time: the smallest unit the monitor aggregates. A
 * tumbling window is one pane; a sliding window merges the panes it spans. Every field is guarded
 * by the monitor's fold lock.
 */
final class Pane {

  final int version;
  final long index;
  final VersionMeters meters;
  final @Nullable DatasetProfile profile;
  final LatencySketch latency = new LatencySketch();
  final OutcomeMetrics outcomes;
  /** The sampled predictions' scores for estimated performance; null without an estimator. */
  final @Nullable PaneEstimates estimates;
  /** The sampled predictions' outputs, for score drift; null without a reference of them. */
  final @Nullable DatasetProfile scores;
  /** The joined outcomes' labels, for target drift; null without a reference of them. */
  final @Nullable DatasetProfile targets;
  /** What the version's streaming detectors signalled during the pane, oldest first. */
  final List<StreamDetection> detections = new ArrayList<>(0);
  long predictions;
  long errors;
  long sampledRows;
  long joined;
  long duplicates;
  long unknown;
  long expired;
  long pending;
  /** Set once no open or kept window spans the pane; outcomes for it then count as unknown. */
  boolean retired;
  /** Changed since its partial was last handed to the store (fleet monitors only). */
  boolean dirty;
  /**
   * Holds only outcomes that came again for predictions of a pane this instance keeps no pane of
   * (fleet monitors only); written under a key of its own so as not to replace the instance's
   * partial of the pane.
   */
  boolean late;

  Pane(int version, long index, VersionMeters meters, @Nullable DatasetProfile profile,
      OutcomeMetrics outcomes, @Nullable PaneEstimates estimates,
      @Nullable DatasetProfile scores, @Nullable DatasetProfile targets) {
    this.version = version;
    this.index = index;
    this.meters = meters;
    this.profile = profile;
    this.outcomes = outcomes;
    this.estimates = estimates;
    this.scores = scores;
    this.targets = targets;
  }

  void detection(StreamDetection detection) {
    detections.add(detection);
  }
}

package dev.mlops.core.monitor;

import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The panes of one version, by index, and its meters. Guarded by the monitor's fold lock.
 */
final class VersionState {

  final int version;
  final VersionInfo info;
  final VersionMeters meters;
  final TreeMap<Long, Pane> panes = new TreeMap<>();
  boolean warnedAboutRows;
  /** The version's most recent closed window, whose figures the gauges show; null before one. */
  @Nullable ClosedWindow lastClosed;
  /** Whether outcomes joined the last closed window since its gauges were set. */
  boolean lastClosedOutcomes;

  private final double threshold;

  VersionState(int version, VersionInfo info, VersionMeters meters, double threshold) {
    this.version = version;
    this.info = info;
    this.meters = meters;
    this.threshold = threshold;
  }

  Pane pane(long index) {
    return panes.computeIfAbsent(index, i -> new Pane(version, i, meters,
        info.emptyWindowProfile(), outcomeMetrics(), info.emptyEstimates(), info.emptyScores(),
        info.emptyTargets()));
  }

  /** An empty performance accumulator for this version's output. */
  OutcomeMetrics outcomeMetrics() {
    return OutcomeMetrics.forClasses(info.classes(), threshold);
  }
}

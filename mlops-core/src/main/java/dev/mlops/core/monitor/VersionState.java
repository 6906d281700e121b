package dev.mlops.core.monitor;

import java.util.TreeMap;

/**
 * The panes of one version, by index, and its meters. Guarded by the monitor's fold lock.
 */
final class VersionState {

  final int version;
  final VersionInfo info;
  final VersionMeters meters;
  final TreeMap<Long, Pane> panes = new TreeMap<>();
  boolean warnedAboutRows;

  VersionState(int version, VersionInfo info, VersionMeters meters) {
    this.version = version;
    this.info = info;
    this.meters = meters;
  }

  Pane pane(long index) {
    return panes.computeIfAbsent(index, i -> new Pane(i, meters, info.emptyWindowProfile(),
        OutcomeMetrics.forClasses(info.classes())));
  }
}

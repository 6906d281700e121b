package dev.mlops.core.monitor;

import dev.mlops.monitor.MonitorSnapshot;
import java.util.List;

/**
 * A window that ended: the snapshot taken when it closed (traffic, latency and drift are final)
 * and, while the window is kept, its panes, so that outcomes arriving later still count in it.
 */
final class ClosedWindow {

  final VersionState version;
  final long endPane;
  final MonitorSnapshot atClose;
  final List<Pane> panes;

  ClosedWindow(VersionState version, long endPane, MonitorSnapshot atClose,
      List<Pane> panes) {
    this.version = version;
    this.endPane = endPane;
    this.atClose = atClose;
    this.panes = List.copyOf(panes);
  }
}

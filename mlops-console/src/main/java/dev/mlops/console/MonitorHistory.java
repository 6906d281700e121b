package dev.mlops.console;

import dev.mlops.alert.Alert;
import dev.mlops.console.internal.JsonLinesMonitorHistory;
import dev.mlops.console.internal.MonitorsHistory;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the console's monitoring page finds the windows a model's monitors observed over time
 * (traffic, errors, latency, drift, realized and estimated performance per version) and its
 * recent alerts. Implementations are thread-safe; the console asks on every page view.
 *
 * @since 0.1
 */
public interface MonitorHistory {

  /**
   * Where the windows come from, for the page.
   *
   * @return such as {@code /var/mlops/monitor-windows.jsonl}
   * @since 0.1
   */
  String describe();

  /**
   * The models that have windows.
   *
   * @return model names, sorted
   * @throws dev.mlops.MlopsException if the history cannot be read
   * @since 0.1
   */
  List<String> models();

  /**
   * The windows of a model, of every version, oldest first (by window start, then version).
   *
   * @param model the model name
   * @return the windows; empty if there are none
   * @throws dev.mlops.MlopsException if the history cannot be read
   * @since 0.1
   */
  List<MonitorSnapshot> windows(String model);

  /**
   * The recent alerts of a model, newest first. The default has none.
   *
   * @param model the model name
   * @return the alerts
   * @since 0.1
   */
  default List<Alert> alerts(String model) {
    return List.of();
  }

  /**
   * This history with the alerts an application's {@link RecentAlerts} sink kept.
   *
   * @param recent the sink
   * @return a history with the same windows and those alerts
   * @since 0.1
   */
  default MonitorHistory withAlerts(RecentAlerts recent) {
    Objects.requireNonNull(recent, "recent");
    MonitorHistory windows = this;
    return new MonitorHistory() {
      @Override
      public String describe() {
        return windows.describe();
      }

      @Override
      public List<String> models() {
        return windows.models();
      }

      @Override
      public List<MonitorSnapshot> windows(String model) {
        return windows.windows(model);
      }

      @Override
      public List<Alert> alerts(String model) {
        return recent.alerts(model);
      }
    };
  }

  /**
   * The windows written to a JSON Lines file, one {@code mlops.monitor-snapshot} document per
   * line ({@code MonitorSnapshotJson}), such as the churn case study's
   * {@code monitor-windows.jsonl} or a window listener's log. The file is read again when it
   * changes; a missing file has no windows.
   *
   * @param file the file
   * @return the history
   * @throws ConsoleDataException from {@link #windows} and {@link #models} if a line is not a
   *     snapshot, naming the file and line
   * @since 0.1
   */
  static MonitorHistory jsonLines(Path file) {
    return new JsonLinesMonitorHistory(file);
  }

  /**
   * The windows that running monitors keep in memory: each monitor's closed windows and the
   * open window of the version each serves now.
   *
   * @param monitors the monitors of the application's deployments
   * @return the history
   * @since 0.1
   */
  static MonitorHistory of(ModelMonitor... monitors) {
    return new MonitorsHistory(List.of(monitors));
  }
}

package dev.mlops.console;

import dev.mlops.alert.Alert;
import dev.mlops.console.internal.FleetMonitorHistory;
import dev.mlops.console.internal.JsonLinesMonitorHistory;
import dev.mlops.console.internal.MonitorsHistory;
import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * The windows of a fleet: what the monitors of every instance recorded in the store they share
   * (such as {@code JdbcMonitorStore} on the registry's database), merged across instances as
   * {@code mlops monitor status} merges them ({@link FleetSnapshots}). For each model of the
   * registry that the fleet monitors, the closed windows that ended within {@code span} before
   * now and the open window, of every version. The store is read on every page view.
   *
   * @param store the store the fleet's monitors write to; the caller closes it
   * @param registry the fleet's registry, for the model names and each version's reference
   *     profile, classes and reference scores (drift, metrics, estimated performance)
   * @param span how far back closed windows are shown, such as a day
   * @return the history
   * @throws IllegalArgumentException if span is not positive
   * @since 0.1
   */
  static MonitorHistory of(MonitorStore store, ModelRegistry registry, Duration span) {
    return of(FleetSnapshots.builder(store).registry(registry).build(), registry, span,
        store.describe());
  }

  /**
   * The windows of a fleet read by a configured reader (its clock, drift analyzer, decision
   * threshold; or a monitor's own {@code ModelMonitor.fleet()}), as {@link #of(MonitorStore,
   * ModelRegistry, Duration)} reads them.
   *
   * @param fleet the reader of the fleet's store
   * @param registry the fleet's registry, for the model names
   * @param span how far back closed windows are shown
   * @param store where the windows are, for the page, such as the store's {@code describe()}
   * @return the history
   * @throws IllegalArgumentException if span is not positive
   * @since 0.1
   */
  static MonitorHistory of(FleetSnapshots fleet, ModelRegistry registry, Duration span,
      String store) {
    return new FleetMonitorHistory(fleet, registry, span, store);
  }
}

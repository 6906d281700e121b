package dev.mlops.console.internal;

import dev.mlops.console.MonitorHistory;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.MonitorSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The windows running monitors keep: each monitor's closed windows and the open window of the
 * version it serves now.
 *
 * @since 0.1
 */
public final class MonitorsHistory implements MonitorHistory {

  private static final Comparator<MonitorSnapshot> ORDER =
      Comparator.comparing(MonitorSnapshot::windowStart).thenComparingInt(MonitorSnapshot::version)
          .thenComparing(MonitorSnapshot::closed, Comparator.reverseOrder());

  private final List<ModelMonitor> monitors;

  /**
   * Creates the history.
   *
   * @param monitors the monitors
   */
  public MonitorsHistory(List<ModelMonitor> monitors) {
    this.monitors = List.copyOf(monitors);
    this.monitors.forEach(m -> Objects.requireNonNull(m, "monitor"));
  }

  /**
   * Windows in the order pages show them: by start, then version, closed before open.
   *
   * @param windows the windows
   * @return them sorted
   */
  static List<MonitorSnapshot> ordered(List<MonitorSnapshot> windows) {
    return windows.stream().sorted(ORDER).toList();
  }

  @Override
  public String describe() {
    return monitors.size() + " running monitor(s)";
  }

  @Override
  public List<String> models() {
    Set<String> names = new LinkedHashSet<>();
    for (ModelMonitor monitor : monitors) {
      windowsOf(monitor).forEach(s -> names.add(s.modelName()));
    }
    return names.stream().sorted().toList();
  }

  @Override
  public List<MonitorSnapshot> windows(String model) {
    List<MonitorSnapshot> all = new ArrayList<>();
    for (ModelMonitor monitor : monitors) {
      windowsOf(monitor).stream().filter(s -> s.modelName().equals(model)).forEach(all::add);
    }
    return ordered(all);
  }

  private static List<MonitorSnapshot> windowsOf(ModelMonitor monitor) {
    try {
      List<MonitorSnapshot> windows = new ArrayList<>(monitor.closedWindows());
      windows.add(monitor.snapshot());
      return windows;
    } catch (IllegalStateException e) {
      // Nothing wrapped yet, or closed: no windows to show.
      return List.of();
    }
  }
}

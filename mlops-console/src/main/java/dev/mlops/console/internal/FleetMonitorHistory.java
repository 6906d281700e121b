package dev.mlops.console.internal;

import dev.mlops.console.MonitorHistory;
import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisteredModel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The windows a fleet's monitors recorded in the store they share, merged across instances by
 * {@link FleetSnapshots}: for each model of the registry that the fleet monitors, the closed
 * windows that ended within a span before now and the open window, per version.
 *
 * @since 0.1
 */
public final class FleetMonitorHistory implements MonitorHistory {

  private final FleetSnapshots fleet;
  private final ModelRegistry registry;
  private final Duration span;
  private final String store;

  /**
   * Creates the history.
   *
   * @param fleet the reader of the store
   * @param registry the registry whose models are looked up in the store
   * @param span how far back closed windows are shown
   * @param store the store's description, for the page
   * @throws IllegalArgumentException if span is not positive
   */
  public FleetMonitorHistory(FleetSnapshots fleet, ModelRegistry registry, Duration span,
      String store) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.span = Objects.requireNonNull(span, "span");
    this.store = Objects.requireNonNull(store, "store");
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive but was " + span);
    }
  }

  @Override
  public String describe() {
    return "the fleet's monitoring store " + store + " (windows of the last " + Formats.duration(span)
        + ")";
  }

  @Override
  public List<String> models() {
    return ModelsPage.allModels(registry).stream().map(RegisteredModel::name)
        .filter(fleet::isMonitored).toList();
  }

  @Override
  public List<MonitorSnapshot> windows(String model) {
    return MonitorsHistory.ordered(fleet.recentWindows(model, span));
  }
}

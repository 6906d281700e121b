package dev.mlops.core.monitor;

import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.StoredState;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a fleet cuts a model's time into panes and windows, recorded in the store (state key
 * {@code mlops.monitor.windows/MODEL}, value {@code step=PT1H window=PT1H}) by the first monitor,
 * so that readers without a monitor ({@code mlops monitor status}) know the windows.
 *
 * @param stepMillis the pane length
 * @param panesPerWindow how many panes a window spans
 */
record WindowGeometry(long stepMillis, int panesPerWindow) {

  private static final Logger LOG = LoggerFactory.getLogger(WindowGeometry.class);

  static String key(String model) {
    return "mlops.monitor.windows/" + model;
  }

  long windowMillis() {
    return stepMillis * panesPerWindow;
  }

  String encode() {
    return "step=" + Duration.ofMillis(stepMillis) + " window=" + Duration.ofMillis(windowMillis());
  }

  /** The geometry recorded for a model, if any monitor recorded one. */
  static Optional<WindowGeometry> read(MonitorStore store, String model) {
    return store.readState(key(model)).map(s -> decode(model, s));
  }

  /** Records this geometry unless one is recorded; warns when the recorded one differs. */
  void record(MonitorStore store, String model) {
    Optional<StoredState> recorded = store.readState(key(model));
    if (recorded.isEmpty()) {
      if (store.writeState(key(model), 0, encode())) {
        return;
      }
      recorded = store.readState(key(model));
    }
    recorded.map(s -> decode(model, s)).filter(g -> !g.equals(this)).ifPresent(g ->
        LOG.warn("The fleet's monitors of model '{}' disagree on windows: {} is recorded, this one"
            + " uses {}; fleet snapshots merge only panes of the recorded length", model,
            g.encode(), encode()));
  }

  private static WindowGeometry decode(String model, StoredState state) {
    try {
      String[] parts = state.value().split(" ");
      Duration step = Duration.parse(parts[0].substring("step=".length()));
      Duration window = Duration.parse(parts[1].substring("window=".length()));
      return new WindowGeometry(step.toMillis(), (int) (window.toMillis() / step.toMillis()));
    } catch (RuntimeException e) {
      if (e instanceof DateTimeParseException || e instanceof IndexOutOfBoundsException
          || e instanceof ArithmeticException) {
        throw new IllegalStateException("The store's window record of model '" + model
            + "' is malformed: '" + state.value() + "'", e);
      }
      throw e;
    }
  }
}

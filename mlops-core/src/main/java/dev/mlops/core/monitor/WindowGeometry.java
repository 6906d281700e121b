package dev.mlops.core.monitor;

import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.StoredState;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a fleet cuts a model's time into panes and windows, and the decision threshold its binary
 * metrics use, recorded in the store (state key {@code mlops.monitor.windows/MODEL}, value {@code
 * step=PT1H window=PT1H}, with {@code decisionThreshold=0.3} appended when a monitor was given
 * one) by the monitors, so that readers without a monitor ({@code mlops monitor status}, {@code
 * mlops ui --monitor}) cut and judge the windows as the monitors do.
 *
 * <p>The windows are those of the first monitor that recorded them: panes of another length
 * cannot be merged with the stored ones. The threshold is that of the monitor that started last,
 * since a fleet redeployed with another threshold means the new one; readers apply it to every
 * window they compute, the earlier ones included (outcomes are stored with their scores).
 *
 * @param stepMillis the pane length
 * @param panesPerWindow how many panes a window spans
 * @param decisionThreshold a binary classifier's decision threshold, NaN for the default 0.5
 */
record WindowGeometry(long stepMillis, int panesPerWindow, double decisionThreshold) {

  private static final Logger LOG = LoggerFactory.getLogger(WindowGeometry.class);
  private static final String STEP = "step";
  private static final String WINDOW = "window";
  private static final String THRESHOLD = "decisionThreshold";
  /** Compare-and-set attempts against monitors recording at the same moment. */
  private static final int ATTEMPTS = 10;

  static String key(String model) {
    return "mlops.monitor.windows/" + model;
  }

  long windowMillis() {
    return stepMillis * panesPerWindow;
  }

  String encode() {
    String windows = STEP + "=" + Duration.ofMillis(stepMillis) + " " + WINDOW + "="
        + Duration.ofMillis(windowMillis());
    return Double.isNaN(decisionThreshold) ? windows
        : windows + " " + THRESHOLD + "=" + decisionThreshold;
  }

  private boolean sameWindows(WindowGeometry other) {
    return stepMillis == other.stepMillis && panesPerWindow == other.panesPerWindow;
  }

  /** The geometry recorded for a model, if any monitor recorded one. */
  static Optional<WindowGeometry> read(MonitorStore store, String model) {
    return store.readState(key(model)).map(s -> decode(model, s));
  }

  /**
   * Records this geometry unless windows are recorded, then warns when the recorded ones differ;
   * records this threshold in place of the recorded one.
   */
  void record(MonitorStore store, String model) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<StoredState> recorded = store.readState(key(model));
      if (recorded.isEmpty()) {
        if (store.writeState(key(model), 0, encode())) {
          return;
        }
        continue;
      }
      WindowGeometry g = decode(model, recorded.get());
      if (!g.sameWindows(this) && attempt == 0) {
        LOG.warn("The fleet's monitors of model '{}' disagree on windows: {} is recorded, this"
            + " one uses {}; fleet snapshots merge only panes of the recorded length", model,
            g.encode(), encode());
      }
      if (Double.compare(g.decisionThreshold, decisionThreshold) == 0) {
        return;
      }
      WindowGeometry updated = new WindowGeometry(g.stepMillis, g.panesPerWindow,
          decisionThreshold);
      if (store.writeState(key(model), recorded.get().revision(), updated.encode())) {
        LOG.info("The decision threshold of model '{}' recorded for the fleet's readers changes"
            + " from {} to {}, this monitor's", model, describe(g.decisionThreshold),
            describe(decisionThreshold));
        return;
      }
    }
    LOG.warn("Could not record the windows of model '{}' ({}): other monitors kept changing the"
        + " record", model, encode());
  }

  private static String describe(double threshold) {
    return Double.isNaN(threshold) ? "the default 0.5" : Double.toString(threshold);
  }

  private static WindowGeometry decode(String model, StoredState state) {
    try {
      Map<String, String> fields = new HashMap<>();
      for (String part : state.value().split(" ")) {
        int equals = part.indexOf('=');
        if (equals > 0) {
          fields.put(part.substring(0, equals), part.substring(equals + 1));
        }
      }
      Duration step = Duration.parse(required(fields, STEP));
      Duration window = Duration.parse(required(fields, WINDOW));
      String threshold = fields.get(THRESHOLD);
      return new WindowGeometry(step.toMillis(), (int) (window.toMillis() / step.toMillis()),
          threshold == null ? Double.NaN : Double.parseDouble(threshold));
    } catch (RuntimeException e) {
      if (e instanceof DateTimeParseException || e instanceof IllegalArgumentException
          || e instanceof ArithmeticException) {
        throw new IllegalStateException("The store's window record of model '" + model
            + "' is malformed: '" + state.value() + "'", e);
      }
      throw e;
    }
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no " + name);
    }
    return value;
  }
}

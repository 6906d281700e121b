package dev.mlops.jdbc;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.alert.FleetAlerts;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An instance of a monitored service, run as a separate JVM by the fleet-monitoring tests:
 * {@code URL SCHEMA NAME WINDOW_MILLIS} opens the registry and the monitoring store in the
 * schema, monitors {@link ScriptedChurn} with tumbling windows of that length, and runs fleet
 * alerts (dataset drift, printed as {@code ALERT state windowEnd}). It prints {@code READY}, then
 * obeys lines on its input:
 *
 * <ul>
 *   <li>{@code predict SEED COUNT SHIFT}: predicts {@link ScriptedChurn#rows} and prints
 *       {@code ID index predictionId paneStartMillis} per row, then {@code PREDICTED COUNT};
 *   <li>{@code outcome ID ACTUAL}: reports an outcome, prints {@code OUTCOME ID RESULT};
 *   <li>{@code flush}: writes what waits for the store, prints {@code FLUSHED}.
 * </ul>
 *
 * When its input closes it closes everything and prints {@code DONE}.
 */
public final class MonitoringMember {

  /**
   * Windows with at least this many profiled rows get a drift report: the members and the test
   * agree on it, and on the test; the traffic's split into windows depends on timing.
   */
  static final long MIN_ROWS_FOR_DRIFT = 20;

  /** The drift test the members and the test agree on: far from noise at 20 rows. */
  static DriftAnalyzer analyzer() {
    return DriftAnalyzer.builder().method("x", DriftMethod.WASSERSTEIN).threshold("x", 0.5)
        .method("plan", DriftMethod.JENSEN_SHANNON).threshold("plan", 0.3).build();
  }

  private MonitoringMember() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    String name = args[2];
    Duration window = Duration.ofMillis(Long.parseLong(args[3]));
    try (JdbcModelRegistry registry = JdbcModelRegistry.builder(url).user("postgres")
            .schema(schema).poolSize(2).open();
        JdbcMonitorStore store = JdbcMonitorStore.builder(url).user("postgres").schema(schema)
            .poolSize(3).open()) {
      FirstReadClock clock = new FirstReadClock();
      ModelMonitor monitor = ModelMonitor.builder().clock(clock).registry(registry).store(store)
          .tumblingWindow(window).driftAnalyzer(analyzer()).minRowsForDrift(MIN_ROWS_FOR_DRIFT)
          .instanceName(name)
          .storeFlushInterval(Duration.ofMillis(200)).settleDelay(Duration.ofSeconds(1)).build();
      Predictor<Map<String, Object>, Prediction> predictor = monitor.wrap(
          new ScriptedChurn(registry.getVersion(ScriptedChurn.MODEL, 1), name + "-"));
      FleetAlerts alerts = FleetAlerts.builder(store, monitor.fleet(), ScriptedChurn.MODEL)
          .dispatcher(AlertDispatcher.builder().rule(AlertRules.datasetDrift())
              .sink(new Printing()).build())
          .settleDelay(Duration.ofSeconds(1)).checkInterval(Duration.ofMillis(300)).build();
      alerts.start();
      say("READY");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        String[] command = line.split(" ");
        switch (command[0]) {
          case "predict" -> predict(clock, predictor, Long.parseLong(command[1]),
              Integer.parseInt(command[2]), Double.parseDouble(command[3]), window);
          case "outcome" -> {
            JoinResult result = monitor.recordOutcome(command[1], command[2]);
            say("OUTCOME " + command[1] + " " + result);
          }
          case "flush" -> {
            monitor.flush();
            say("FLUSHED");
          }
          default -> say("UNKNOWN COMMAND " + line);
        }
      }
      alerts.close();
      monitor.close();
    }
    say("DONE");
  }

  private static void predict(FirstReadClock clock, Predictor<Map<String, Object>, Prediction>
      predictor, long seed, int count, double shift, Duration window) {
    List<Map<String, Object>> rows = ScriptedChurn.rows(seed, count, shift);
    for (int i = 0; i < rows.size(); i++) {
      clock.reset();
      Prediction p = predictor.predict(rows.get(i));
      // The window the monitor placed the call in: by the time it read when the call returned.
      long pane = Math.floorDiv(clock.firstRead(), window.toMillis()) * window.toMillis();
      say("ID " + i + " " + p.predictionId() + " " + pane);
    }
    say("PREDICTED " + count);
  }

  static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Prints each alert the fleet raises through this instance. */
  private static final class Printing implements AlertSink {
    @Override
    public void send(Alert alert) {
      say("ALERT " + alert.state() + " " + alert.at());
    }

    @Override
    public void close() {}
  }
}

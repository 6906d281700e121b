package dev.mlops.console.internal;

import dev.mlops.alert.Alert;
import dev.mlops.console.MonitorHistory;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code GET /monitoring}: the monitored models; {@code GET /monitoring/MODEL}: a model's
 * windows over time, per version, as charts (traffic, error rate, latency, drift share, each
 * realized or estimated performance metric) and as a table, and its recent alerts. Without a
 * configured {@link MonitorHistory} the page says so.
 */
final class MonitoringPage {

  private static final int TABLE_ROWS = 50;

  private MonitoringPage() {}

  static String models(Exchange exchange, ConsoleSettings settings) {
    return Layout.page(exchange, settings, Layout.Section.MONITORING, "Monitoring", html -> {
      MonitorHistory history = settings.monitor();
      if (history == null) {
        noStore(html);
        return;
      }
      html.raw("<p class=\"muted\">").text("Windows from " + history.describe()).raw("</p>\n");
      List<String> models = history.models();
      if (models.isEmpty()) {
        Layout.notice(html, "info", "No monitored windows yet.");
        return;
      }
      html.raw("<table id=\"monitored-models\"><thead><tr><th>Model</th><th>Windows</th><th>Versions</th>"
          + "<th>Latest window</th></tr></thead>\n<tbody>\n");
      for (String model : models) {
        List<MonitorSnapshot> windows = history.windows(model);
        Set<Integer> versions = new TreeSet<>();
        windows.forEach(w -> versions.add(w.version()));
        html.raw("<tr").attr("data-model", model).raw("><td>").link(Urls.path("monitoring", model), model)
            .raw("</td><td>").text(windows.size()).raw("</td><td>").text(versions.stream()
                .map(v -> "v" + v).reduce((a, b) -> a + ", " + b).orElse("")).raw("</td><td>")
            .text(windows.isEmpty() ? "–" : Formats.time(windows.get(windows.size() - 1).windowStart()))
            .raw("</td></tr>\n");
      }
      html.raw("</tbody></table>\n");
    });
  }

  static String model(Exchange exchange, ConsoleSettings settings, String model) {
    return Layout.page(exchange, settings, Layout.Section.MONITORING, "Monitoring of " + model, html -> {
      html.raw("<p class=\"breadcrumbs\">").link("/monitoring", "Monitoring").raw(" / ").text(model)
          .raw("</p>\n");
      MonitorHistory history = settings.monitor();
      if (history == null) {
        noStore(html);
        return;
      }
      List<MonitorSnapshot> windows = history.windows(model);
      if (windows.isEmpty()) {
        Layout.notice(html, "info", "No monitored windows of model '" + model + "' in "
            + history.describe() + ".");
      } else {
        charts(html, windows);
        table(html, windows);
      }
      alerts(html, history.alerts(model));
    });
  }

  private static void charts(Html html, List<MonitorSnapshot> windows) {
    html.raw("<div class=\"charts\">\n");
    chart(html, "chart-traffic", "Predictions per window", windows, s -> s.predictions(), false);
    chart(html, "chart-errors", "Error rate", windows, MonitorSnapshot::errorRate, true);
    chart(html, "chart-latency-p50", "Latency p50 (ms)", windows,
        s -> s.latency().count() == 0 ? Double.NaN : s.latency().p50().toNanos() / 1e6, false);
    chart(html, "chart-latency-p99", "Latency p99 (ms)", windows,
        s -> s.latency().count() == 0 ? Double.NaN : s.latency().p99().toNanos() / 1e6, false);
    if (windows.stream().anyMatch(s -> s.drift() != null)) {
      chart(html, "chart-drift", "Share of drifted features", windows,
          s -> s.drift() == null ? Double.NaN : s.drift().driftedShare(), true);
    }
    Set<String> metrics = new TreeSet<>();
    windows.forEach(s -> {
      metrics.addAll(s.metrics().keySet());
      metrics.addAll(s.estimated().metrics().keySet());
    });
    int i = 0;
    for (String metric : metrics) {
      performanceChart(html, "chart-metric-" + i++, metric, windows);
    }
    html.raw("</div>\n");
  }

  private static void chart(Html html, String id, String title, List<MonitorSnapshot> windows,
      ToDoubleFunction<MonitorSnapshot> value, boolean percent) {
    List<LineChart.Series> series = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<Integer, List<MonitorSnapshot>> v : byVersion(windows).entrySet()) {
      series.add(new LineChart.Series("v" + v.getKey(), colour++, points(v.getValue(), value)));
    }
    figure(html, id, title, series, percent);
  }

  /**
   * A metric realized on joined outcomes (a solid line per version) beside its estimate from the
   * scores before the labels arrive (dashed, in the version's colour, its band shaded).
   */
  private static void performanceChart(Html html, String id, String metric,
      List<MonitorSnapshot> windows) {
    List<LineChart.Series> series = new ArrayList<>();
    int colour = 0;
    boolean estimates = false;
    for (Map.Entry<Integer, List<MonitorSnapshot>> v : byVersion(windows).entrySet()) {
      List<MonitorSnapshot> versionWindows = v.getValue();
      if (versionWindows.stream().anyMatch(s -> s.metrics().containsKey(metric))) {
        series.add(new LineChart.Series("v" + v.getKey(), colour,
            points(versionWindows, s -> s.metrics().getOrDefault(metric, Double.NaN))));
      }
      if (versionWindows.stream().anyMatch(s -> s.estimated().metrics().containsKey(metric))) {
        estimates = true;
        List<LineChart.Range> band = versionWindows.stream().map(s -> new LineChart.Range(
            s.windowStart(), s.estimated().lower().getOrDefault(metric, Double.NaN),
            s.estimated().upper().getOrDefault(metric, Double.NaN))).toList();
        series.add(new LineChart.Series("v" + v.getKey() + " estimated", colour, true,
            points(versionWindows, s -> s.estimated().metrics().getOrDefault(metric, Double.NaN)),
            band));
      }
      colour++;
    }
    figure(html, id, "Performance: " + metric + (estimates
        ? " (realized: solid; estimated before labels: dashed, with its band)" : ""), series, false);
  }

  private static Map<Integer, List<MonitorSnapshot>> byVersion(List<MonitorSnapshot> windows) {
    Map<Integer, List<MonitorSnapshot>> byVersion = new TreeMap<>();
    windows.forEach(s -> byVersion.computeIfAbsent(s.version(), v -> new ArrayList<>()).add(s));
    return byVersion;
  }

  private static List<LineChart.Point> points(List<MonitorSnapshot> windows,
      ToDoubleFunction<MonitorSnapshot> value) {
    return windows.stream()
        .map(s -> new LineChart.Point(s.windowStart(), value.applyAsDouble(s))).toList();
  }

  private static void figure(Html html, String id, String title, List<LineChart.Series> series,
      boolean percent) {
    html.raw("<figure>").element("figcaption", title)
        .raw(LineChart.render(id, title, series, percent)).raw("</figure>\n");
  }

  private static void table(Html html, List<MonitorSnapshot> windows) {
    List<MonitorSnapshot> newest = new ArrayList<>(windows);
    Collections.reverse(newest);
    html.element("h2", "Windows");
    html.raw("<table class=\"windows\" id=\"windows\"><thead><tr><th>Window</th><th>Version</th>"
        + "<th>Predictions</th><th>Errors</th><th>p50 / p99 ms</th><th>Drift share</th>"
        + "<th>Performance</th><th>Estimated (band)</th><th>Outcomes joined / pending</th></tr>"
        + "</thead>\n<tbody>\n");
    for (MonitorSnapshot s : newest.subList(0, Math.min(TABLE_ROWS, newest.size()))) {
      html.raw("<tr><td>").text(Formats.time(s.windowStart()) + " – " + Formats.time(s.windowEnd())
              + (s.closed() ? "" : " (open)")).raw("</td><td>").text("v" + s.version()).raw("</td><td>")
          .text(s.predictions()).raw("</td><td>").text(s.errors() + " (" + Formats.percent(s.errorRate())
              + ")").raw("</td><td>").text(s.latency().count() == 0 ? "–"
              : Formats.number(s.latency().p50().toNanos() / 1e6) + " / "
                  + Formats.number(s.latency().p99().toNanos() / 1e6)).raw("</td><td>")
          .text(s.drift() == null ? "–" : Formats.percent(s.drift().driftedShare())).raw("</td><td>")
          .text(VersionParts.metrics(s.metrics())).raw("</td>");
      estimated(html, s.estimated());
      html.raw("<td>").text(s.outcomes().joined() + " / " + s.outcomes().pending())
          .raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  /** The estimated metrics with their bands; without an estimate, a dash saying why. */
  private static void estimated(Html html, EstimatedPerformance estimated) {
    String reason = estimated.unavailable();
    if (reason != null) {
      html.raw("<td class=\"estimated\"").attr("title", reason).raw(">–</td>");
      return;
    }
    html.raw("<td class=\"estimated\">").text(new TreeMap<>(estimated.metrics()).entrySet().stream()
        .map(e -> e.getKey() + "=" + Formats.number(e.getValue()) + band(estimated, e.getKey()))
        .collect(Collectors.joining(", "))).raw("</td>");
  }

  private static String band(EstimatedPerformance estimated, String metric) {
    Double lower = estimated.lower().get(metric);
    Double upper = estimated.upper().get(metric);
    return lower == null || upper == null ? ""
        : " (" + Formats.number(lower) + "–" + Formats.number(upper) + ")";
  }

  private static void alerts(Html html, List<Alert> alerts) {
    html.element("h2", "Alerts");
    if (alerts.isEmpty()) {
      html.raw("<p class=\"empty\" id=\"alerts\">No recent alerts.</p>\n");
      return;
    }
    html.raw("<table id=\"alerts\"><thead><tr><th>When</th><th>Severity</th><th>State</th><th>Rule</th>"
        + "<th>Version</th><th>Message</th></tr></thead>\n<tbody>\n");
    for (Alert a : alerts) {
      Map<String, String> cells = new LinkedHashMap<>();
      cells.put("at", Formats.time(a.at()));
      cells.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
      cells.put("state", a.state().name().toLowerCase(Locale.ROOT));
      cells.put("rule", a.rule());
      cells.put("version", "v" + a.version());
      cells.put("message", a.message());
      html.raw("<tr>");
      cells.values().forEach(c -> html.element("td", c));
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void noStore(Html html) {
    Layout.notice(html, "info", "No monitor store configured: start the console with"
        + " --monitor-windows FILE (a JSON Lines file of monitor windows) or, with a jdbc:"
        + " registry, --monitor (the fleet's monitoring store); or give"
        + " ModelConsole.Builder.monitorHistory a MonitorHistory (running ModelMonitors, a fleet's"
        + " MonitorStore, or such a file).");
  }
}

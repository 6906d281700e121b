package dev.mlops.console.internal;

import dev.mlops.alert.Alert;
import dev.mlops.console.MonitorHistory;
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
    windows.forEach(s -> metrics.addAll(s.metrics().keySet()));
    int i = 0;
    for (String metric : metrics) {
      chart(html, "chart-metric-" + i++, "Performance: " + metric, windows,
          s -> s.metrics().getOrDefault(metric, Double.NaN), false);
    }
    html.raw("</div>\n");
  }

  private static void chart(Html html, String id, String title, List<MonitorSnapshot> windows,
      ToDoubleFunction<MonitorSnapshot> value, boolean percent) {
    Map<Integer, List<LineChart.Point>> byVersion = new TreeMap<>();
    for (MonitorSnapshot s : windows) {
      byVersion.computeIfAbsent(s.version(), v -> new ArrayList<>())
          .add(new LineChart.Point(s.windowStart(), value.applyAsDouble(s)));
    }
    List<LineChart.Series> series = new ArrayList<>();
    byVersion.forEach((v, points) -> series.add(new LineChart.Series("v" + v, points)));
    html.raw("<figure>").element("figcaption", title).raw(LineChart.render(id, title, series, percent))
        .raw("</figure>\n");
  }

  private static void table(Html html, List<MonitorSnapshot> windows) {
    List<MonitorSnapshot> newest = new ArrayList<>(windows);
    Collections.reverse(newest);
    html.element("h2", "Windows");
    html.raw("<table class=\"windows\" id=\"windows\"><thead><tr><th>Window</th><th>Version</th>"
        + "<th>Predictions</th><th>Errors</th><th>p50 / p99 ms</th><th>Drift share</th>"
        + "<th>Performance</th><th>Outcomes joined / pending</th></tr></thead>\n<tbody>\n");
    for (MonitorSnapshot s : newest.subList(0, Math.min(TABLE_ROWS, newest.size()))) {
      html.raw("<tr><td>").text(Formats.time(s.windowStart()) + " – " + Formats.time(s.windowEnd())
              + (s.closed() ? "" : " (open)")).raw("</td><td>").text("v" + s.version()).raw("</td><td>")
          .text(s.predictions()).raw("</td><td>").text(s.errors() + " (" + Formats.percent(s.errorRate())
              + ")").raw("</td><td>").text(s.latency().count() == 0 ? "–"
              : Formats.number(s.latency().p50().toNanos() / 1e6) + " / "
                  + Formats.number(s.latency().p99().toNanos() / 1e6)).raw("</td><td>")
          .text(s.drift() == null ? "–" : Formats.percent(s.drift().driftedShare())).raw("</td><td>")
          .text(VersionParts.metrics(s.metrics())).raw("</td><td>")
          .text(s.outcomes().joined() + " / " + s.outcomes().pending()).raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
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
        + " --monitor-windows FILE (a JSON Lines file of monitor windows), or give"
        + " ModelConsole.Builder.monitorHistory a MonitorHistory (running ModelMonitors, or such a"
        + " file).");
  }
}

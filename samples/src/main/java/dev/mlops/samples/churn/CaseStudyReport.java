package dev.mlops.samples.churn;

import dev.mlops.alert.Alert;
import dev.mlops.core.drift.DriftReportHtml;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.core.monitor.MonitorSnapshotJson;
import dev.mlops.monitor.MonitorSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Writes the run's reports into the output folder. */
final class CaseStudyReport {

  private final Path root;
  private final CaseStudySettings settings;
  private final List<WeekSummary> weeks;
  private final List<MonitorSnapshot> windows;
  private final List<Alert> alerts;
  private final List<GateRecord> gates;
  private final List<String> webhookBodies;

  CaseStudyReport(Path root, CaseStudySettings settings, List<WeekSummary> weeks,
      List<MonitorSnapshot> windows, List<Alert> alerts, List<GateRecord> gates,
      List<String> webhookBodies) {
    this.root = root;
    this.settings = settings;
    this.weeks = weeks;
    this.windows = windows;
    this.alerts = alerts;
    this.gates = gates;
    this.webhookBodies = webhookBodies;
  }

  /** Writes every file and returns the HTML report. */
  Path write() throws IOException {
    write("weeks.csv", new WeekTable(weeks).csv());
    write("monitor-windows.jsonl", windows.stream()
        .map(w -> MonitorSnapshotJson.toJson(w).replace("\n", "") + "\n").reduce("", String::concat));
    write("alerts-received.jsonl", webhookBodies.stream().map(b -> b.strip() + "\n")
        .reduce("", String::concat));
    Optional<MonitorSnapshot> worst = worstWindow();
    String driftFile = null;
    if (worst.isPresent() && worst.get().drift() != null) {
      int week = CaseStudyRun.weekOf(worst.get().windowEnd());
      String title = "Drift of week " + week + " against the training data of v" + worst.get().version();
      driftFile = "drift-report-week-" + week + ".html";
      write(driftFile, DriftReportHtml.render(worst.get().drift(), title));
      write("drift-report-week-" + week + ".json", DriftReportJson.toJson(worst.get().drift()));
    }
    return write("report.html", html(driftFile));
  }

  /** The closed window with the largest share of drifted features, the earliest on a tie. */
  private Optional<MonitorSnapshot> worstWindow() {
    return windows.stream()
        .filter(s -> s.drift() != null)
        .max(Comparator.comparingDouble(CaseStudyReport::driftedShare)
            .thenComparing(MonitorSnapshot::windowStart, Comparator.reverseOrder()));
  }

  /** The drifted share of a window that has a drift report. */
  static double driftedShare(MonitorSnapshot window) {
    return Objects.requireNonNull(window.drift(), "a window with drift").driftedShare();
  }

  private String html(@Nullable String driftFile) {

    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Churn case study</title><style>"
        + "body{font-family:system-ui,sans-serif;margin:2em;color:#111827;max-width:1100px}"
        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d1d5db;padding:3px 8px;"
        + "text-align:right}th{background:#f3f4f6}td.l{text-align:left}tr.d td:first-child{color:#b45309;"
        + "font-weight:bold}.sdk{background:#eff6ff}.v1{background:#fef2f2}</style></head><body>\n");
    h.append("<h1>Churn case study</h1>\n<p>").append(escape(story())).append("</p>\n");
    h.append("<h2>Accuracy over time</h2>\n").append(new AccuracyChart(weeks, settings.driftOnsetWeek()).svg());
    h.append("<h2>Week by week</h2>\n").append(table());
    if (driftFile != null) {
      h.append("<h2>Drift</h2>\n<p>The worst week's drift report: <a href=\"").append(driftFile)
          .append("\">").append(driftFile).append("</a> (and the same as JSON).</p>\n");
    }
    h.append("<h2>Gate decisions</h2>\n<table><tr><th>week</th><th>challenger</th><th>champion</th>"
        + "<th>challenger accuracy</th><th>champion accuracy</th><th>verdict</th><th>reasons</th></tr>\n");
    for (GateRecord g : gates) {
      h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>v%d</td><td>%s</td><td>%.3f</td><td>%s</td>"
          + "<td class=\"l\">%s</td><td class=\"l\">%s</td></tr>%n", g.week(), g.challenger(),
          g.champion() == null ? "-" : "v" + g.champion(), g.challengerAccuracy(),
          Double.isNaN(g.championAccuracy()) ? "-" : String.format(Locale.ROOT, "%.3f", g.championAccuracy()),
          g.approved() ? "promoted" : "rejected", escape(g.reasons())));
    }
    h.append("</table>\n<h2>Alerts</h2>\n<ul>\n");
    for (Alert a : alerts) {
      h.append("<li>").append(escape(a.at() + " " + a.summary())).append("</li>\n");
    }
    h.append("</ul>\n<h2>Files</h2>\n<ul><li><code>registry/</code>: the file registry; try <code>bin/mlops"
        + " --registry file:").append(escape(root.resolve("registry").toString()))
        .append(" models list</code></li><li><code>training-runs.jsonl</code>: every training run</li>"
        + "<li><code>weeks.csv</code>: the table above</li><li><code>monitor-windows.jsonl</code>: the monitor's weekly windows</li><li><code>alerts-received.jsonl</code>: what"
        + " the webhook received</li></ul>\n</body></html>\n");
    return h.toString();
  }

  private String story() {
    return String.format(Locale.ROOT, "%d simulated weeks, %d calls a week from %d application threads."
        + " From week %d the customers change (%s drift, severity %.1f). With the SDK loop the model"
        + " is monitored, retrained weekly and when drift is detected, and a challenger replaces the"
        + " champion only if it is better on fresh labelled customers. \"v1 forever\" scores the same"
        + " customers with the first model, as if nobody had noticed.", settings.weeks(),
        settings.trafficPerWeek(), settings.applicationThreads(), settings.driftOnsetWeek(),
        settings.driftKind().name().toLowerCase(Locale.ROOT), settings.severity());
  }

  private String table() {
    StringBuilder t = new StringBuilder("<table><tr><th rowspan=\"2\">week</th><th rowspan=\"2\">calls</th>"
        + "<th rowspan=\"2\">serving</th><th colspan=\"3\" class=\"sdk\">with the SDK loop</th>"
        + "<th colspan=\"2\" class=\"v1\">v1 forever</th><th rowspan=\"2\">drift share</th>"
        + "<th rowspan=\"2\">alerts</th><th rowspan=\"2\">retrains</th><th rowspan=\"2\">promotions</th>"
        + "<th rowspan=\"2\">failed calls</th></tr>\n<tr><th class=\"sdk\">estimated accuracy"
        + " (mid-week, before labels)</th><th class=\"sdk\">accuracy</th>"
        + "<th class=\"sdk\">ROC AUC</th><th class=\"v1\">accuracy</th><th class=\"v1\">ROC AUC</th></tr>\n");
    for (WeekSummary w : weeks) {
      t.append(String.format(Locale.ROOT, "<tr%s><td>%d%s</td><td>%d</td><td class=\"l\">%s</td>"
          + "<td class=\"sdk\">%s</td><td class=\"sdk\">%.3f</td><td class=\"sdk\">%.3f</td>"
          + "<td class=\"v1\">%.3f</td>"
          + "<td class=\"v1\">%.3f</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>%n",
          w.drifted() ? " class=\"d\"" : "", w.week(), w.drifted() ? "*" : "", w.traffic(),
          escape(w.versions()), Double.isNaN(w.estimatedAccuracy()) ? "-"
              : String.format(Locale.ROOT, "%.3f", w.estimatedAccuracy()), w.accuracy(), w.rocAuc(), w.baselineAccuracy(), w.baselineRocAuc(),
          WeekTable.share(w.driftShare()), w.alerts(), w.retrains(), w.promotions(), w.failedCalls()));
    }
    return t.append("</table>\n<p>* the customers have changed (drift).</p>\n").toString();
  }

  private Path write(String name, String content) throws IOException {
    Path file = root.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

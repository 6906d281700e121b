package dev.mlops.console.internal;

import dev.mlops.core.drift.DriftReportHtml;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.SkippedFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stored drift reports ({@link DriftReportFiles}):
 *
 * <ul>
 *   <li>{@code GET /drift}: the models that have reports;
 *   <li>{@code GET /drift/MODEL}: a model's reports, sorted by their share of drifted features
 *       (or by time, {@code sort=time}), {@code drifted=1} for those whose dataset drifted;
 *   <li>{@code GET /drift/MODEL/FILE}: one report: the dataset verdict, its features sorted by
 *       drift score (the effect size, comparable across tests; the statistic where a test has
 *       none), or by p-value or name, {@code drifted=1} for the drifted ones only, and per feature
 *       its summary statistics and distributions.
 * </ul>
 */
final class DriftPages {

  private DriftPages() {}

  static String models(Exchange exchange, ConsoleSettings settings, @Nullable DriftReportFiles files) {
    return Layout.page(exchange, settings, Layout.Section.DRIFT, "Drift reports", html -> {
      if (files == null) {
        noReports(html);
        return;
      }
      List<String> models = files.models();
      if (models.isEmpty()) {
        Layout.notice(html, "info", "No drift reports in " + files.root()
            + " yet: each model's reports go in a sub-directory named after it, as NAME.json.");
        return;
      }
      html.raw("<table id=\"drift-models\"><thead><tr><th>Model</th><th>Reports</th><th>Drifted</th>"
          + "<th>Highest drift share</th><th>Latest</th></tr></thead>\n<tbody>\n");
      for (String model : models) {
        List<DriftReport> reports = files.reports(model).stream().map(DriftReportFiles.Entry::report)
            .filter(Objects::nonNull).toList();
        html.raw("<tr").attr("data-model", model).raw("><td>").link(Urls.path("drift", model), model)
            .raw("</td><td>").text(reports.size()).raw("</td><td>")
            .text(reports.stream().filter(DriftReport::datasetDrifted).count()).raw("</td><td>")
            .text(reports.isEmpty() ? "–" : Formats.percent(reports.stream()
                .mapToDouble(DriftReport::driftedShare).max().orElse(0)))
            .raw("</td><td>").text(reports.stream().map(DriftReport::timestamp).max(Comparator.naturalOrder())
                .map(Formats::time).orElse("–")).raw("</td></tr>\n");
      }
      html.raw("</tbody></table>\n");
    });
  }

  static String reports(Exchange exchange, ConsoleSettings settings, @Nullable DriftReportFiles files,
      String model) {
    List<DriftReportFiles.Entry> entries = files == null ? List.of() : files.reports(model);
    boolean driftedOnly = "1".equals(exchange.query("drifted"));
    String sort = "time".equals(exchange.query("sort")) ? "time" : "score";
    List<DriftReportFiles.Entry> shown = new ArrayList<>(entries.stream()
        .filter(e -> !driftedOnly || (e.report() != null && e.report().datasetDrifted())).toList());
    Comparator<DriftReportFiles.Entry> byTime = Comparator.comparing(
        (DriftReportFiles.Entry e) -> e.report() == null ? e.modified() : e.report().timestamp()).reversed();
    shown.sort(sort.equals("time") ? byTime : Comparator.comparingDouble(
        (DriftReportFiles.Entry e) -> e.report() == null ? -1 : e.report().driftedShare()).reversed()
        .thenComparing(byTime));
    return Layout.page(exchange, settings, Layout.Section.DRIFT, "Drift reports of " + model, html -> {
      html.raw("<p class=\"breadcrumbs\">").link("/drift", "Drift reports").raw(" / ").text(model)
          .raw("</p>\n");
      if (files == null) {
        noReports(html);
        return;
      }
      html.raw("<form method=\"get\" class=\"filters\" id=\"report-filters\"")
          .attr("action", Urls.path("drift", model)).raw("><label><input type=\"checkbox\" name=\"drifted\""
              + " value=\"1\" id=\"drifted-only\" data-autosubmit").raw(driftedOnly ? " checked" : "")
          .raw("> drifted only</label> <label>Sort <select name=\"sort\" data-autosubmit>");
      Pages.option(html, "score", "by drift share", sort);
      Pages.option(html, "time", "newest first", sort);
      html.raw("</select></label> <button type=\"submit\">Apply</button></form>\n");
      html.raw("<p class=\"count\" id=\"report-count\">").text(shown.size() + " of " + entries.size()
          + " reports").raw("</p>\n");
      if (shown.isEmpty()) {
        return;
      }
      html.raw("<table id=\"reports\"><thead><tr><th>Report</th><th>When</th><th>Dataset</th>"
          + "<th>Drift share</th><th>Drifted features</th><th>Rows (reference / current)</th>"
          + "</tr></thead>\n<tbody>\n");
      for (DriftReportFiles.Entry e : shown) {
        DriftReport r = e.report();
        html.raw("<tr").attr("data-report", e.file()).raw("><td>")
            .link(Urls.path("drift", model, e.file()), e.file()).raw("</td>");
        if (r == null) {
          html.raw("<td colspan=\"5\" class=\"failed\">").text("This file " + e.error()).raw("</td></tr>\n");
          continue;
        }
        html.raw("<td>").text(Formats.time(r.timestamp())).raw("</td><td>")
            .element("span", r.datasetDrifted() ? "badge drifted" : "badge stable",
                r.datasetDrifted() ? "drifted" : "stable")
            .raw("</td><td>").text(Formats.percent(r.driftedShare())).raw("</td><td>")
            .text(r.driftedCount() + " of " + r.features().size()).raw("</td><td>")
            .text(r.referenceRows() + " / " + r.currentRows()).raw("</td></tr>\n");
      }
      html.raw("</tbody></table>\n");
    });
  }

  static String report(Exchange exchange, ConsoleSettings settings, @Nullable DriftReportFiles files,
      String model, String file) {
    if (files == null) {
      throw HttpProblem.notFound("No drift report directory is configured");
    }
    DriftReportFiles.Entry entry = files.report(model, file);
    DriftReport report = entry.report();
    boolean driftedOnly = "1".equals(exchange.query("drifted"));
    String sort = exchange.query("sort");
    String order = sort != null && (sort.equals("name") || sort.equals("pvalue")) ? sort : "score";

    return Layout.page(exchange, settings, Layout.Section.DRIFT, "Drift report " + file, html -> {
      html.raw("<p class=\"breadcrumbs\">").link("/drift", "Drift reports").raw(" / ")
          .link(Urls.path("drift", model), model).raw(" / ").text(file).raw("</p>\n");
      if (report == null) {
        Layout.notice(html, "error", "This file " + entry.error());
        return;
      }
      verdict(html, report);
      html.raw("<form method=\"get\" class=\"filters\" id=\"feature-filters\"")
          .attr("action", Urls.path("drift", model, file)).raw("><label><input type=\"checkbox\""
              + " name=\"drifted\" value=\"1\" id=\"drifted-only\" data-autosubmit")
          .raw(driftedOnly ? " checked" : "").raw("> drifted only</label> <label>Sort <select"
              + " name=\"sort\" data-autosubmit>");
      Pages.option(html, "score", "by drift score", order);
      Pages.option(html, "pvalue", "by p-value", order);
      Pages.option(html, "name", "by name", order);
      html.raw("</select></label> <button type=\"submit\">Apply</button></form>\n");
      List<FeatureDrift> features = sorted(report.features(), order).stream()
          .filter(f -> !driftedOnly || f.drifted()).toList();
      html.raw("<p class=\"count\" id=\"feature-count\">").text(features.size() + " of "
          + report.features().size() + " tested features").raw("</p>\n");
      featureTable(html, report, features);
      for (FeatureDrift f : features) {
        featureSection(html, report, f);
      }
      skipped(html, report.skipped());
    });
  }

  private static void verdict(Html html, DriftReport report) {
    Layout.notice(html, report.datasetDrifted() ? "error" : "ok", (report.datasetDrifted()
        ? "Dataset drift detected: " : "No dataset drift: ") + report.driftedCount() + " of "
        + report.features().size() + " tested features drifted (" + Formats.percent(report.driftedShare())
        + "; the threshold is " + Formats.percent(report.driftShareThreshold()) + ").");
    Pages.keyValues(html, "report-summary", Map.of(
        "computed", Formats.time(report.timestamp()),
        "rows (reference / current)", report.referenceRows() + " / " + report.currentRows(),
        "from", report.approximate() ? "profiles (statistics are estimates)" : "raw values"), "");
  }

  /**
   * Features in the order asked for.
   *
   * @param features the features
   * @param order {@code score} (drift score, highest first), {@code pvalue} (lowest first,
   *     distances last) or {@code name}
   * @return them sorted
   */
  static List<FeatureDrift> sorted(List<FeatureDrift> features, String order) {
    Comparator<FeatureDrift> comparator = switch (order) {
      case "name" -> Comparator.comparing(FeatureDrift::feature);
      case "pvalue" -> Comparator.comparing((FeatureDrift f) -> f.result().pValue(),
          Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(FeatureDrift::feature);
      // NaN scores last.
      default -> Comparator.comparingDouble((FeatureDrift f) -> Double.isNaN(driftScore(f))
          ? Double.NEGATIVE_INFINITY : driftScore(f)).reversed()
          .thenComparing(FeatureDrift::feature);
    };
    return features.stream().sorted(comparator).toList();
  }

  /**
   * A feature's drift score: its effect size, which is comparable across tests, or the test's
   * statistic where the test reports no effect size.
   *
   * @param feature the feature
   * @return the score
   */
  static double driftScore(FeatureDrift feature) {
    Double effect = feature.result().effectSize();
    return effect != null ? effect : feature.score();
  }

  private static void featureTable(Html html, DriftReport report, List<FeatureDrift> features) {
    html.raw("<table class=\"features\" id=\"features\"><thead><tr><th>Feature</th><th>Kind</th>"
        + "<th>Test</th><th>Drift score</th><th>Statistic</th><th>p-value</th><th>Threshold</th>"
        + "<th>Verdict</th><th>Missing (ref / cur)</th></tr></thead>\n<tbody>\n");
    for (FeatureDrift f : features) {
      FeatureSummary reference = FeatureSummary.reference(f);
      FeatureSummary current = FeatureSummary.current(f);
      html.raw("<tr").attr("data-feature", f.feature()).attr("class", f.drifted() ? "drifted" : "stable")
          .raw("><td>").link("#" + anchor(report, f), f.feature()).raw("</td><td>")
          .text(f.kind().name().toLowerCase(Locale.ROOT)).raw("</td><td>").text(f.method())
          .raw("</td><td class=\"score\">").text(Formats.number(driftScore(f))).raw("</td><td>").text(Formats.number(f.result().statistic()))
          .raw("</td><td>").text(Formats.number(f.result().pValue())).raw("</td><td>")
          .text(Formats.number(f.result().threshold())).raw("</td><td>")
          .element("span", f.drifted() ? "badge drifted" : "badge stable", f.drifted() ? "drifted" : "stable")
          .raw("</td><td>").text(Formats.percent(reference.missingShare()) + " / "
              + Formats.percent(current.missingShare())).raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void featureSection(Html html, DriftReport report, FeatureDrift f) {
    html.raw("<section class=\"feature\"").attr("id", anchor(report, f)).attr("data-feature", f.feature())
        .raw(">\n<h2>").text(f.feature()).raw(" ").element("span", f.drifted() ? "badge drifted"
            : "badge stable", f.drifted() ? "drifted" : "stable").raw("</h2>\n<p class=\"muted\">")
        .text(f.reason()).raw("</p>\n");
    FeatureSummary reference = FeatureSummary.reference(f);
    FeatureSummary current = FeatureSummary.current(f);
    html.raw("<table class=\"summary\"><thead><tr><th></th><th>Reference</th><th>Current</th></tr>"
        + "</thead>\n<tbody>\n");
    summaryRow(html, "present", String.valueOf(reference.present()), String.valueOf(current.present()));
    summaryRow(html, "missing share", Formats.percent(reference.missingShare()),
        Formats.percent(current.missingShare()));
    if (!reference.quantiles().isEmpty() || !current.quantiles().isEmpty()) {
      summaryRow(html, "mean (estimated)", number(reference.mean()), number(current.mean()));
      summaryRow(html, "std (estimated)", number(reference.std()), number(current.std()));
      String[] names = {"p5", "p25", "median", "p75", "p95"};
      for (int i = 0; i < names.length; i++) {
        summaryRow(html, names[i] + " (estimated)", quantile(reference, i), quantile(current, i));
      }
    }
    if (!reference.topCategories().isEmpty() || !current.topCategories().isEmpty()) {
      summaryRow(html, "top categories", categories(reference), categories(current));
    }
    html.raw("</tbody></table>\n");
    if (f.distribution() != null) {
      html.raw(DriftReportHtml.chart(f.feature(), f.distribution())).raw("\n");
    }
    html.raw("</section>\n");
  }

  private static void skipped(Html html, List<SkippedFeature> skipped) {
    if (skipped.isEmpty()) {
      return;
    }
    html.element("h2", "Not tested");
    html.raw("<table id=\"skipped\"><thead><tr><th>Feature</th><th>Why</th></tr></thead>\n<tbody>\n");
    for (SkippedFeature s : skipped) {
      html.raw("<tr><td>").text(s.feature()).raw("</td><td>").text(s.reason()).raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void summaryRow(Html html, String name, String reference, String current) {
    html.raw("<tr><th>").text(name).raw("</th><td>").text(reference).raw("</td><td>").text(current)
        .raw("</td></tr>\n");
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "–" : Formats.number(value);
  }

  private static String quantile(FeatureSummary summary, int index) {
    return summary.quantiles().isEmpty() ? "–" : Formats.number(summary.quantiles().get(index));
  }

  private static String categories(FeatureSummary summary) {
    StringBuilder text = new StringBuilder();
    summary.topCategories().forEach(e -> text.append(text.length() == 0 ? "" : ", ").append(e.getKey())
        .append(' ').append(Formats.percent(e.getValue())));
    return text.toString();
  }

  /**
   * A fragment id for a feature, from its position in the report (names may hold anything).
   *
   * @param report the report
   * @param feature one of its features
   * @return such as {@code feature-3}
   */
  private static String anchor(DriftReport report, FeatureDrift feature) {
    return "feature-" + report.features().indexOf(feature);
  }

  private static void noReports(Html html) {
    Layout.notice(html, "info", "No drift report directory is configured: start the console with"
        + " --drift-reports DIR (one sub-directory per model, holding mlops.drift-report JSON files"
        + " such as those mlops drift --json writes), or give ModelConsole.Builder.driftReports a"
        + " directory.");
  }
}

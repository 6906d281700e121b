package dev.mlops.console.internal;

import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.TrainingRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /runs}: the training runs of the run log, newest first, filtered by model
 * ({@code model}) and status ({@code status}: {@code succeeded} or {@code failed}), with check
 * boxes to compare two or more side by side ({@link RunComparison}).
 */
final class RunsPage {

  static final int PAGE_SIZE = 100;

  private RunsPage() {}

  static String render(Exchange exchange, ConsoleSettings settings) {
    return Layout.page(exchange, settings, Layout.Section.RUNS, "Training runs", html -> {
      TrainingRunLog log = settings.runLog();
      if (log == null) {
        Layout.notice(html, "info", "No training run log is configured: start the console with"
            + " --runs FILE (the JSON Lines run log a TrainingPipeline writes), or give"
            + " ModelConsole.Builder.runLog a TrainingRunLog.");
        return;
      }
      List<TrainingRun> all = new ArrayList<>(log.runs());
      Collections.reverse(all);
      String model = exchange.query("model");
      String status = exchange.query("status");
      List<TrainingRun> shown = all.stream()
          .filter(r -> model == null || r.modelName().equals(model))
          .filter(r -> status == null || r.status().name().equalsIgnoreCase(status))
          .toList();
      filters(html, all, model, status);
      html.raw("<p class=\"count\" id=\"run-count\">").text(shown.size() + " of " + all.size() + " runs")
          .raw("</p>\n");
      if (shown.isEmpty()) {
        Layout.notice(html, "info", all.isEmpty() ? "The run log has no runs yet." : "No run matches.");
        return;
      }
      int pages = Math.max(1, (shown.size() + PAGE_SIZE - 1) / PAGE_SIZE);
      int page = Math.min(pages, Pages.positive(exchange.query("page"), 1));
      html.raw("<form method=\"get\" action=\"/runs/compare\" id=\"compare-form\">\n");
      table(html, shown.subList((page - 1) * PAGE_SIZE, Math.min(shown.size(), page * PAGE_SIZE)));
      html.raw("<p><button type=\"submit\" id=\"compare\">Compare selected runs</button>"
          + " <span class=\"muted\" id=\"selected-count\"></span></p>\n</form>\n");
      Pages.pager(html, "/runs", page, pages, "model", model, "status", status);
    });
  }

  private static void filters(Html html, List<TrainingRun> all, @Nullable String model,
      @Nullable String status) {
    Set<String> models = new TreeSet<>();
    all.forEach(r -> models.add(r.modelName()));
    html.raw("<form method=\"get\" action=\"/runs\" class=\"filters\" id=\"run-filters\">")
        .raw("<label>Model <select name=\"model\" id=\"filter-model\" data-autosubmit>");
    Pages.option(html, "", "any", model == null ? "" : model);
    models.forEach(m -> Pages.option(html, m, m, model));
    html.raw("</select></label> <label>Status <select name=\"status\" id=\"filter-status\""
        + " data-autosubmit>");
    String selected = status == null ? "" : status.toLowerCase(Locale.ROOT);
    Pages.option(html, "", "any", selected);
    Pages.option(html, "succeeded", "succeeded", selected);
    Pages.option(html, "failed", "failed", selected);
    html.raw("</select></label> <button type=\"submit\">Filter</button></form>\n");
  }

  private static void table(Html html, List<TrainingRun> runs) {
    html.raw("<table class=\"runs\" id=\"runs\"><thead><tr><th>Compare</th><th>Run</th><th>Model</th>"
        + "<th>Status</th><th>Version</th><th>Started</th><th>Took</th><th>Metrics</th>"
        + "<th>Failure</th></tr></thead>\n<tbody>\n");
    for (TrainingRun run : runs) {
      ModelVersion registered = run.registered();
      html.raw("<tr").attr("data-run", run.runId()).raw("><td><input type=\"checkbox\" name=\"run\"")
          .attr("value", run.runId()).attr("aria-label", "compare run " + run.runId()).raw("></td><td><code>")
          .text(shortId(run.runId())).raw("</code></td><td>").text(run.modelName()).raw("</td><td>")
          .element("span", run.succeeded() ? "badge ready" : "badge failed",
              run.status().name().toLowerCase(Locale.ROOT))
          .raw("</td><td>");
      if (registered != null) {
        html.link(Urls.path("models", registered.name(), "versions", registered.version()),
            "v" + registered.version());
      }
      html.raw("</td><td>").text(Formats.time(run.startedAt())).raw("</td><td>")
          .text(Formats.duration(took(run))).raw("</td><td>").text(VersionParts.metrics(run.metrics()))
          .raw("</td><td class=\"failure\">").text(run.failure()).raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  static Duration took(TrainingRun run) {
    Duration d = Duration.between(run.startedAt(), run.finishedAt());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * A run id short enough for a table: the first 8 characters of a UUID.
   *
   * @param runId the id
   * @return the short form
   */
  static String shortId(String runId) {
    Objects.requireNonNull(runId, "runId");
    return runId.length() > 8 ? runId.substring(0, 8) : runId;
  }
}

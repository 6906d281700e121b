package dev.mlops.console.internal;

import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.training.TrainingRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code GET /runs/compare?run=ID&run=ID...}: two or more runs side by side, one column each:
 * the run (model, status, version, times, failure), its metrics, its parameters and its lineage
 * (from the version it registered). A row whose values are not all the same, an absent value
 * counting as a value, is marked as a difference; {@code only=differences} shows only those.
 */
final class RunComparison {

  private static final int MAX_RUNS = 12;

  private RunComparison() {}

  /**
   * One compared row.
   *
   * @param group the section: run, metrics, parameters, lineage
   * @param name the row's name
   * @param values one value per run, "" when absent
   */
  record Row(String group, String name, List<String> values) {
    boolean differs() {
      return new LinkedHashSet<>(values).size() > 1;
    }
  }

  static String render(Exchange exchange, ConsoleSettings settings) {
    TrainingRunLog log = settings.runLog();
    if (log == null) {
      throw HttpProblem.notFound("No training run log is configured, so there are no runs to compare");
    }
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(exchange.queryAll("run")));
    if (ids.size() < 2) {
      throw HttpProblem.badRequest("Choose at least two runs to compare (" + ids.size() + " chosen)");
    }
    if (ids.size() > MAX_RUNS) {
      throw HttpProblem.badRequest("At most " + MAX_RUNS + " runs can be compared at once ("
          + ids.size() + " chosen)");
    }
    Map<String, TrainingRun> byId = new LinkedHashMap<>();
    log.runs().forEach(r -> byId.put(r.runId(), r));
    List<TrainingRun> runs = new ArrayList<>();
    for (String id : ids) {
      TrainingRun run = byId.get(id);
      if (run == null) {
        throw HttpProblem.notFound("The run log has no run '" + Pages.excerpt(id) + "'");
      }
      runs.add(run);
    }
    List<Row> rows = rows(runs);
    boolean onlyDifferences = "differences".equals(exchange.query("only"));
    long differing = rows.stream().filter(Row::differs).count();
    return Layout.page(exchange, settings, Layout.Section.RUNS, "Comparing " + runs.size() + " runs", html -> {
      html.raw("<p class=\"breadcrumbs\">").link("/runs", "Training runs").raw(" / comparison</p>\n");
      html.raw("<p id=\"difference-count\">").text(differing + " of " + rows.size()
          + " rows differ (highlighted).").raw(" ");
      Object[] query = new Object[ids.size() * 2 + 2];
      for (int i = 0; i < ids.size(); i++) {
        query[2 * i] = "run";
        query[2 * i + 1] = ids.get(i);
      }
      query[query.length - 2] = "only";
      query[query.length - 1] = onlyDifferences ? "" : "differences";
      html.link(Urls.withQuery("/runs/compare", query), onlyDifferences ? "Show all rows"
          : "Show only differences").raw("</p>\n");
      table(html, runs, rows, onlyDifferences);
    });
  }

  private static void table(Html html, List<TrainingRun> runs, List<Row> rows, boolean onlyDifferences) {
    html.raw("<table class=\"comparison\" id=\"comparison\"><thead><tr><th></th>");
    for (TrainingRun run : runs) {
      html.raw("<th").attr("data-run", run.runId()).raw("><code>").text(RunsPage.shortId(run.runId()))
          .raw("</code></th>");
    }
    html.raw("</tr></thead>\n<tbody>\n");
    String group = "";
    for (Row row : rows) {
      if (onlyDifferences && !row.differs()) {
        continue;
      }
      if (!row.group().equals(group)) {
        group = row.group();
        html.raw("<tr class=\"group\"><th").attr("colspan", runs.size() + 1).raw(">").text(group)
            .raw("</th></tr>\n");
      }
      html.raw("<tr").attr("class", row.differs() ? "differs" : "same").attr("data-row", row.group()
          + ":" + row.name()).raw("><th>").text(row.name()).raw("</th>");
      row.values().forEach(v -> html.element("td", v));
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  /**
   * The compared rows of runs.
   *
   * @param runs the runs
   * @return the rows, grouped
   */
  static List<Row> rows(List<TrainingRun> runs) {
    List<Row> rows = new ArrayList<>();
    row(rows, runs, "run", "model", TrainingRun::modelName);
    row(rows, runs, "run", "status", r -> r.status().name().toLowerCase(Locale.ROOT));
    row(rows, runs, "run", "version", r -> r.registered() == null ? "" : "v" + r.registered().version());
    row(rows, runs, "run", "started", r -> Formats.time(r.startedAt()));
    row(rows, runs, "run", "took", r -> Formats.duration(RunsPage.took(r)));
    row(rows, runs, "run", "failure", r -> Objects.requireNonNullElse(r.failure(), ""));
    Set<String> metrics = new TreeSet<>();
    runs.forEach(r -> metrics.addAll(r.metrics().keySet()));
    for (String metric : metrics) {
      row(rows, runs, "metrics", metric, r -> r.metrics().containsKey(metric)
          ? Formats.number(r.metrics().get(metric)) : "");
    }
    Set<String> params = new TreeSet<>();
    runs.stream().map(TrainingRun::registered).filter(Objects::nonNull)
        .forEach(v -> params.addAll(v.params().keySet()));
    for (String param : params) {
      row(rows, runs, "parameters", param, r -> r.registered() == null ? ""
          : r.registered().params().getOrDefault(param, ""));
    }
    List<Map<String, Object>> lineages = runs.stream().map(r -> r.registered() == null
        ? Map.<String, Object>of() : VersionParts.lineageValues(r.registered().lineage())).toList();
    Set<String> names = new LinkedHashSet<>();
    lineages.forEach(l -> names.addAll(l.keySet()));
    for (String name : names) {
      List<String> values = lineages.stream().map(l -> String.valueOf(l.getOrDefault(name, ""))).toList();
      rows.add(new Row("lineage", name, values));
    }
    return rows;
  }

  private static void row(List<Row> rows, List<TrainingRun> runs, String group, String name,
      Function<TrainingRun, String> value) {
    rows.add(new Row(group, name, runs.stream().map(value).toList()));
  }
}

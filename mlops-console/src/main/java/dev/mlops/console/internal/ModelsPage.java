package dev.mlops.console.internal;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /models}: the registered models with their description (the latest version's),
 * latest version, aliases, tags and last change; searched by name ({@code q}, a part of the name,
 * any case) and tag ({@code tag}, {@code KEY} or {@code KEY=VALUE}, matched against the model's
 * tags and its latest version's), sorted by name or last change, {@value #PAGE_SIZE} a page.
 */
final class ModelsPage {

  static final int PAGE_SIZE = 50;

  private ModelsPage() {}

  static String render(Exchange exchange, ConsoleSettings settings) {
    ModelRegistry registry = settings.registry();
    String q = exchange.query("q");
    String tag = exchange.query("tag");
    String sort = "updated".equals(exchange.query("sort")) ? "updated" : "name";
    List<RegisteredModel> all = allModels(registry);
    List<Row> matching = new ArrayList<>();
    for (RegisteredModel model : all) {
      if (q != null && !model.name().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT))) {
        continue;
      }
      Row row = new Row(model);
      if (tag != null && !row.hasTag(registry, tag)) {
        continue;
      }
      matching.add(row);
    }
    if (sort.equals("updated")) {
      matching.sort(Comparator.comparing((Row r) -> r.model.updatedAt()).reversed());
    }
    int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = Math.min(pages, Pages.positive(exchange.query("page"), 1));
    List<Row> shown = matching.subList((page - 1) * PAGE_SIZE,
        Math.min(matching.size(), page * PAGE_SIZE));
    return Layout.page(exchange, settings, Layout.Section.MODELS, "Models", html -> {
      searchForm(html, q, tag, sort);
      html.raw("<p class=\"count\" id=\"model-count\">");
      if (q == null && tag == null) {
        html.text(all.size() + " model" + (all.size() == 1 ? "" : "s"));
      } else {
        html.text(matching.size() + " of " + all.size() + " models match");
      }
      html.raw("</p>\n");
      if (shown.isEmpty()) {
        Layout.notice(html, "info", all.isEmpty() ? "The registry " + registry.location()
            + " has no models yet." : "No model matches.");
        return;
      }
      table(html, registry, shown);
      Pages.pager(html, "/models", page, pages, "q", q, "tag", tag, "sort", sort);
    });
  }

  private static void searchForm(Html html, @Nullable String q, @Nullable String tag, String sort) {
    html.raw("<form method=\"get\" action=\"/models\" class=\"filters\" role=\"search\">")
        .raw("<label>Name <input type=\"search\" name=\"q\" id=\"search-name\"").attr("value", q)
        .raw("></label> <label>Tag <input type=\"search\" name=\"tag\" id=\"search-tag\""
            + " placeholder=\"key or key=value\"").attr("value", tag)
        .raw("></label> <label>Sort <select name=\"sort\" data-autosubmit>");
    Pages.option(html, "name", "by name", sort);
    Pages.option(html, "updated", "by last change", sort);
    html.raw("</select></label> <button type=\"submit\">Search</button></form>\n");
  }

  private static void table(Html html, ModelRegistry registry, List<Row> rows) {
    html.raw("<table class=\"models\" id=\"models\">\n<thead><tr><th>Name</th><th>Description</th>"
        + "<th>Latest</th><th>Aliases</th><th>Tags</th><th>Last change</th></tr></thead>\n<tbody>\n");
    for (Row row : rows) {
      RegisteredModel model = row.model;
      ModelVersion latest = row.latest(registry);
      html.raw("<tr").attr("data-model", model.name()).raw("><td>")
          .link(Urls.path("models", model.name()), model.name()).raw("</td><td class=\"description\">")
          .text(latest == null ? null : latest.description()).raw("</td><td>");
      if (model.latestVersion() > 0) {
        html.link(Urls.path("models", model.name(), "versions", model.latestVersion()),
            "v" + model.latestVersion());
      }
      html.raw("</td><td>");
      Pages.aliases(html, model.name(), model.aliases());
      html.raw("</td><td>");
      Pages.tags(html, new TreeMap<>(model.tags()), true);
      html.raw("</td><td>").text(Formats.time(model.updatedAt())).raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  /**
   * Every model of the registry, by name.
   *
   * @param registry the registry
   * @return the models
   */
  static List<RegisteredModel> allModels(ModelRegistry registry) {
    List<RegisteredModel> all = new ArrayList<>();
    String token = null;
    do {
      Page<RegisteredModel> page = registry.listModels(new PageRequest(1000, token));
      all.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    all.sort(Comparator.comparing(RegisteredModel::name));
    return all;
  }

  /** A model and, once needed, its latest version. */
  private static final class Row {
    final RegisteredModel model;
    private @Nullable ModelVersion latest;
    private boolean loaded;

    Row(RegisteredModel model) {
      this.model = model;
    }

    @Nullable ModelVersion latest(ModelRegistry registry) {
      if (!loaded && model.latestVersion() > 0) {
        latest = registry.getVersion(model.name(), model.latestVersion());
      }
      loaded = true;
      return latest;
    }

    boolean hasTag(ModelRegistry registry, String tag) {
      int equals = tag.indexOf('=');
      String key = equals < 0 ? tag : tag.substring(0, equals);
      String value = equals < 0 ? null : tag.substring(equals + 1);
      if (matches(model.tags(), key, value)) {
        return true;
      }
      ModelVersion version = latest(registry);
      return version != null && matches(version.tags(), key, value);
    }

    private static boolean matches(Map<String, String> tags, String key, @Nullable String value) {
      String actual = tags.get(key);
      return actual != null && (value == null || actual.equals(value));
    }
  }
}

package dev.mlops.console.internal;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /models/NAME}: a model's tags, aliases (with the forms that move them where changes
 * are allowed) and their history from the audit log, the version awaiting approval, and its
 * versions, newest first, with status, format, metrics, tags, lineage, signature and input
 * example.
 */
final class ModelPage {

  static final int PAGE_SIZE = 50;

  private ModelPage() {}

  static String render(Exchange exchange, ConsoleSettings settings, String name) {
    ModelRegistry registry = settings.registry();
    RegisteredModel model = registry.getModel(name);
    List<ModelVersion> versions = allVersions(registry, name);
    Collections.reverse(versions);
    List<AuditEntry> history = aliasHistory(registry, name);
    String staging = settings.promotions().stagingAlias();
    int pages = Math.max(1, (versions.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = Math.min(pages, Pages.positive(exchange.query("page"), 1));
    return Layout.page(exchange, settings, Layout.Section.MODELS, "Model " + name, html -> {
      html.raw("<p class=\"breadcrumbs\">").link("/models", "Models").raw(" / ").text(name)
          .raw("</p>\n");
      Pages.keyValues(html, "model-summary", summary(model), "");
      html.element("h2", "Tags");
      Pages.tags(html, new TreeMap<>(model.tags()), true);
      Integer pending = model.aliases().get(staging);
      if (pending != null) {
        Layout.notice(html, "warning", "Version " + pending + " awaits approval (alias '" + staging + "').");
        if (settings.allowChanges()) {
          ChangeForms.approval(html, exchange, name, pending);
        }
      }
      html.raw("<h2 id=\"aliases\">Aliases</h2>\n");
      String changed = exchange.query("changed");
      if (changed != null && model.aliases().containsKey(changed)) {
        // Said from the registry as it is now, not from the link, which anyone can write.
        Layout.notice(html, "ok", "Alias '" + changed + "' points to version "
            + model.aliases().get(changed) + " now.");
      }
      aliases(html, exchange, settings, model, versions);
      html.raw("<h2 id=\"alias-history\">Alias history</h2>\n");
      history(html, history);
      html.raw("<h2 id=\"versions\">Versions</h2>\n");
      versions(html, name, staging,
          versions.subList((page - 1) * PAGE_SIZE, Math.min(versions.size(), page * PAGE_SIZE)));
      Pages.pager(html, Urls.path("models", name), page, pages);
    });
  }

  private static Map<String, Object> summary(RegisteredModel model) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("latest version", model.latestVersion());
    values.put("created", Formats.time(model.createdAt()));
    values.put("last change", Formats.time(model.updatedAt()));
    return values;
  }

  private static void aliases(Html html, Exchange exchange, ConsoleSettings settings,
      RegisteredModel model, List<ModelVersion> newestFirst) {
    List<Integer> ready = newestFirst.stream().filter(v -> v.status() == ModelVersionStatus.READY)
        .map(ModelVersion::version).limit(ChangeForms.MAX_CHOICES).toList();
    if (model.aliases().isEmpty()) {
      html.raw("<p class=\"empty\">No aliases.</p>\n");
    } else {
      html.raw("<table id=\"alias-table\"><thead><tr><th>Alias</th><th>Version</th>")
          .raw(settings.allowChanges() ? "<th>Move</th>" : "").raw("</tr></thead>\n<tbody>\n");
      model.aliases().forEach((alias, version) -> {
        html.raw("<tr").attr("data-alias", alias).raw("><td>").text(alias).raw("</td><td class=\"target\">")
            .link(Urls.path("models", model.name(), "versions", version), "v" + version).raw("</td>");
        if (settings.allowChanges()) {
          html.raw("<td>");
          ChangeForms.moveAlias(html, exchange, model.name(), alias, version, ready);
          html.raw("</td>");
        }
        html.raw("</tr>\n");
      });
      html.raw("</tbody></table>\n");
    }
    if (settings.allowChanges() && !ready.isEmpty()) {
      ChangeForms.newAlias(html, exchange, model.name(), ready);
    }
  }

  private static void history(Html html, List<AuditEntry> history) {
    if (history.isEmpty()) {
      html.raw("<p class=\"empty\">No alias was ever set.</p>\n");
      return;
    }
    html.raw("<table id=\"alias-history-table\"><thead><tr><th>When</th><th>Alias</th><th>From</th>"
        + "<th>To</th><th>Actor</th><th>Reason</th></tr></thead>\n<tbody>\n");
    for (AuditEntry e : history) {
      html.raw("<tr").attr("data-sequence", e.sequence()).raw("><td>").text(Formats.time(e.timestamp()))
          .raw("</td><td>").text(e.key()).raw("</td><td>").text(e.before() == null ? "unset" : "v" + e.before())
          .raw("</td><td>").text(e.action() == AuditAction.DELETE_ALIAS || e.after() == null ? "deleted"
              : "v" + e.after())
          .raw("</td><td class=\"actor\">").text(e.actor()).raw("</td><td class=\"reason\">").text(e.reason())
          .raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void versions(Html html, String name, String staging, List<ModelVersion> versions) {
    html.raw("<table class=\"versions\" id=\"versions-table\">\n<thead><tr><th>Version</th><th>Status</th>"
        + "<th>Format</th><th>Created</th><th>Metrics</th><th>Tags</th><th>Lineage</th>"
        + "<th>Signature</th></tr></thead>\n<tbody>\n");
    for (ModelVersion v : versions) {
      html.raw("<tr").attr("data-version", v.version()).raw("><td>")
          .link(Urls.path("models", name, "versions", v.version()), "v" + v.version())
          .raw("</td><td>");
      VersionParts.status(html, v, staging);
      html.raw("</td><td>").text(v.format().id()).raw("</td><td>").text(Formats.time(v.createdAt()))
          .raw("<br><span class=\"muted\">").text(v.createdBy()).raw("</span></td><td>")
          .text(VersionParts.metrics(v.metrics())).raw("</td><td>");
      Pages.tags(html, new TreeMap<>(v.tags()), false);
      html.raw("</td><td class=\"lineage\">");
      lineageCell(html, name, v);
      html.raw("</td><td><details><summary>").text(VersionParts.signatureSummary(v.signature()))
          .raw("</summary>");
      VersionParts.signature(html, v.signature());
      html.element("h3", "Input example");
      VersionParts.inputExample(html, v.signature());
      html.raw("</details></td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void lineageCell(Html html, String name, ModelVersion v) {
    String fingerprint = v.lineage().datasetFingerprint();
    html.text("data ").element("code", fingerprint == null ? "–" : shortened(fingerprint))
        .raw("<br>").text("code ").element("code", v.lineage().codeVersion() == null ? "–"
            : v.lineage().codeVersion()).raw("<br>").text("parent ");
    Integer parent = v.lineage().parentVersion();
    if (parent == null) {
      html.text("–");
    } else {
      html.link(Urls.path("models", name, "versions", parent), "v" + parent);
    }
  }

  private static String shortened(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  /**
   * Every version of a model, oldest first.
   *
   * @param registry the registry
   * @param name the model
   * @return the versions
   */
  static List<ModelVersion> allVersions(ModelRegistry registry, String name) {
    List<ModelVersion> all = new ArrayList<>();
    String token = null;
    do {
      Page<ModelVersion> page = registry.listVersions(name, new PageRequest(1000, token));
      all.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return all;
  }

  /**
   * The alias moves and deletions of a model, newest first.
   *
   * @param registry the registry
   * @param name the model
   * @return the audit entries
   */
  static List<AuditEntry> aliasHistory(ModelRegistry registry, String name) {
    List<AuditEntry> entries = new ArrayList<>();
    String token = null;
    do {
      Page<AuditEntry> page = registry.auditLog(name, new PageRequest(PageRequest.MAX_LIMIT, token));
      page.items().stream()
          .filter(e -> e.action() == AuditAction.SET_ALIAS || e.action() == AuditAction.DELETE_ALIAS)
          .forEach(entries::add);
      token = page.nextPageToken();
    } while (token != null);
    Collections.reverse(entries);
    return entries;
  }
}

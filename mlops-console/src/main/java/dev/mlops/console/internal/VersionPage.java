package dev.mlops.console.internal;

import dev.mlops.MlopsException;
import dev.mlops.core.lifecycle.LifecycleTags;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /models/NAME/versions/N}: everything stored about a version (status, format,
 * description, creation, aliases, metrics, parameters, tags, lineage, signature, input example),
 * its artifact files with their sizes and SHA-256 checksums and the verify action
 * ({@code POST .../verify} shows the same page with the result), its reference profile
 * summarised, and the approval forms when it awaits approval and changes are allowed.
 */
final class VersionPage {

  private VersionPage() {}

  static String render(Exchange exchange, ConsoleSettings settings, ProfileSummaries profiles,
      String name, int number, @Nullable Verification verification) {
    ModelVersion v = settings.registry().getVersion(name, number);
    String staging = settings.promotions().stagingAlias();
    return Layout.page(exchange, settings, Layout.Section.MODELS, name + " version " + number, html -> {
      html.raw("<p class=\"breadcrumbs\">").link("/models", "Models").raw(" / ")
          .link(Urls.path("models", name), name).raw(" / ").text("v" + number).raw("</p>\n");
      html.raw("<p class=\"status\">");
      VersionParts.status(html, v, staging);
      html.raw("</p>\n");
      if (v.aliases().contains(staging) && settings.allowChanges()) {
        ChangeForms.approval(html, exchange, name, number);
      }
      Pages.keyValues(html, "version-summary", summary(v), "");
      html.raw("<h2 id=\"artifacts\">Artifact files</h2>\n");
      artifacts(html, exchange, v, verification);
      html.element("h2", "Metrics");
      Pages.keyValues(html, "metrics", new TreeMap<>(v.metrics()), "No metrics.");
      html.element("h2", "Parameters");
      Pages.keyValues(html, "params", new TreeMap<>(v.params()), "No parameters.");
      html.element("h2", "Tags");
      Pages.keyValues(html, "version-tags", new TreeMap<>(v.tags()), "No tags.");
      html.element("h2", "Lineage");
      VersionParts.lineage(html, name, v.lineage());
      html.element("h2", "Signature");
      VersionParts.signature(html, v.signature());
      html.element("h2", "Input example");
      VersionParts.inputExample(html, v.signature());
      html.raw("<h2 id=\"reference-profile\">Reference profile</h2>\n");
      referenceProfile(html, settings, profiles, v);
    });
  }

  private static Map<String, Object> summary(ModelVersion v) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("URI", v.uri().toString());
    values.put("format", v.format().id());
    values.put("status", v.status().name().toLowerCase(Locale.ROOT));
    values.put("aliases", v.aliases().isEmpty() ? "–" : String.join(", ", new TreeSet<>(v.aliases())));
    values.put("description", v.description() == null ? "–" : v.description());
    values.put("created", Formats.time(v.createdAt()));
    values.put("created by", v.createdBy());
    values.put("artifact size", Formats.bytes(v.artifactSize()));
    String approval = v.tags().get(LifecycleTags.APPROVAL_REASON);
    if (approval != null) {
      values.put("approval", approval);
    }
    return values;
  }

  private static void artifacts(Html html, Exchange exchange, ModelVersion v,
      @Nullable Verification verification) {
    html.raw("<table id=\"artifact-table\"><thead><tr><th>File</th><th>Size</th><th>SHA-256</th>")
        .raw(verification == null ? "" : "<th>Verified</th>").raw("</tr></thead>\n<tbody>\n");
    for (ArtifactRef file : v.artifacts()) {
      html.raw("<tr><td>").text(file.path()).raw("</td><td>").text(Formats.bytes(file.size()))
          .raw("</td><td><code class=\"sha\">").text(file.sha256()).raw("</code></td>");
      if (verification != null) {
        String problem = verification.files().stream().filter(f -> f.file().equals(file))
            .findFirst().map(Verification.FileCheck::problem).orElse(verification.failure());
        html.raw("<td").attr("class", problem == null ? "ok" : "failed").raw(">")
            .text(problem == null ? "size and SHA-256 match" : problem).raw("</td>");
      }
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
    if (verification != null) {
      html.raw("<p id=\"verification\"").attr("class", "notice " + (verification.passed() ? "ok" : "error"))
          .raw(" role=\"status\">")
          .text(verification.passed() ? "Verified: every file's size and SHA-256 checksum match what"
              + " was recorded when the version was registered."
              : "Verification failed: " + (verification.failure() != null ? verification.failure()
                  : "a file does not match what was recorded (see the table)."))
          .raw("</p>\n");
    }
    html.raw("<form method=\"post\" id=\"verify\"").attr("action",
        Urls.path("models", v.name(), "versions", v.version(), "verify")).raw(">");
    Layout.csrf(html, exchange);
    html.raw("<button type=\"submit\">Verify checksums</button></form>\n");
  }

  private static void referenceProfile(Html html, ConsoleSettings settings, ProfileSummaries profiles,
      ModelVersion v) {
    Optional<List<ProfileSummaries.Row>> rows;
    try {
      rows = profiles.of(settings.registry(), v);
    } catch (MlopsException e) {
      Layout.notice(html, "error", "The reference profile cannot be read: " + e.getMessage());
      return;
    }
    if (rows.isEmpty()) {
      html.raw("<p class=\"empty\">This version has no reference profile (the training data's"
          + " reference-profile.json, written by training pipelines).</p>\n");
      return;
    }
    html.raw("<table class=\"profile\" id=\"profile-table\"><thead><tr><th>Feature</th><th>Kind</th>"
        + "<th>Present</th><th>Missing</th><th>Min</th><th>P5</th><th>P25</th><th>Median</th>"
        + "<th>P75</th><th>P95</th><th>Max</th><th>Mean</th><th>Std</th><th>Top categories</th>"
        + "</tr></thead>\n<tbody>\n");
    for (ProfileSummaries.Row row : rows.get()) {
      long all = row.count() + row.missing();
      html.raw("<tr").attr("data-feature", row.feature()).raw("><td>").text(row.feature())
          .raw("</td><td>").text(row.kind()).raw("</td><td>").text(row.count()).raw("</td><td>")
          .text(Formats.percent(all == 0 ? 0 : (double) row.missing() / all)).raw("</td>");
      for (int i = 0; i < 9; i++) {
        html.raw("<td>").text(row.statistics().isEmpty() ? "" : Formats.number(row.statistics().get(i)))
            .raw("</td>");
      }
      html.raw("<td>");
      if (!row.categories().isEmpty()) {
        html.text(row.distinct() + " categories: ");
        StringBuilder top = new StringBuilder();
        row.categories().forEach(e -> top.append(top.length() == 0 ? "" : ", ").append(e.getKey())
            .append(' ').append(Formats.percent(e.getValue())));
        html.text(top);
      }
      html.raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }
}

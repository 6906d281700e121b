package dev.mlops.console.internal;

import dev.mlops.core.lifecycle.LifecycleTags;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** How a version's parts are shown: status, signature, input example, lineage, metrics. */
final class VersionParts {

  private VersionParts() {}

  /**
   * The version's status, with its approval state and whether it awaits approval.
   *
   * @param html the writer
   * @param version the version
   * @param stagingAlias the alias of a version awaiting approval
   */
  static void status(Html html, ModelVersion version, String stagingAlias) {
    boolean archived = version.status() == ModelVersionStatus.ARCHIVED;
    html.element("span", archived ? "badge archived" : "badge ready", archived ? "archived" : "ready");
    if (version.aliases().contains(stagingAlias)) {
      html.raw(" ").element("span", "badge pending", "awaiting approval");
    }
    String approval = version.tags().get(LifecycleTags.APPROVAL);
    if (approval != null) {
      html.raw(" ").element("span", "badge approval-" + (approval.equals("approved") ? "approved"
          : approval.equals("rejected") ? "rejected" : "other"), approval);
    }
  }

  /**
   * A signature: inputs and outputs with their types.
   *
   * @param html the writer
   * @param signature the signature, or null
   */
  static void signature(Html html, @Nullable ModelSignature signature) {
    if (signature == null) {
      html.raw("<p class=\"empty\">No signature stored.</p>\n");
      return;
    }
    fields(html, "Inputs", "inputs", signature.inputs());
    fields(html, "Outputs", "outputs", signature.outputs());
  }

  private static void fields(Html html, String title, String id, List<FieldSpec> fields) {
    html.element("h3", title);
    if (fields.isEmpty()) {
      html.raw("<p class=\"empty\">None declared.</p>\n");
      return;
    }
    html.raw("<table class=\"fields\"").attr("id", "signature-" + id).raw(">\n<thead><tr><th>Name</th>"
        + "<th>Type</th><th>Shape</th><th>Optional</th><th>Categories</th><th>Description</th>"
        + "</tr></thead>\n<tbody>\n");
    for (FieldSpec f : fields) {
      String type = f.type().name().toLowerCase(Locale.ROOT)
          + (f.allowNonFinite() ? " (NaN/∞ allowed)" : "");
      html.raw("<tr><td>").text(f.name()).raw("</td><td>").text(type).raw("</td><td>")
          .text(f.shape().isEmpty() ? "scalar" : f.shape().toString()).raw("</td><td>")
          .text(f.optional() ? "yes" : "no").raw("</td><td>")
          .text(String.join(", ", f.categories())).raw("</td><td>").text(f.description())
          .raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  /**
   * The signature's input example as a table, one column per input.
   *
   * @param html the writer
   * @param signature the signature, or null
   */
  static void inputExample(Html html, @Nullable ModelSignature signature) {
    if (signature == null || signature.inputExample().isEmpty()) {
      html.raw("<p class=\"empty\" id=\"input-example\">No input example stored.</p>\n");
      return;
    }
    Set<String> columns = new LinkedHashSet<>(signature.inputNames());
    signature.inputExample().forEach(row -> columns.addAll(row.keySet()));
    html.raw("<table class=\"example\" id=\"input-example\"><thead><tr>");
    columns.forEach(c -> html.element("th", c));
    html.raw("</tr></thead>\n<tbody>\n");
    for (Map<String, Object> row : signature.inputExample()) {
      html.raw("<tr>");
      columns.forEach(c -> html.element("td", row.containsKey(c) ? String.valueOf(row.get(c)) : ""));
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  /**
   * Every lineage field, with the parent version as a link.
   *
   * @param html the writer
   * @param model the model
   * @param lineage the lineage
   */
  static void lineage(Html html, String model, Lineage lineage) {
    Map<String, Object> values = lineageValues(lineage);
    html.raw("<table class=\"kv\" id=\"lineage\"><tbody>\n");
    values.forEach((key, value) -> {
      html.raw("<tr><th>").text(key).raw("</th><td>");
      if (key.equals("parent version") && lineage.parentVersion() != null) {
        html.link(Urls.path("models", model, "versions", lineage.parentVersion()),
            "v" + lineage.parentVersion());
      } else {
        html.text(value);
      }
      html.raw("</td></tr>\n");
    });
    html.raw("</tbody></table>\n");
  }

  /**
   * The lineage as named values, in a fixed order: the named fields, then {@code environment.*}
   * and {@code property.*} sorted by key. Absent fields are shown as a dash.
   *
   * @param lineage the lineage
   * @return name to value
   */
  static Map<String, Object> lineageValues(Lineage lineage) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("dataset fingerprint", orDash(lineage.datasetFingerprint()));
    values.put("code version", orDash(lineage.codeVersion()));
    values.put("config hash", orDash(lineage.configHash()));
    values.put("parent version", orDash(lineage.parentVersion()));
    values.put("seed", orDash(lineage.seed()));
    values.put("run id", orDash(lineage.runId()));
    values.put("training started", Formats.time(lineage.trainingStartedAt()));
    values.put("training finished", Formats.time(lineage.trainingFinishedAt()));
    new TreeMap<>(lineage.environment()).forEach((k, v) -> values.put("environment." + k, v));
    new TreeMap<>(lineage.properties()).forEach((k, v) -> values.put("property." + k, v));
    return values;
  }

  /**
   * A short summary of a signature for a table cell.
   *
   * @param signature the signature, or null
   * @return such as {@code 4 inputs → 1 output}
   */
  static String signatureSummary(@Nullable ModelSignature signature) {
    if (signature == null) {
      return "–";
    }
    int in = signature.inputs().size();
    int out = signature.outputs().size();
    return in + " input" + (in == 1 ? "" : "s") + " → " + out + " output" + (out == 1 ? "" : "s");
  }

  /**
   * Metrics as {@code name=value}, sorted by name.
   *
   * @param metrics the metrics
   * @return the text
   */
  static String metrics(Map<String, Double> metrics) {
    return new TreeMap<>(metrics).entrySet().stream()
        .map(e -> e.getKey() + "=" + Formats.number(e.getValue())).collect(Collectors.joining(", "));
  }

  private static Object orDash(@Nullable Object value) {
    return value == null ? "–" : value;
  }
}

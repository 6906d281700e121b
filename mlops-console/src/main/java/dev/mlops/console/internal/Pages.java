package dev.mlops.console.internal;

import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Pieces several pages share: pagers, options, alias and tag lists, key-value tables. */
final class Pages {

  private Pages() {}

  /**
   * A positive whole number from a query parameter.
   *
   * @param text the parameter, or null
   * @param fallback the value when it is absent or not a positive number
   * @return the number
   */
  static int positive(@Nullable String text, int fallback) {
    if (text == null || !text.matches("[0-9]{1,9}")) {
      return fallback;
    }
    int value = Integer.parseInt(text);
    return value < 1 ? fallback : value;
  }

  /**
   * Links to the previous and next page.
   *
   * @param html the writer
   * @param path the listing's path
   * @param page the page shown, from 1
   * @param pages how many there are
   * @param query the other query parameters to keep, names and values alternating
   */
  static void pager(Html html, String path, int page, int pages, @Nullable Object... query) {
    if (pages <= 1) {
      return;
    }
    html.raw("<nav class=\"pager\">");
    if (page > 1) {
      html.link(withPage(path, page - 1, query), "« previous").raw(" ");
    }
    html.text("page " + page + " of " + pages);
    if (page < pages) {
      html.raw(" ").link(withPage(path, page + 1, query), "next »");
    }
    html.raw("</nav>\n");
  }

  private static String withPage(String path, int page, @Nullable Object... query) {
    @Nullable Object[] pairs = Arrays.copyOf(query, query.length + 2);

    pairs[query.length] = "page";
    pairs[query.length + 1] = page;
    return Urls.withQuery(path, pairs);
  }

  /**
   * An option of a select element.
   *
   * @param html the writer
   * @param value its value
   * @param label its text
   * @param selected the selected value
   */
  static void option(Html html, String value, String label, @Nullable String selected) {
    html.raw("<option").attr("value", value).raw(value.equals(selected) ? " selected>" : ">")
        .text(label).raw("</option>");
  }

  /**
   * A model's aliases as links to their versions.
   *
   * @param html the writer
   * @param model the model
   * @param aliases alias to version
   */
  static void aliases(Html html, String model, Map<String, Integer> aliases) {
    html.raw("<ul class=\"chips\">");
    aliases.forEach((alias, version) -> html.raw("<li class=\"alias\"").attr("data-alias", alias)
        .raw(">").link(Urls.path("models", model, "versions", version), alias + " → v" + version)
        .raw("</li>"));
    html.raw("</ul>");
  }

  /**
   * Tags as {@code key=value} chips, each optionally a link to the models with that tag.
   *
   * @param html the writer
   * @param tags the tags, in the order to show
   * @param searchable whether each links to the models page filtered by it
   */
  static void tags(Html html, Map<String, String> tags, boolean searchable) {
    html.raw("<ul class=\"chips\">");
    tags.forEach((key, value) -> {
      html.raw("<li class=\"tag\">");
      if (searchable) {
        html.link(Urls.withQuery("/models", "tag", key + "=" + value), key + "=" + value);
      } else {
        html.text(key + "=" + value);
      }
      html.raw("</li>");
    });
    html.raw("</ul>");
  }

  /**
   * A two-column table of names and values.
   *
   * @param html the writer
   * @param id the table's id
   * @param values name to value, in the order to show
   * @param empty the text when there are none
   */
  static void keyValues(Html html, String id, Map<String, ?> values, String empty) {
    if (values.isEmpty()) {
      html.raw("<p class=\"empty\"").attr("id", id).raw(">").text(empty).raw("</p>\n");
      return;
    }
    html.raw("<table class=\"kv\"").attr("id", id).raw("><tbody>\n");
    values.forEach((key, value) -> html.raw("<tr><th>").text(key).raw("</th><td>")
        .text(value instanceof Double d ? Formats.number(d) : value).raw("</td></tr>\n"));
    html.raw("</tbody></table>\n");
  }

  /**
   * A value a client sent, cut for a message: up to 64 characters, or its first 64 and its
   * length.
   *
   * @param value the value
   * @return the excerpt
   */
  static String excerpt(String value) {
    return value.length() <= 64 ? value
        : value.substring(0, 64) + "..." + " (" + value.length() + " characters)";
  }
}

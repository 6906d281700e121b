package dev.mlops.console.internal;

import java.util.List;

/**
 * The forms of the changes a console allows: moving an alias (compare-and-set against the
 * version the page showed), setting a new alias, approving or rejecting the version awaiting
 * approval. Each carries the CSRF token.
 */
final class ChangeForms {

  /** The most versions offered as an alias target: the newest ready ones. */
  static final int MAX_CHOICES = 200;

  /** The field holding what the alias pointed to when the page was shown. */
  static final String EXPECTED = "expected";

  private ChangeForms() {}

  static void moveAlias(Html html, Exchange exchange, String model, String alias, int current,
      List<Integer> ready) {
    html.raw("<form method=\"post\" class=\"change move-alias\"")
        .attr("action", Urls.path("models", model, "aliases", alias)).raw(">");
    Layout.csrf(html, exchange);
    html.hidden(EXPECTED, current)
        .raw("<label>to <select name=\"version\"").attr("aria-label", "new version of " + alias).raw(">");
    for (int v : ready) {
      html.raw("<option").attr("value", v).raw(v == current ? " selected>" : ">").text("v" + v)
          .raw("</option>");
    }
    html.raw("</select></label> <input type=\"text\" name=\"reason\" placeholder=\"reason\"")
        .attr("aria-label", "reason for moving " + alias).raw(" maxlength=\"500\">")
        .raw(" <button type=\"submit\">Move</button></form>");
  }

  static void newAlias(Html html, Exchange exchange, String model, List<Integer> ready) {
    html.raw("<form method=\"post\" class=\"change new-alias\" id=\"new-alias\"")
        .attr("action", Urls.path("models", model, "aliases")).raw(">");
    Layout.csrf(html, exchange);
    html.raw("<label>New alias <input type=\"text\" name=\"alias\" required maxlength=\"128\"></label>"
        + " <label>version <select name=\"version\">");
    for (int v : ready) {
      html.raw("<option").attr("value", v).raw(">").text("v" + v).raw("</option>");
    }
    html.raw("</select></label> <input type=\"text\" name=\"reason\" placeholder=\"reason\""
        + " aria-label=\"reason\" maxlength=\"500\"> <button type=\"submit\">Set</button></form>\n");
  }

  static void approval(Html html, Exchange exchange, String model, int version) {
    html.raw("<div class=\"approval\" id=\"approval\">");
    html.raw("<form method=\"post\" class=\"change approve\"")
        .attr("action", Urls.path("models", model, "versions", version, "approve")).raw(">");
    Layout.csrf(html, exchange);
    html.raw("<input type=\"text\" name=\"reason\" placeholder=\"reason (optional)\""
        + " aria-label=\"reason for approving\" maxlength=\"500\"> ")
        .raw("<button type=\"submit\">").text("Approve v" + version).raw("</button></form>");
    html.raw("<form method=\"post\" class=\"change reject\"")
        .attr("action", Urls.path("models", model, "versions", version, "reject")).raw(">");
    Layout.csrf(html, exchange);
    html.raw("<input type=\"text\" name=\"reason\" placeholder=\"reason (required)\" required"
        + " aria-label=\"reason for rejecting\" maxlength=\"500\"> ")
        .raw("<button type=\"submit\">").text("Reject v" + version).raw("</button></form>");
    html.raw("</div>\n");
  }
}

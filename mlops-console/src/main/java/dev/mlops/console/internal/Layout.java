package dev.mlops.console.internal;

import java.util.function.Consumer;

/** The frame every page shares: head, navigation, who is signed in, and the page's content. */
final class Layout {

  /** The sections of the navigation. */
  enum Section {
    MODELS("Models", "/models"),
    RUNS("Training runs", "/runs"),
    MONITORING("Monitoring", "/monitoring"),
    DRIFT("Drift reports", "/drift"),
    NONE("", "/");

    final String label;
    final String path;

    Section(String label, String path) {
      this.label = label;
      this.path = path;
    }
  }

  private Layout() {}

  /**
   * A whole page.
   *
   * @param exchange the request being answered
   * @param settings the console's settings
   * @param section the navigation entry to mark
   * @param title the page's title (also its heading)
   * @param content writes the page's content
   * @return the document
   */
  static String page(Exchange exchange, ConsoleSettings settings, Section section, String title,
      Consumer<Html> content) {
    Html html = new Html();
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<title>").text(title).raw(" · mlops console</title>\n")
        .raw("<link rel=\"stylesheet\" href=\"/static/console.css\">\n")
        .raw("<script src=\"/static/console.js\" defer></script>\n</head>\n<body>\n");
    header(html, exchange, settings, section);
    html.raw("<main>\n<h1>").text(title).raw("</h1>\n");
    content.accept(html);
    html.raw("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void header(Html html, Exchange exchange, ConsoleSettings settings,
      Section active) {
    html.raw("<header>\n<a class=\"brand\" href=\"/models\">mlops console</a>\n<nav>");
    for (Section section : Section.values()) {
      if (section == Section.NONE) {
        continue;
      }
      html.raw("<a").attr("href", section.path);
      if (section == active) {
        html.raw(" class=\"active\" aria-current=\"page\"");
      }
      html.raw(">").text(section.label).raw("</a>");
    }
    html.raw("</nav>\n<div class=\"who\">");
    html.element("span", settings.allowChanges() ? "mode changes" : "mode read-only",
        settings.allowChanges() ? "changes allowed" : "read-only");
    Principal principal = exchange.principal();
    if (principal != Principal.ANONYMOUS) {
      html.raw(" ").element("span", "principal", principal.actor());
    }
    if (principal.session()) {
      html.raw("<form method=\"post\" action=\"/logout\" class=\"inline\">")
          .hidden(CsrfGuard.FIELD, exchange.csrfToken())
          .raw("<button type=\"submit\" class=\"link\">Sign out</button></form>");
    }
    html.raw("</div>\n</header>\n");
  }

  /**
   * The hidden CSRF field every form of the page carries.
   *
   * @param html the writer
   * @param exchange the request being answered
   */
  static void csrf(Html html, Exchange exchange) {
    html.hidden(CsrfGuard.FIELD, exchange.csrfToken());
  }

  /**
   * A notice, such as a change's outcome or a missing configuration.
   *
   * @param html the writer
   * @param kind {@code info}, {@code ok}, {@code warning} or {@code error}
   * @param message the message
   */
  static void notice(Html html, String kind, String message) {
    html.raw("<p").attr("class", "notice " + kind).raw(" role=\"status\">").text(message)
        .raw("</p>\n");
  }
}

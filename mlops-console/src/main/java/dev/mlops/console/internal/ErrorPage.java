package dev.mlops.console.internal;

import org.eclipse.jetty.http.HttpStatus;

/** The page of a request the console could not answer as asked. */
final class ErrorPage {

  private ErrorPage() {}

  /**
   * A page in the console's frame.
   *
   * @param exchange the request
   * @param settings the settings
   * @param status the status
   * @param message what is wrong and what to do
   * @return the answer
   */
  static Answer of(Exchange exchange, ConsoleSettings settings, int status, String message) {
    return Answer.html(status, Layout.page(exchange, settings, Layout.Section.NONE, title(status),
        html -> {
          Layout.notice(html, "error", message);
          html.raw("<p>").link("/models", "Back to the models").raw("</p>\n");
        }));
  }

  /**
   * A bare page, for requests refused before the console knows who asks.
   *
   * @param status the status
   * @param message what is wrong and what to do
   * @return the answer
   */
  static Answer bare(int status, String message) {
    Html html = new Html();
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .text(title(status)).raw("</title>\n<link rel=\"stylesheet\" href=\"/static/console.css\">\n"
            + "</head>\n<body>\n<main>\n<h1>").text(title(status)).raw("</h1>\n");
    Layout.notice(html, "error", message);
    html.raw("</main>\n</body>\n</html>\n");
    return Answer.html(status, html.toString());
  }

  private static String title(int status) {
    return status + " " + HttpStatus.getMessage(status);
  }
}

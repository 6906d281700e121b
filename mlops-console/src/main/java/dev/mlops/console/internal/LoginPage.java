package dev.mlops.console.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /login}: where a browser signs in with the console's token (and, optionally, the
 * name the audit log records for the changes it makes); {@code POST /login} starts the session.
 */
final class LoginPage {

  /** A path a sign-in may return to: the console's own, never another host. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.~%?=&+-]{0,500}");

  private LoginPage() {}

  static String render(Exchange exchange, ConsoleSettings settings, @Nullable String next,
      @Nullable String failure) {
    return Layout.page(exchange, settings, Layout.Section.NONE, "Sign in", html -> {
      if (failure != null) {
        Layout.notice(html, "error", failure);
      }
      html.raw("<form method=\"post\" action=\"/login\" id=\"login\" class=\"stacked\">");
      Layout.csrf(html, exchange);
      html.hidden("next", safeNext(next))
          .raw("<label>Token <input type=\"password\" name=\"token\" id=\"token\" required"
              + " autocomplete=\"current-password\"></label>\n")
          .raw("<label>Your name, for the audit log (optional) <input type=\"text\" name=\"name\""
              + " id=\"name\" maxlength=\"64\" autocomplete=\"username\"></label>\n")
          .raw("<button type=\"submit\">Sign in</button></form>\n");
    });
  }

  /**
   * Where to go after signing in: the given path if it is one of the console's own, else the
   * models page.
   *
   * @param next the requested path, or null
   * @return a local path
   */
  static String safeNext(@Nullable String next) {
    return next != null && LOCAL_PATH.matcher(next).matches() ? next : "/models";
  }
}

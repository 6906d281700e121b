package dev.mlops.console.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Protects every form against cross-site request forgery, twice over:
 *
 * <ul>
 *   <li>a signed double-submit token: the browser holds a random value in an HttpOnly,
 *       {@code SameSite=Strict} cookie, and each form carries an HMAC of that value and of the
 *       signed-in principal under a key that never leaves this process, so another site can
 *       neither read nor forge it, also where it could plant a cookie;
 *   <li>the request's origin: {@code Origin} (or, without it, {@code Referer}) must be this
 *       console's own, and a browser's {@code Sec-Fetch-Site} must say same-origin.
 * </ul>
 */
final class CsrfGuard {

  /** The cookie's name. */
  static final String COOKIE = "mlops_console_csrf";

  /** The form field's name. */
  static final String FIELD = "csrf";

  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final byte[] key = Secrets.randomKey(32);

  /**
   * Whether a cookie value is one this console could have issued.
   *
   * @param cookie the value, or null
   * @return true if well formed
   */
  static boolean wellFormed(@Nullable String cookie) {
    return cookie != null && VALUE.matcher(cookie).matches();
  }

  /**
   * The {@code Set-Cookie} value for a new cookie.
   *
   * @param value a random value
   * @return the header value
   */
  static String cookie(String value) {
    return COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /**
   * The token forms carry.
   *
   * @param cookie the browser's cookie value
   * @param principal who is signed in
   * @return the token
   */
  String token(String cookie, Principal principal) {
    return Secrets.hmac(key, cookie + "\n" + principal.key());
  }

  /**
   * Checks a form submission.
   *
   * @param cookie the cookie the browser sent, or null
   * @param field the form's token, or null
   * @param principal who is signed in
   * @param origin the {@code Origin} header, or null
   * @param referer the {@code Referer} header, or null
   * @param fetchSite the {@code Sec-Fetch-Site} header, or null
   * @param host the {@code Host} the request was sent to, such as {@code 127.0.0.1:8090}: the
   *     console's origin is {@code http://} (or, behind a proxy that terminates TLS,
   *     {@code https://}) and this
   * @throws HttpProblem 403 naming what failed
   */
  void check(@Nullable String cookie, @Nullable String field, Principal principal,
      @Nullable String origin, @Nullable String referer, @Nullable String fetchSite, String host) {
    if (fetchSite != null && !fetchSite.equals("same-origin")) {
      throw refused("the browser says it came from another site (Sec-Fetch-Site: " + fetchSite + ")");
    }
    if (origin != null) {
      if (!ownOrigin(origin, host)) {
        throw refused("it came from another origin");
      }
    } else if (referer == null || !ownOrigin(originOf(referer), host)) {
      throw refused("it names no origin of this console (no Origin or Referer header)");
    }
    if (cookie == null || !wellFormed(cookie) || field == null
        || !Secrets.equal(field, token(cookie, principal))) {

      throw refused("its form token is missing or stale (reload the page and try again)");
    }
  }

  private static boolean ownOrigin(String origin, String host) {
    return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
  }

  /** The scheme and authority of a URL: {@code http://h:1/a?b} gives {@code http://h:1}. */
  private static String originOf(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return "";
    }
    int path = url.indexOf('/', scheme + 3);
    return path < 0 ? url : url.substring(0, path);
  }

  private static HttpProblem refused(String why) {
    return HttpProblem.forbidden("This form submission was refused because " + why
        + ". Forms are accepted only from this console's own pages.");
  }
}

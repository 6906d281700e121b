package dev.mlops.server.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Content-Type} a request body must declare: {@code application/json}, in any case,
 * with parameters allowed, a {@code charset} only if it is UTF-8 (RFC 8259: JSON exchanged between
 * systems is UTF-8). A missing header is refused too: a browser page can send a body without a
 * {@code Content-Type} (or as {@code text/plain}) to another origin without asking first, where
 * {@code application/json} needs the CORS preflight this server never grants.
 */
final class JsonContentType {

  private static final String SEND = "send Content-Type: application/json";

  private JsonContentType() {}

  /**
   * Checks the header.
   *
   * @param header the {@code Content-Type} header, or null
   * @throws HttpFailure 415 naming what was found
   */
  static void require(@Nullable String header) {
    if (header == null || header.isBlank()) {
      throw HttpFailure.unsupportedMediaType("The request has no Content-Type; " + SEND);
    }
    String[] parts = header.split(";", -1);
    String media = parts[0].trim();
    if (!media.equalsIgnoreCase("application/json")) {
      throw HttpFailure.unsupportedMediaType("Content-Type " + Excerpt.of(media)
          + " is not JSON; " + SEND);
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String charset = unquote(parameter.substring(eq + 1).trim());
        if (!charset.toUpperCase(Locale.ROOT).equals("UTF-8")) {
          throw HttpFailure.unsupportedMediaType("Content-Type charset " + Excerpt.quoted(charset)
              + " is not accepted; send JSON in UTF-8");
        }
      }
    }
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }
}

package dev.mlops.jdbc.internal;

import dev.mlops.registry.ModelRegistries;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL location split into what may be shown and what is secret. The PostgreSQL driver
 * reads neither a user-info part ({@code jdbc:postgresql://app:secret@db/mlops}, the form libpq and
 * most tools accept) nor should the password stay in a URL that ends up in messages and logs; so
 * the user and password are taken out of the location and passed to the driver as connection
 * properties instead.
 *
 * @param shown the location without any password, with the user-info's user kept: what {@code
 *     location()} returns and messages show
 * @param connectUrl the URL handed to the driver: no user-info, no password parameter
 * @param user the user of the user-info part, or null
 * @param password the password of the user-info part or of a {@code password} parameter, or null
 */
public record JdbcLocation(URI shown, String connectUrl, @Nullable String user, @Nullable String password) {

  /** The prefix of every location this registry accepts. */
  public static final String PREFIX = "jdbc:postgresql:";

  /** The password is never part of the text form of this record. */
  @Override
  public String toString() {
    return "JdbcLocation[" + shown + (password == null ? "" : ", password ****") + "]";
  }

  /**
   * Splits a location.
   *
   * @param location such as {@code jdbc:postgresql://app:secret@db:5432/mlops?ssl=true}
   * @return its parts
   * @throws IllegalArgumentException if it is not a PostgreSQL JDBC URL, quoting it without its password
   */
  public static JdbcLocation parse(URI location) {
    String text = location.toString();
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Registry location '" + ModelRegistries.redact(text)
          + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:port/database");
    }
    String rest = text.substring(PREFIX.length());
    String fragment = "";
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = rest.substring(hash);
      rest = rest.substring(0, hash);
    }
    String query = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String user = null;
    String rawUser = null;
    String password = null;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      if (slash >= 0 && rest.indexOf('@', slash) >= 0) {
        // Most likely a password with an unescaped '/': what is host and what is secret is unclear.
        throw new IllegalArgumentException("Registry location '" + ModelRegistries.redact(text) + "' has"
            + " an '@' after the first '/'; escape '/' and '@' in the user name, password and database"
            + " name as %2F and %40");
      }
      int at = rest.lastIndexOf('@', slash < 0 ? rest.length() - 1 : slash - 1);
      if (at >= 2) {
        String userInfo = rest.substring(2, at);
        int colon = userInfo.indexOf(':');
        rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
        user = rawUser.isEmpty() ? null : decode(rawUser);
        password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        rest = "//" + rest.substring(at + 1);
      }
    }
    List<String> kept = new ArrayList<>();
    if (query != null) {
      for (String parameter : query.split("&", -1)) {
        if (parameter.startsWith("password=")) {
          // The driver decodes parameter values this way too ('+' is a space).
          password = URLDecoder.decode(parameter.substring("password=".length()), StandardCharsets.UTF_8);
        } else if (!parameter.isEmpty()) {
          kept.add(parameter);
        }
      }
    }
    String tail = (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
    String userPart = user == null ? "" : rawUser + "@";
    String shown = PREFIX + (rest.startsWith("//") ? "//" + userPart + rest.substring(2) : rest) + tail;
    return new JdbcLocation(URI.create(shown), PREFIX + rest + tail, user, password);
  }

  /** Percent-decoding as in URIs, where '+' is a plus sign. */
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}

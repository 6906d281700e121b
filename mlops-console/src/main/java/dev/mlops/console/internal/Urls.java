package dev.mlops.console.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the console's own links from parts, percent-encoding each path segment and query value,
 * so that a name holding {@code /}, {@code ?}, {@code #}, a quote or a space stays one part and
 * no value can change a link's scheme or host. Links are always relative to the console's root
 * ({@code /...}).
 */
final class Urls {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Urls() {}

  /**
   * A path from segments: {@code path("models", "churn")} is {@code /models/churn}.
   *
   * @param segments the segments, each encoded
   * @return the path
   * @throws IllegalArgumentException if a segment is empty, {@code .} or {@code ..}, which a
   *     browser would resolve (also encoded) instead of sending
   */
  static String path(Object... segments) {
    StringBuilder b = new StringBuilder();
    for (Object segment : segments) {
      String text = segment.toString();
      if (text.isEmpty() || text.equals(".") || text.equals("..")) {
        throw new IllegalArgumentException("'" + text + "' cannot be a path segment of a link");
      }
      b.append('/').append(encode(text));
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  /**
   * A path with a query: {@code withQuery("/runs", "model", "churn", "status", null)}; pairs
   * whose value is null or empty are left out.
   *
   * @param path a path from {@link #path}
   * @param pairs names and values, alternating
   * @return the URL
   */
  static String withQuery(String path, @Nullable Object... pairs) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      Object value = pairs[i + 1];
      if (value != null && !value.toString().isEmpty()) {
        parts.add(encode(String.valueOf(pairs[i])) + "=" + encode(value.toString()));

      }
    }
    return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
  }

  /**
   * Percent-encodes everything but RFC 3986's unreserved characters.
   *
   * @param value the text
   * @return the encoded text
   */
  static String encode(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return b.toString();
  }
}

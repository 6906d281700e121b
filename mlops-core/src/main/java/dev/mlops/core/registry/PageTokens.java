package dev.mlops.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque page tokens: the listing's kind and the position after the last item returned, joined and
 * Base64url-encoded. Names never contain ':', so it separates the parts safely.
 */
final class PageTokens {

  private PageTokens() {}

  static String encode(String kind, Object... parts) {
    StringBuilder s = new StringBuilder(kind);
    for (Object p : parts) {
      s.append(':').append(p);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a token.
   *
   * @return the parts after the kind
   * @throws IllegalArgumentException if the token is malformed or belongs to another kind of listing
   */
  static List<String> decode(String token, String kind, int parts) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      List<String> all = Arrays.asList(text.split(":", -1));
      if (all.size() == parts + 1 && all.get(0).equals(kind)) {
        return all.subList(1, all.size());
      }
    } catch (IllegalArgumentException e) {
      throw invalid(token);
    }
    throw invalid(token);
  }

  static IllegalArgumentException invalid(String token) {
    return new IllegalArgumentException("Page token '" + token + "' did not come from this listing; pass"
        + " the nextPageToken of the previous page unchanged");
  }
}

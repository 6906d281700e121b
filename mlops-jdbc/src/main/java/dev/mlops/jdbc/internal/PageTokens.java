package dev.mlops.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens: the listing's kind, its scope (model name or filter) and the last key
 * returned, Base64url-encoded. A token from another listing, or one that is not a token at all, is
 * rejected rather than silently restarting the listing.
 */
public final class PageTokens {

  private static final char SEPARATOR = '\n';

  private PageTokens() {}

  /**
   * Encodes a position.
   *
   * @param listing which listing, such as {@code models}
   * @param scope the model name or filter the listing is restricted to, empty if none
   * @param lastKey the last key on the page returned
   * @return the token
   */
  public static String encode(String listing, String scope, String lastKey) {
    String text = listing + SEPARATOR + scope + SEPARATOR + lastKey;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a position.
   *
   * @param token the token given back by the caller
   * @param listing the listing it must come from
   * @param scope the scope it must come from
   * @return the last key of the previous page
   * @throws IllegalArgumentException if the token did not come from this listing
   */
  public static String decode(String token, String listing, String scope) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed(token, listing);
    }
    String[] parts = text.split(String.valueOf(SEPARATOR), -1);
    if (parts.length != 3 || !parts[0].equals(listing) || !parts[1].equals(scope)
        || parts[2].isEmpty()) {
      throw malformed(token, listing);
    }
    return parts[2];
  }

  /**
   * Decodes a numeric position.
   *
   * @param token the token
   * @param listing the listing it must come from
   * @param scope the scope it must come from
   * @return the last number of the previous page
   * @throws IllegalArgumentException if the token did not come from this listing
   */
  public static long decodeNumber(String token, String listing, String scope) {
    String key = decode(token, listing, scope);
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw malformed(token, listing);
    }
  }

  private static IllegalArgumentException malformed(String token, String listing) {
    return new IllegalArgumentException("Page token '" + token + "' did not come from this "
        + listing + " listing; pass the nextPageToken of the previous page, or null to start over");
  }
}

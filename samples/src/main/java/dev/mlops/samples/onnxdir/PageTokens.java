package dev.mlops.samples.onnxdir;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Opaque page tokens: the listing they belong to and the last key returned, so that a listing
 * continues after that key even when models are added meanwhile.
 */
final class PageTokens {

  static final String MODELS = "models";
  static final String AUDIT = "audit";

  private PageTokens() {}

  static String versionsOf(String model) {
    return "versions/" + model;
  }

  static String encode(String listing, String lastKey) {
    byte[] text = (listing + "\n" + lastKey).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * The last key a token carries, or null for the first page.
   *
   * @throws IllegalArgumentException if the token did not come from this listing
   */
  static @Nullable String decode(String listing, @Nullable String token) {
    if (token == null) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw foreign(listing, token);
    }
    int split = text.indexOf('\n');
    if (token.isEmpty() || split < 0 || !text.substring(0, split).equals(listing)) {
      throw foreign(listing, token);
    }
    return text.substring(split + 1);
  }

  private static IllegalArgumentException foreign(String listing, String token) {
    return new IllegalArgumentException("Page token '" + token + "' did not come from the " + listing
        + " listing of this registry; pass the nextPageToken of the previous page, or none for the"
        + " first page");
  }
}

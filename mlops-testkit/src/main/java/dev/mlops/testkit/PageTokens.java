package dev.mlops.testkit;

import dev.mlops.registry.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The opaque page tokens of the in-memory registry. A token names its listing (models, the versions
 * of one model, the audit log with one filter) and the last position returned, so that a token
 * from another listing is recognised and rejected, and a listing continues correctly when items
 * are added between pages.
 */
final class PageTokens {

  private static final String SEPARATOR = "\n";
  private static final String ALL_MODELS = "*";

  private PageTokens() {}

  /**
   * Builds a page from up to {@code limit + 1} items: the extra item only tells that more follow.
   */
  static <T> Page<T> page(List<T> itemsAndOneMore, int limit, Function<T, String> tokenAfter) {
    if (itemsAndOneMore.size() <= limit) {
      return new Page<>(itemsAndOneMore, null);
    }
    List<T> items = itemsAndOneMore.subList(0, limit);
    return new Page<>(items, tokenAfter.apply(items.get(limit - 1)));
  }

  static String forModels(String lastName) {
    return encode("models", lastName);
  }

  /** The name after which the listing continues, or null from the start. */
  static @Nullable String modelsAfter(@Nullable String token) {
    return token == null ? null : decode(token, "models");
  }

  static String forVersions(String modelName, int lastVersion) {
    return encode("versions of " + modelName, Integer.toString(lastVersion));
  }

  /** The version number after which the listing continues, 0 from the start. */
  static int versionsAfter(@Nullable String token, String modelName) {
    if (token == null) {
      return 0;
    }
    long after = number(token, decode(token, "versions of " + modelName));
    if (after > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Page token '" + token + "' is damaged");
    }
    return (int) after;
  }

  static String forAudit(@Nullable String modelName, long lastSequence) {
    return encode(auditListing(modelName), Long.toString(lastSequence));
  }

  /** The audit sequence number after which the listing continues, 0 from the start. */
  static long auditAfter(@Nullable String token, @Nullable String modelName) {
    return token == null ? 0 : number(token, decode(token, auditListing(modelName)));
  }

  private static String auditListing(@Nullable String modelName) {
    return "audit of " + (modelName == null ? ALL_MODELS : modelName);
  }

  private static String encode(String listing, String position) {
    byte[] raw = (listing + SEPARATOR + position).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static String decode(String token, String listing) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw foreign(token, listing);
    }
    String prefix = listing + SEPARATOR;
    if (!text.startsWith(prefix) || text.length() == prefix.length()) {
      throw foreign(token, listing);
    }
    return text.substring(prefix.length());
  }

  private static long number(String token, String position) {
    try {
      long n = Long.parseLong(position);
      if (n < 1) {
        throw new NumberFormatException(position);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Page token '" + token + "' is damaged", e);
    }
  }

  private static IllegalArgumentException foreign(String token, String listing) {
    return new IllegalArgumentException("Page token '" + token + "' did not come from the listing of "
        + listing.replace(" of *", "") + "; pass the nextPageToken of the previous page of the same"
        + " listing, or null for the first page");
  }
}

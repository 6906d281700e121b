package dev.mlops.registry.spi;

import dev.mlops.registry.Page;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Opaque page tokens for registry implementations: the listing a token belongs to (such as
 * {@code "models"} or {@code "versions of churn"}) and the position after the last item returned,
 * joined by line breaks and Base64url-encoded. A registry that keys its tokens by position rather
 * than by offset continues a listing correctly when items are added between pages, and a token
 * from another listing, or no token at all, is refused instead of silently restarting the listing.
 *
 * <p>The {@link dev.mlops.registry.ModelRegistry} contract requires that a foreign token fail with
 * {@link IllegalArgumentException}; {@link #decode} does exactly that.
 */
public final class PageTokens {

  private static final String SEPARATOR = "\n";

  private PageTokens() {}

  /**
   * Encodes a position in a listing.
   *
   * @param listing which listing, including its scope (model name, filter), without line breaks
   * @param position the parts of the position after the last item returned, without line breaks
   * @return the token
   * @throws IllegalArgumentException if the listing or a part holds a line break
   */
  public static String encode(String listing, String... position) {
    StringBuilder text = new StringBuilder(checked(listing));
    for (String part : position) {
      text.append(SEPARATOR).append(checked(part));
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a token of a listing.
   *
   * @param token the token the caller passed back
   * @param listing the listing it must come from
   * @param parts how many parts the position has
   * @return the parts of the position, in the order encoded
   * @throws IllegalArgumentException if the token is no token, comes from another listing, or has
   *     another number of parts; the message names the token and says what to pass instead
   */
  public static List<String> decode(String token, String listing, int parts) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw foreign(token, listing);
    }
    List<String> all = Arrays.asList(text.split(SEPARATOR, -1));
    if (all.size() != parts + 1 || !all.get(0).equals(listing)
        || all.subList(1, all.size()).contains("")) {
      throw foreign(token, listing);
    }
    return all.subList(1, all.size());
  }

  /**
   * Decodes a token whose position is one positive number, such as a version or an audit sequence
   * number.
   *
   * @param token the token the caller passed back
   * @param listing the listing it must come from
   * @return the number, at least 1
   * @throws IllegalArgumentException as {@link #decode}, or if the position is not a positive number
   */
  public static long decodeNumber(String token, String listing) {
    String position = decode(token, listing, 1).get(0);
    try {
      long number = Long.parseLong(position);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw foreign(token, listing);
  }

  /**
   * Builds a page from up to {@code limit + 1} items read in listing order: the extra item only
   * tells that more follow, and is not returned.
   *
   * @param itemsAndOneMore the items read, at most {@code limit + 1}
   * @param limit the page size asked for
   * @param tokenAfter the token that continues after a given item
   * @param <T> the item type
   * @return the page, with a next-page token only when more items follow
   */
  public static <T> Page<T> page(List<T> itemsAndOneMore, int limit, Function<? super T, String> tokenAfter) {
    if (itemsAndOneMore.size() <= limit) {
      return new Page<>(itemsAndOneMore, null);
    }
    List<T> items = List.copyOf(itemsAndOneMore.subList(0, limit));
    return new Page<>(items, tokenAfter.apply(items.get(limit - 1)));
  }

  /**
   * The error for a token that did not come from a listing, for checks a registry makes beyond
   * decoding (a position past the end, a position that no longer exists).
   *
   * @param token the token
   * @param listing the listing it should have come from
   * @return the exception, to throw
   */
  public static IllegalArgumentException foreign(String token, String listing) {
    return new IllegalArgumentException("Page token '" + token + "' did not come from the listing of "
        + listing + "; pass the nextPageToken of the previous page of the same listing unchanged, or"
        + " none for the first page");
  }

  private static String checked(String part) {
    if (Objects.requireNonNull(part, "part").contains(SEPARATOR)) {
      throw new IllegalArgumentException("A page token part must not hold a line break: '" + part + "'");
    }
    return part;
  }
}

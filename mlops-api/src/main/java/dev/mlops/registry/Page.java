package dev.mlops.registry;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param items the items, in the listing's documented order
 * @param nextPageToken the token to pass to {@link PageRequest#next(String)} for the following page,
 *     or null when this is the last page
 * @param <T> the item type
 * @since 0.1
 */
public record Page<T>(List<T> items, @Nullable String nextPageToken) {

  /**

   * Copies the items.

   *

   * @param items the items, in the listing's documented order

   * @param nextPageToken the token to pass to {@link PageRequest#next(String)} for the following page, or null when this is the last page

   */
  public Page {
    items = List.copyOf(items);
  }

  /**
   * Whether more items follow.
   *
   * @return true if {@link #nextPageToken()} is set
   */
  public boolean hasNext() {
    return nextPageToken != null;
  }

  /**
   * The request for the following page.
   *
   * @param current the request that returned this page
   * @return the next request, or empty on the last page
   */
  public Optional<PageRequest> nextRequest(PageRequest current) {
    return nextPageToken == null ? Optional.empty() : Optional.of(current.next(nextPageToken));
  }
}

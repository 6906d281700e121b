package dev.mlops.registry;

import org.jspecify.annotations.Nullable;

/**
 * Which page of a listing to return: at most {@code limit} items, starting after the position that
 * {@code pageToken} marks (the {@link Page#nextPageToken()} of the previous page), or from the
 * start when the token is null.
 *
 * @param limit the largest number of items to return, 1 to {@value #MAX_LIMIT}
 * @param pageToken where to continue, or null for the first page
 * @since 0.1
 */
public record PageRequest(int limit, @Nullable String pageToken) {

  /** The largest page a registry returns. */
  public static final int MAX_LIMIT = 10_000;

  /** The page size of {@link #first()}. */
  public static final int DEFAULT_LIMIT = 100;

  /**
   * Validates the limit.
   *
   * @param limit the largest number of items to return, 1 to {@value #MAX_LIMIT}
   * @param pageToken where to continue, or null for the first page
   * @throws IllegalArgumentException if the limit is not between 1 and {@value #MAX_LIMIT}
   */
  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + " but was " + limit);
    }
  }

  /**
   * The first page of {@value #DEFAULT_LIMIT} items.
   *
   * @return the request
   */
  public static PageRequest first() {
    return new PageRequest(DEFAULT_LIMIT, null);
  }

  /**
   * The first page of {@code limit} items.
   *
   * @param limit the page size
   * @return the request
   * @throws IllegalArgumentException if the limit is out of range
   */
  public static PageRequest first(int limit) {
    return new PageRequest(limit, null);
  }

  /**
   * The page after the one that returned {@code token}, of the same size.
   *
   * @param token the previous page's {@link Page#nextPageToken()}
   * @return the request
   */
  public PageRequest next(String token) {
    return new PageRequest(limit, token);
  }
}

package dev.mlops.core.io.internal;

import org.jspecify.annotations.Nullable;

/**
 * Quotes values for error messages at a bounded length, so that a field of a million characters
 * does not become a message of a million characters.
 *
 * @since 0.1
 */
public final class MessageValues {
  /** The most characters of a value a message shows. */
  public static final int MAX_SHOWN = 60;

  private MessageValues() {}

  /**
   * A value in single quotes, cut after {@value #MAX_SHOWN} characters with its full length noted.
   *
   * @param value the value
   * @return such as {@code 'weekly'} or {@code 'aaaa...' (1000000 characters)}
   */
  public static String quote(@Nullable Object value) {
    String s = String.valueOf(value);
    if (s.length() <= MAX_SHOWN) {
      return "'" + s + "'";
    }
    return "'" + s.substring(0, MAX_SHOWN) + "...' (" + s.length() + " characters)";
  }
}

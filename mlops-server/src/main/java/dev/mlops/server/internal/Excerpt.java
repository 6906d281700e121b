package dev.mlops.server.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Values a client sent, as error messages show them: in full when short, otherwise a short prefix
 * followed by the value's length, such as {@code 'nnnn...' (3000 characters)}, so that an error
 * never echoes a huge value back to the client or into a log.
 */
final class Excerpt {

  /** The most characters of a value a message shows. */
  static final int PREFIX = 64;

  private Excerpt() {}

  /** The value in single quotes, cut when long. */
  static String quoted(String value) {
    return value.length() <= PREFIX ? "'" + value + "'"
        : "'" + prefix(value) + "...' (" + value.length() + " characters)";
  }

  /** The value as it is, cut when long. */
  static String of(String value) {
    return value.length() <= PREFIX ? value
        : prefix(value) + "... (" + value.length() + " characters)";
  }

  /** A JSON value as its text, cut when long. */
  static String of(JsonNode value) {
    return of(value.toString());
  }

  private static String prefix(String value) {
    // Never split a surrogate pair: half of one cannot be written as UTF-8.
    int end = Character.isHighSurrogate(value.charAt(PREFIX - 1)) ? PREFIX - 1 : PREFIX;
    return value.substring(0, end);
  }
}

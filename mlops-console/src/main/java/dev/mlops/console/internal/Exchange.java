package dev.mlops.console.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request as the pages see it, after the handler has checked the host, the credentials and,
 * for a form, the CSRF token.
 *
 * @param method the HTTP method
 * @param segments the path segments, each percent-decoded on its own (an encoded {@code /} stays
 *     inside its segment)
 * @param query the query parameters
 * @param form the form fields of a POST; empty otherwise
 * @param principal who is asking
 * @param csrfToken the token forms on the answered page carry
 */
record Exchange(String method, List<String> segments, Map<String, List<String>> query,
    Map<String, List<String>> form, Principal principal, String csrfToken) {

  Exchange {
    segments = List.copyOf(segments);
    query = Map.copyOf(query);
    form = Map.copyOf(form);
  }

  /**
   * A segment of the path.
   *
   * @param index from 0
   * @return the segment
   */
  String segment(int index) {
    return segments.get(index);
  }

  /**
   * The first value of a query parameter.
   *
   * @param name the parameter
   * @return its value, or null if absent or blank
   */
  @Nullable String query(String name) {
    return first(query, name);
  }

  /**
   * Every value of a query parameter.
   *
   * @param name the parameter
   * @return its values, in order
   */
  List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  /**
   * The first value of a form field.
   *
   * @param name the field
   * @return its value, or null if absent or blank
   */
  @Nullable String form(String name) {
    return first(form, name);
  }

  /**
   * A form field that must be there.
   *
   * @param name the field
   * @param label what it is, for the message
   * @return its value
   * @throws HttpProblem 400 if it is absent or blank
   */
  String requiredForm(String name, String label) {
    String value = form(name);
    if (value == null) {
      throw HttpProblem.badRequest("The form has no " + label + " (field '" + name + "')");
    }
    return value;
  }

  private static @Nullable String first(Map<String, List<String>> values, String name) {
    List<String> all = values.get(name);
    if (all == null || all.isEmpty() || all.get(0).isBlank()) {
      return null;
    }
    return all.get(0).strip();
  }
}

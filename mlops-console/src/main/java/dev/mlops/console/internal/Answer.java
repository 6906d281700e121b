package dev.mlops.console.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console answers: status, content type, body, extra headers and cookies to set. The
 * handler adds the security headers to every answer.
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the body
 * @param headers extra headers
 * @param cookies {@code Set-Cookie} values
 */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers,
    List<String> cookies) {

  static final String HTML = "text/html; charset=utf-8";

  Answer {
    headers = Map.copyOf(headers);
    cookies = List.copyOf(cookies);
  }

  /**
   * An HTML page.
   *
   * @param status the status
   * @param html the document
   * @return the answer
   */
  static Answer html(int status, String html) {
    return new Answer(status, HTML, html.getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
  }

  /**
   * A redirect to one of the console's own paths, after a change or a sign-in (303, so that the
   * browser follows with a GET).
   *
   * @param location a path built by {@link Urls}, starting with a single {@code /}
   * @return the answer
   */
  static Answer seeOther(String location) {
    return new Answer(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location),
        List.of());
  }

  /**
   * This answer with a cookie set.
   *
   * @param cookie a {@code Set-Cookie} value
   * @return the answer with it
   */
  Answer withCookie(String cookie) {
    List<String> all = new ArrayList<>(cookies);
    all.add(cookie);
    return new Answer(status, contentType, body, headers, all);
  }

  /**
   * This answer with a header.
   *
   * @param name the header
   * @param value its value
   * @return the answer with it
   */
  Answer withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Answer(status, contentType, body, all, cookies);
  }
}

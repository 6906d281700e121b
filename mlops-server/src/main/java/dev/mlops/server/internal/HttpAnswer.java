package dev.mlops.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP response as the routes produce it, independent of the server that sends it.
 *
 * @param status the status code
 * @param contentType the {@code Content-Type} header
 * @param body the body, possibly empty
 * @param headers further response headers
 * @since 0.1
 */
public record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {

  /** The content type of every JSON answer. */
  public static final String JSON = "application/json";

  /**
   * Copies the headers.
   *
   * @param status the status code
   * @param contentType the content type
   * @param body the body
   * @param headers further headers
   */
  public HttpAnswer {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  /**
   * A JSON answer.
   *
   * @param status the status code
   * @param json the body
   * @return the answer
   */
  public static HttpAnswer json(int status, JsonNode json) {
    try {
      return new HttpAnswer(status, JSON, Json.MAPPER.writeValueAsBytes(json), Map.of());
    } catch (JsonProcessingException e) {
      // A tree built in memory always serialises; this would be a bug.
      throw new IllegalStateException("Cannot write a JSON answer", e);
    }
  }

  /**
   * An error answer, {@code {"error": message}}.
   *
   * @param status the status code
   * @param message what went wrong and what to do
   * @param headers further headers, such as {@code Retry-After}
   * @return the answer
   */
  public static HttpAnswer error(int status, String message, Map<String, String> headers) {
    HttpAnswer plain = json(status, Json.MAPPER.createObjectNode().put("error", message));
    return new HttpAnswer(status, JSON, plain.body(), headers);
  }

  /**
   * A plain-text answer.
   *
   * @param status the status code
   * @param contentType the content type, with its charset
   * @param text the body
   * @return the answer
   */
  public static HttpAnswer text(int status, String contentType, String text) {
    return new HttpAnswer(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }
}

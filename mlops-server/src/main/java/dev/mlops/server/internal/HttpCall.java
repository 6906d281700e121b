package dev.mlops.server.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the routes see it, independent of the server that received it.
 *
 * @param method the request method, such as {@code POST}
 * @param path the decoded request path, without the query
 * @param authorization the {@code Authorization} header, or null if absent
 * @param contentType the {@code Content-Type} header, or null if absent
 * @param body the request body, read at most once
 * @param contentLength the declared body length, or -1 if not declared (chunked)
 * @param deadlineNanos the {@link System#nanoTime()} after which the request is no longer worth
 *     answering with a result
 * @since 0.1
 */
public record HttpCall(
    String method,
    String path,
    @Nullable String authorization,
    @Nullable String contentType,
    InputStream body,
    long contentLength,
    long deadlineNanos) {

  /**
   * Checks the components.
   *
   * @param method the request method
   * @param path the decoded path
   * @param authorization the {@code Authorization} header, or null
   * @param contentType the {@code Content-Type} header, or null
   * @param body the request body
   * @param contentLength the declared length, or -1
   * @param deadlineNanos when the request times out, in {@link System#nanoTime()} terms
   */
  public HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
  }

  /**
   * The same request with its body read.
   *
   * @param content the whole body
   * @return the request
   */
  public HttpCall withBody(byte[] content) {
    return new HttpCall(method, path, authorization, contentType,
        new ByteArrayInputStream(content), content.length, deadlineNanos);
  }
}

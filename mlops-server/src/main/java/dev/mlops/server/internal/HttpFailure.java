package dev.mlops.server.internal;

import dev.mlops.MlopsException;
import java.util.Map;
import java.util.Objects;

/**
 * A request the server answers with an error status rather than a result: the status and the
 * message that goes to the client as {@code {"error": ...}}.
 *
 * @since 0.1
 */
public final class HttpFailure extends MlopsException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  private HttpFailure(int status, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public String getMessage() {
    // Every factory gives a message, so the inherited one is never null.
    return Objects.requireNonNull(super.getMessage());

  }

  /**
   * 400: the request is malformed or does not match the model.
   *
   * @param message naming the field, tensor or feature at fault
   * @return the failure
   */
  public static HttpFailure badRequest(String message) {
    return new HttpFailure(400, message, Map.of());
  }

  /**
   * 401: a bearer token is required and was missing or wrong.
   *
   * @return the failure
   */
  public static HttpFailure unauthorized() {
    return new HttpFailure(401, "Missing or wrong bearer token: send 'Authorization: Bearer TOKEN'",
        Map.of("WWW-Authenticate", "Bearer"));
  }

  /**
   * 404: no such endpoint, model or version.
   *
   * @param message what was not found
   * @return the failure
   */
  public static HttpFailure notFound(String message) {
    return new HttpFailure(404, message, Map.of());
  }

  /**
   * 405: the endpoint exists but not with this method.
   *
   * @param allowed the method it takes
   * @return the failure
   */
  public static HttpFailure methodNotAllowed(String allowed) {
    return new HttpFailure(405, "This endpoint takes " + allowed, Map.of("Allow", allowed));
  }

  /**
   * 413: the body or the number of rows is over the limit.
   *
   * @param message the limit and the size found
   * @return the failure
   */
  public static HttpFailure tooLarge(String message) {
    return new HttpFailure(413, message, Map.of());
  }

  /**
   * 413 for a body over the limit.
   *
   * @param declared the length the request declared, or -1 if it declared none (chunked)
   * @param max the limit, in bytes
   * @return the failure
   */
  public static HttpFailure bodyTooLarge(long declared, int max) {
    return tooLarge("The request body" + (declared > 0 ? " of " + declared + " bytes" : "")
        + " is over the limit of " + max + " bytes; send smaller batches");
  }

  /**
   * 408: the request body did not arrive within its timeout; the connection is closed.
   *
   * @param message the timeout
   * @return the failure
   */
  public static HttpFailure requestTimeout(String message) {
    return new HttpFailure(408, message, Map.of("Connection", "close"));
  }

  /**
   * 415: the request body is not declared as JSON.
   *
   * @param message the content type found and the one to send
   * @return the failure
   */
  public static HttpFailure unsupportedMediaType(String message) {
    return new HttpFailure(415, message, Map.of());
  }

  /**
   * 503: not ready, overloaded, timed out or shutting down; the client may retry.
   *
   * @param message why
   * @return the failure
   */
  public static HttpFailure unavailable(String message) {
    return new HttpFailure(503, message, Map.of("Retry-After", "1"));
  }

  /**
   * The status code.
   *
   * @return such as 400
   */
  public int status() {
    return status;
  }

  /**
   * The answer to send.
   *
   * @return a JSON error answer
   */
  public HttpAnswer answer() {
    return HttpAnswer.error(status, getMessage(), headers);
  }
}

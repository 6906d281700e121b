package dev.mlops.console.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request the console cannot answer as asked: shown as an error page with this status and
 * message (escaped like every other value).
 */
final class HttpProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String allow;

  /**
   * Creates the problem.
   *
   * @param status the HTTP status
   * @param message what is wrong and what to do, for the page
   */
  HttpProblem(int status, String message) {
    this(status, message, null);
  }

  private HttpProblem(int status, String message, @Nullable String allow) {
    super(message);
    this.status = status;
    this.allow = allow;
  }

  @Override
  public String getMessage() {
    // Every constructor takes a message, so the inherited one is never null.
    return Objects.requireNonNull(super.getMessage());
  }


  /**
   * The HTTP status.
   *
   * @return such as 404
   */
  int status() {
    return status;
  }

  /**
   * The methods a 405 names in its {@code Allow} header.
   *
   * @return such as {@code POST}, or null for other statuses
   */
  @Nullable String allow() {
    return allow;
  }

  static HttpProblem methodNotAllowed(String allow) {
    return new HttpProblem(405, "This page answers " + allow + " only", allow);
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, message);
  }

  static HttpProblem badRequest(String message) {
    return new HttpProblem(400, message);
  }

  static HttpProblem forbidden(String message) {
    return new HttpProblem(403, message);
  }
}

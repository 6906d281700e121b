package dev.mlops.server.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Writes the errors Jetty itself answers (a malformed request, headers over the limit, a URI it
 * refuses) as the server's other errors are written: {@code {"error": "..."}}, never an HTML page,
 * never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  private final int maxRequestHeaderBytes;

  /**
   * Creates the handler.
   *
   * @param maxRequestHeaderBytes the header limit, named in a 431's message
   */
  JsonErrorHandler(int maxRequestHeaderBytes) {
    this.maxRequestHeaderBytes = maxRequestHeaderBytes;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code,
      @Nullable String message, @Nullable Throwable cause, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpAnswer.JSON);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private byte[] body(int code, @Nullable String message) {
    String text = code + " " + HttpStatus.getMessage(code);
    if (message != null && !message.isBlank() && !message.equals(HttpStatus.getMessage(code))) {
      text += ": " + Excerpt.of(message);
    }
    if (code == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 || code == HttpStatus.URI_TOO_LONG_414) {
      text += "; the request line and headers may take up to " + maxRequestHeaderBytes + " bytes";
    }
    return HttpAnswer.error(code, text, Map.of()).body();
  }
}

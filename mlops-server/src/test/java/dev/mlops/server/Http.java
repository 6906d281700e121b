package dev.mlops.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A real HTTP client for the tests: the JDK's, with a token when the server wants one. */
final class Http {

  /** One answer: status, headers of interest and the body as text and, if JSON, as a tree. */
  record Answer(int status, String body, @Nullable String contentType,
      @Nullable String wwwAuthenticate) {
    JsonNode json() {
      try {
        return Churn.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final HttpClient client;
  private final URI base;
  private final @Nullable String authorization;

  Http(URI base, @Nullable String token) {
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.base = base;
    this.authorization = token == null ? null : "Bearer " + token;
  }

  /** The same client (and its kept-alive connections) with another {@code Authorization}. */
  private Http(Http from, @Nullable String authorization) {
    this.client = from.client;
    this.base = from.base;
    this.authorization = authorization;
  }

  Http withoutToken() {
    return new Http(this, null);
  }

  /** The same client sending this {@code Authorization} header as it is. */
  Http withAuthorization(String header) {
    return new Http(this, header);
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Answer post(String path, String json) throws IOException, InterruptedException {
    return post(path, "application/json", json);
  }

  /** A POST with this {@code Content-Type}, or none if null. */
  Answer post(String path, @Nullable String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  Answer send(String method, String path) throws IOException, InterruptedException {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
        r.headers().firstValue("WWW-Authenticate").orElse(null));
  }
}

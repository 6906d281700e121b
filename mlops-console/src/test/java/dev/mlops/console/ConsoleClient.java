package dev.mlops.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP client for one console: it keeps cookies, does not follow redirects, and
 * posts forms with the CSRF token of the last page it read and the console's own origin, as a
 * browser submitting the page's form does. Each method says what it changes from that.
 */
final class ConsoleClient {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  final URI base;
  final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private String csrf = "";

  ConsoleClient(ModelConsole console) {
    this(console.uri());
  }

  ConsoleClient(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  String origin() {
    return "http://" + base.getHost() + ":" + base.getPort();
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = send(request.build());
    Matcher m = CSRF.matcher(response.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return response;
  }

  /** Posts a form with the last page's token and the console's origin. */
  HttpResponse<String> post(String path, Map<String, String> fields, String... headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("csrf", csrf);
    all.putAll(fields);
    List<String> allHeaders = new ArrayList<>(List.of("Origin", origin()));
    allHeaders.addAll(List.of(headers));
    return postRaw(path, all, allHeaders.toArray(String[]::new));
  }

  /** Posts exactly these fields and headers (a later header replaces an earlier one). */
  HttpResponse<String> postRaw(String path, Map<String, String> fields, String... headers) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    Map<String, String> named = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      named.put(headers[i], headers[i + 1]);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    named.forEach(request::header);
    return send(request.build());
  }

  String csrf() {
    return csrf;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

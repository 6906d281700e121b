package dev.mlops.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertDeliveryException;
import dev.mlops.alert.AlertSink;
import dev.mlops.internal.SetOnce;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts as JSON to an HTTP endpoint: a Slack or Mattermost incoming webhook, or a service
 * of your own. The body carries a Slack-compatible {@code text} (the alert's {@linkplain
 * Alert#summary() summary}) beside the alert's fields:
 *
 * <pre>{@code
 * {"text":"[CRITICAL] FIRING accuracy-below-0.8 churn v3: accuracy 0.71 < 0.80 over 1,204 ...",
 *  "rule":"accuracy-below-0.8","severity":"CRITICAL","state":"FIRING","model":"churn",
 *  "version":3,"message":"accuracy 0.71 < 0.80 over 1,204 ...","at":"2026-11-27T10:15:00Z"}
 * }</pre>
 *
 * <p>A request that fails to connect, times out, or is answered with 429 or a 5xx status is
 * retried, up to {@link Builder#maxAttempts} attempts in all, waiting {@link
 * Builder#initialBackoff} and doubling up to {@link Builder#maxBackoff} between attempts. Other
 * statuses (a 4xx such as 404 for a revoked Slack webhook) are not retried. When every attempt
 * failed, {@link #send} throws {@link AlertDeliveryException} with the address and the last status
 * or error. Addresses in messages keep their first path segment only, since webhook URLs such as
 * Slack's carry their secret in the path; header values are never logged.
 *
 * <p>Uses the JDK's {@link HttpClient}; nothing is sent until an alert is. Instances are
 * thread-safe. The dispatcher calls {@link #send} on its own thread, so retries never delay a
 * prediction.
 *
 * @since 0.1
 */
public final class WebhookAlertSink implements AlertSink {

  private static final Logger log = LoggerFactory.getLogger(WebhookAlertSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How much of an error response body a failure message quotes. */
  private static final int BODY_EXCERPT = 200;

  /** Waits between attempts; replaced in tests so that backoff takes no time. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI url;
  private final String address;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private final HttpClient client;

  private WebhookAlertSink(Builder builder) {
    this.url = builder.url;
    this.address = redacted(builder.url);
    this.headers = Map.copyOf(builder.headers);
    this.requestTimeout = orDefault(builder.requestTimeout, Builder.DEFAULT_REQUEST_TIMEOUT);
    this.maxAttempts = builder.maxAttempts == null ? Builder.DEFAULT_MAX_ATTEMPTS
        : builder.maxAttempts;
    this.initialBackoff = orDefault(builder.initialBackoff, Builder.DEFAULT_INITIAL_BACKOFF);
    this.maxBackoff = orDefault(builder.maxBackoff, Builder.DEFAULT_MAX_BACKOFF);
    this.sleeper = builder.sleeper == null
        ? d -> TimeUnit.NANOSECONDS.sleep(d.toNanos())
        : builder.sleeper;
    this.client = HttpClient.newBuilder()
        .connectTimeout(orDefault(builder.connectTimeout, Builder.DEFAULT_CONNECT_TIMEOUT))
        .build();
    // Fail at build time, not at the first alert, on a header the HTTP client refuses.
    request(new byte[0]);
  }

  /**
   * Starts configuring a sink posting to an address.
   *
   * @param url the webhook's address, {@code http} or {@code https}
   * @return a builder
   * @throws IllegalArgumentException if the address is not an absolute http or https URL
   */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /**
   * Posts the alert, retrying as configured.
   *
   * @param alert the alert
   * @throws AlertDeliveryException if every attempt failed or the endpoint refused the alert;
   *     the message names the address and the last status or error
   */
  @Override
  public void send(Alert alert) {
    HttpRequest request = request(payload(alert));
    String lastFailure = "no attempt made";
    @Nullable Exception lastError = null;
    int attempt = 0;
    while (attempt < maxAttempts) {
      attempt++;
      try {
        HttpResponse<String> response =
            client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return;
        }
        lastFailure = "last status " + status + excerpt(response.body());
        lastError = null;
        if (!retryable(status)) {
          break;
        }
      } catch (IOException e) {
        lastFailure = "last error " + e;
        lastError = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(alert, attempt, "interrupted", e);
      }
      if (attempt < maxAttempts) {
        Duration wait = backoff(attempt);
        log.debug("Webhook {} attempt {} of {} failed ({}); retrying in {}", address, attempt,
            maxAttempts, lastFailure, wait);
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure(alert, attempt, "interrupted while waiting to retry", e);
        }
      }
    }
    throw failure(alert, attempt, lastFailure, lastError);
  }

  /**
   * The JSON body posted for an alert.
   *
   * @param alert the alert
   * @return UTF-8 JSON with {@code text} and the alert's fields
   */
  static byte[] payload(Alert alert) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", alert.summary());
    body.put("rule", alert.rule());
    body.put("severity", alert.severity().name());
    body.put("state", alert.state().name());
    body.put("model", alert.modelName());
    body.put("version", alert.version());
    body.put("message", alert.message());
    body.put("at", alert.at().toString());
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a JSON tree of strings and numbers", e);
    }
  }

  /** The wait after a failed attempt: the initial backoff doubled per attempt, capped. */
  Duration backoff(int failedAttempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < failedAttempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private HttpRequest request(byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return request.build();
  }

  private static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  private AlertDeliveryException failure(
      Alert alert, int attempts, String what, @Nullable Exception cause) {
    return new AlertDeliveryException("Could not deliver alert '" + alert.rule() + "' for model '"
        + alert.modelName() + "' v" + alert.version() + " to webhook " + address + " after "
        + attempts + " attempt(s): " + what + ". Check that the address is right and the service "
        + "is up.", cause);
  }

  private static String excerpt(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return " (" + (oneLine.length() > BODY_EXCERPT
        ? oneLine.substring(0, BODY_EXCERPT) + "..." : oneLine) + ")";
  }

  /** The address without query, user information, or path beyond its first segment. */
  static String redacted(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    int second = path.indexOf('/', 1);
    if (second >= 0 && second < path.length() - 1) {
      path = path.substring(0, second) + "/***";
    }
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    return url.getScheme() + "://" + url.getHost() + port + path;
  }

  private static Duration orDefault(@Nullable Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }

  @Override
  public String toString() {
    return "WebhookAlertSink[" + address + "]";
  }

  /**
   * Configures a {@link WebhookAlertSink}. Each setting may be given once.
   *
   * @since 0.1
   */
  public static final class Builder {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    private final URI url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Duration connectTimeout;
    private @Nullable Duration requestTimeout;
    private @Nullable Integer maxAttempts;
    private @Nullable Duration initialBackoff;
    private @Nullable Duration maxBackoff;
    private @Nullable Sleeper sleeper;

    private Builder(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!url.isAbsolute() || url.getHost() == null
          || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new IllegalArgumentException("A webhook address must be an absolute http or https "
            + "URL with a host, such as https://hooks.slack.com/services/..., but was "
            + redactedOrRaw(url));
      }
      this.url = url;
    }

    /**
     * How long to wait for a connection. The default is 5 seconds.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws IllegalStateException if it was already set
     */
    public Builder connectTimeout(Duration timeout) {
      connectTimeout = SetOnce.value("connectTimeout", connectTimeout,
          positive("connectTimeout", timeout));
      return this;
    }

    /**
     * How long to wait for the response to one attempt. The default is 10 seconds.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws IllegalStateException if it was already set
     */
    public Builder requestTimeout(Duration timeout) {
      requestTimeout = SetOnce.value("requestTimeout", requestTimeout,
          positive("requestTimeout", timeout));
      return this;
    }

    /**
     * How many attempts in all, the first included. The default is 3; 1 disables retries.
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if fewer than one
     * @throws IllegalStateException if it was already set
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + attempts);
      }
      maxAttempts = SetOnce.value("maxAttempts", maxAttempts, attempts);
      return this;
    }

    /**
     * The wait after the first failed attempt, doubled after each further one. The default is 1
     * second.
     *
     * @param backoff a non-negative duration
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     * @throws IllegalStateException if it was already set
     */
    public Builder initialBackoff(Duration backoff) {
      initialBackoff = SetOnce.value("initialBackoff", initialBackoff,
          nonNegative("initialBackoff", backoff));
      return this;
    }

    /**
     * The longest wait between two attempts. The default is 30 seconds.
     *
     * @param backoff a non-negative duration
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     * @throws IllegalStateException if it was already set
     */
    public Builder maxBackoff(Duration backoff) {
      maxBackoff = SetOnce.value("maxBackoff", maxBackoff, nonNegative("maxBackoff", backoff));
      return this;
    }

    /**
     * Adds a header to every request, such as {@code Authorization: Bearer ...}. Its value is
     * never logged.
     *
     * @param name the header's name
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the name is blank, is {@code Content-Type} (always JSON),
     *     or was already added
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank()) {
        throw new IllegalArgumentException("A header name must not be blank");
      }
      if (name.equalsIgnoreCase("Content-Type")) {
        throw new IllegalArgumentException("Content-Type is always application/json");
      }
      for (String existing : headers.keySet()) {
        if (existing.equalsIgnoreCase(name)) {
          throw new IllegalArgumentException("Header '" + name + "' was already added");
        }
      }
      headers.put(name, value);
      return this;
    }

    /** For tests: waits between attempts without sleeping. */
    Builder sleeper(Sleeper s) {
      sleeper = SetOnce.value("sleeper", sleeper, Objects.requireNonNull(s, "sleeper"));
      return this;
    }

    /**
     * Creates the sink. No connection is made until an alert is sent.
     *
     * @return the sink
     * @throws IllegalArgumentException if a header is one the HTTP client refuses (such as {@code
     *     Host}), or the initial backoff exceeds the maximum
     */
    public WebhookAlertSink build() {
      Duration initial = orDefault(initialBackoff, DEFAULT_INITIAL_BACKOFF);
      Duration max = orDefault(maxBackoff, DEFAULT_MAX_BACKOFF);
      if (initial.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff " + initial + " must not exceed maxBackoff " + max);
      }
      return new WebhookAlertSink(this);
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive but was " + d);
      }
      return d;
    }

    private static Duration nonNegative(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative but was " + d);
      }
      return d;
    }

    private static String redactedOrRaw(URI url) {
      return url.getScheme() == null || url.getHost() == null ? "'" + url + "'" : redacted(url);
    }
  }
}

package dev.mlops.core.alert;

import static dev.mlops.core.alert.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertDeliveryException;
import dev.mlops.alert.AlertState;
import dev.mlops.alert.Severity;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookAlertSinkTest {

  private static final Alert ALERT = new Alert("accuracy-below-0.8", Severity.CRITICAL,
      AlertState.FIRING, "churn", 3,
      "accuracy 0.71 < 0.80 over 1,204 labelled predictions, model churn v3",
      T0.plusSeconds(900));

  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  private WebhookAlertSink.Builder sinkFor(URI url) {
    return WebhookAlertSink.builder(url)
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(1))
        .sleeper(waits::add);
  }

  @Test
  void postsJsonWithASlackTextAndTheAlertsFields() throws IOException {
    try (WebhookServer server = WebhookServer.answering(attempt -> 200)) {
      WebhookAlertSink sink = sinkFor(server.uri("/hooks/alerts"))
          .header("Authorization", "Bearer s3cret")
          .build();

      sink.send(ALERT);

      WebhookServer.Received request = server.received().get(0);
      assertThat(server.received()).hasSize(1);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/hooks/alerts");
      assertThat(request.header("Content-Type")).startsWith("application/json");
      assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
      JsonNode json = new ObjectMapper().readTree(request.body());
      assertThat(json.get("text").asText()).isEqualTo("[CRITICAL] FIRING accuracy-below-0.8 "
          + "churn v3: accuracy 0.71 < 0.80 over 1,204 labelled predictions, model churn v3");
      assertThat(json.get("rule").asText()).isEqualTo("accuracy-below-0.8");
      assertThat(json.get("severity").asText()).isEqualTo("CRITICAL");
      assertThat(json.get("state").asText()).isEqualTo("FIRING");
      assertThat(json.get("model").asText()).isEqualTo("churn");
      assertThat(json.get("version").asInt()).isEqualTo(3);
      assertThat(json.get("message").asText()).isEqualTo(ALERT.message());
      assertThat(json.get("at").asText()).isEqualTo("2026-11-27T10:15:00Z");
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void retriesAfterAServerErrorAndSucceeds() throws IOException {
    try (WebhookServer server = WebhookServer.answering(attempt -> attempt == 1 ? 500 : 200)) {
      WebhookAlertSink sink = sinkFor(server.uri("/alerts")).build();

      sink.send(ALERT);

      assertThat(server.received()).hasSize(2);
      assertThat(server.received().get(1).body()).isEqualTo(server.received().get(0).body());
      assertThat(waits).containsExactly(Duration.ofMillis(100));
    }
  }

  @Test
  void failsAfterItsAttemptsWhenTheServerKeepsFailingWaitingLongerEachTime() throws IOException {
    try (WebhookServer server = WebhookServer.answering(attempt -> 500)) {
      WebhookAlertSink sink = sinkFor(server.uri("/alerts")).maxAttempts(4).build();

      assertThatThrownBy(() -> sink.send(ALERT))
          .isInstanceOf(AlertDeliveryException.class)
          .hasMessageContaining("'accuracy-below-0.8'")
          .hasMessageContaining("model 'churn' v3")
          .hasMessageContaining(server.uri("/alerts").toString())
          .hasMessageContaining("after 4 attempt(s): last status 500 (internal error)");
      assertThat(server.received()).hasSize(4);
      assertThat(waits).containsExactly(
          Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }
  }

  @Test
  void doesNotRetryARequestTheServerRejects() throws IOException {
    try (WebhookServer server = WebhookServer.answering(attempt -> 404)) {
      WebhookAlertSink sink = sinkFor(server.uri("/revoked")).build();

      assertThatThrownBy(() -> sink.send(ALERT))
          .isInstanceOf(AlertDeliveryException.class)
          .hasMessageContaining("after 1 attempt(s): last status 404");
      assertThat(server.received()).hasSize(1);
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void retriesAndFailsWhenTheServerIsDown() throws IOException {
    URI closed;
    try (WebhookServer server = WebhookServer.answering(attempt -> 200)) {
      closed = server.uri("/alerts");
    }
    WebhookAlertSink sink = sinkFor(closed).connectTimeout(Duration.ofSeconds(5)).build();

    AlertDeliveryException e =
        catchThrowableOfType(AlertDeliveryException.class, () -> sink.send(ALERT));

    assertThat(e).hasMessageContaining(closed.toString())
        .hasMessageContaining("after 3 attempt(s): last error")
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void givesUpOnASlowServerAfterTheRequestTimeout() throws IOException {
    try (WebhookServer server = WebhookServer.hanging()) {
      WebhookAlertSink sink = sinkFor(server.uri("/slow"))
          .requestTimeout(Duration.ofMillis(300))
          .maxAttempts(2)
          .build();

      AlertDeliveryException e =
          catchThrowableOfType(AlertDeliveryException.class, () -> sink.send(ALERT));

      assertThat(e).hasMessageContaining("after 2 attempt(s)")
          .hasCauseInstanceOf(HttpTimeoutException.class);
      assertThat(server.received()).hasSizeLessThanOrEqualTo(2);
      assertThat(waits).containsExactly(Duration.ofMillis(100));
    }
  }

  @Test
  void aDispatcherCountsTheAlertsAFailingWebhookCouldNotDeliver() throws IOException {
    try (WebhookServer server = WebhookServer.answering(attempt -> 503)) {
      RecordingSink other = new RecordingSink();
      AlertDispatcher dispatcher = AlertDispatcher.builder()
          .rule(AlertRules.errorRateAbove(0.1))
          .sink(sinkFor(server.uri("/alerts")).maxAttempts(3).build())
          .sink(other)
          .build();

      dispatcher.accept(Snapshots.snapshot().calls(1_000, 500).build());
      dispatcher.close();

      assertThat(dispatcher.failed()).isEqualTo(1);
      assertThat(dispatcher.sent()).isEqualTo(1);
      assertThat(other.received()).hasSize(1);
      assertThat(server.received()).hasSize(3);
    }
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    WebhookAlertSink sink = WebhookAlertSink.builder(URI.create("https://example.invalid/a"))
        .initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(5))
        .build();

    assertThat(List.of(sink.backoff(1), sink.backoff(2), sink.backoff(3), sink.backoff(4),
        sink.backoff(60))).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void keepsTheSecretPathOfAWebhookOutOfMessages() {
    URI slack = URI.create("https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX?x=1");

    assertThat(WebhookAlertSink.redacted(slack)).isEqualTo("https://hooks.slack.com/services/***");
    assertThat(WebhookAlertSink.builder(slack).build().toString()).doesNotContain("secret");
    assertThat(WebhookAlertSink.redacted(URI.create("http://127.0.0.1:8080/alerts")))
        .isEqualTo("http://127.0.0.1:8080/alerts");
  }

  @Test
  void rejectsBadSettingsWhenConfigured() {
    assertThatThrownBy(() -> WebhookAlertSink.builder(URI.create("ftp://example.com/x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    assertThatThrownBy(() -> WebhookAlertSink.builder(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    URI url = URI.create("https://example.com/x");
    assertThatThrownBy(() -> WebhookAlertSink.builder(url).maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> WebhookAlertSink.builder(url).requestTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> WebhookAlertSink.builder(url).maxAttempts(2).maxAttempts(3))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> WebhookAlertSink.builder(url).header("X-A", "1").header("x-a", "2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
    assertThatThrownBy(() -> WebhookAlertSink.builder(url).header("Content-Type", "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookAlertSink.builder(url).header("Host", "evil").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookAlertSink.builder(url)
            .initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
  }
}

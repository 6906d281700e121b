package dev.mlops.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.MlopsException;
import dev.mlops.core.monitor.OutcomeReceipt;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.ModelNotReadyException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of the server, whatever HTTP server received it: matches the endpoint,
 * checks the bearer token and the content type, reads the body within its limit, calls the model
 * and writes the JSON, mapping every failure to a JSON error with its status (never a stack trace),
 * and records {@code mlops.server.requests} (a timer tagged with endpoint, method and status).
 * {@link #answerHead} answers, without blocking, what the request's head alone decides: the health
 * probes and every refusal. Nothing here changes the registry. Thread-safe.
 *
 * @since 0.1
 */
public final class RequestRouter {

  private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  // Tag values come from this set only, so clients cannot create unbounded metric series.
  private static final java.util.Set<String> METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final ModelCatalog catalog;
  private final ServerLimits limits;
  private final byte @Nullable [] bearerToken;
  private final MeterRegistry meters;
  private final @Nullable PrometheusMeterRegistry prometheus;
  private final BooleanSupplier accepting;
  private final LatencyBuckets buckets;

  /**
   * Creates the router.
   *
   * @param catalog the served models
   * @param limits the body and row limits
   * @param bearerToken the token every endpoint but the health probes requires, or null for none
   * @param meters where request metrics go
   * @param prometheus what {@code /metrics} shows, or null for no {@code /metrics} route (404)
   * @param accepting false once the server is shutting down: new requests get 503
   * @param buckets the bucket layout of the request latency histogram
   */
  public RequestRouter(ModelCatalog catalog, ServerLimits limits, @Nullable String bearerToken,
      MeterRegistry meters, @Nullable PrometheusMeterRegistry prometheus,
      BooleanSupplier accepting, LatencyBuckets buckets) {
    this.catalog = catalog;
    this.limits = limits;
    this.bearerToken = bearerToken == null ? null : bearerToken.getBytes(StandardCharsets.UTF_8);
    this.meters = meters;
    this.prometheus = prometheus;
    this.accepting = accepting;
    this.buckets = buckets;
  }

  /**
   * Answers, at once and without blocking, a request that its head decides: a health probe, or a
   * request refused before its body is read (unknown path, wrong method, no token, shutting down,
   * not JSON, a declared body over the limit).
   *
   * @param head the request without its body
   * @return the answer, or null if the request needs its body and a worker: then call {@link
   *     #handle}
   */
  public @Nullable HttpAnswer answerHead(HttpCall head) {
    long start = System.nanoTime();
    Endpoint.Match match = Endpoint.match(head.path());
    HttpAnswer answer;
    try {
      answer = checkHead(head, match);
    } catch (HttpFailure e) {
      answer = e.answer();
    }
    if (answer != null) {
      record(head, match, answer, start);
    }
    return answer;
  }

  /**
   * Answers one request.
   *
   * @param call the request
   * @return the answer; never throws
   */
  public HttpAnswer handle(HttpCall call) {
    long start = System.nanoTime();
    Endpoint.Match match = Endpoint.match(call.path());
    HttpAnswer answer;
    try {
      HttpAnswer decided = checkHead(call, match);
      answer = decided != null ? decided : answer(call, Objects.requireNonNull(match));
    } catch (HttpFailure e) {
      answer = e.answer();
    } catch (InvalidInputException | ExplanationUnavailableException e) {
      answer = HttpAnswer.error(400, messageOf(e), Map.of());
    } catch (ModelNotFoundException e) {
      answer = HttpAnswer.error(404, messageOf(e), Map.of());
    } catch (ModelNotReadyException e) {
      answer = HttpAnswer.error(503, messageOf(e), Map.of("Retry-After", "1"));
    } catch (JsonProcessingException e) {
      answer = HttpAnswer.error(400, "Malformed JSON: " + e.getOriginalMessage(), Map.of());
    } catch (PredictionException e) {
      LOG.warn("{} {} failed in the engine", call.method(), call.path(), e);
      answer = HttpAnswer.error(500, messageOf(e), Map.of());
    } catch (IllegalStateException e) {
      // A predictor closed under a call: the server is shutting down.
      answer = HttpAnswer.error(503, "Not serving: " + e.getMessage(), Map.of("Retry-After", "1"));
    } catch (IOException | UncheckedIOException e) {
      answer = HttpAnswer.error(400, "Could not read the request body: " + e.getMessage(), Map.of());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", call.method(), call.path(), e);
      answer = HttpAnswer.error(500, "Internal error (" + e.getClass().getSimpleName()
          + "); the server log has the details", Map.of());
    }
    record(call, match, answer, start);
    return answer;
  }

  private void record(HttpCall call, Endpoint.@Nullable Match match, HttpAnswer answer,
      long start) {
    buckets.applyTo(Timer.builder("mlops.server.requests"))
        .description("HTTP requests the model server answered")
        .tag("endpoint", match == null ? "unknown" : match.endpoint().template)
        .tag("method", METHODS.contains(call.method()) ? call.method() : "OTHER")
        .tag("status", Integer.toString(answer.status()))
        .register(meters)
        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** The answer the head decides (a probe's, or a refusal thrown), or null to go on. */
  private @Nullable HttpAnswer checkHead(HttpCall call, Endpoint.@Nullable Match match) {
    if (match == null || match.endpoint() == Endpoint.METRICS && prometheus == null) {
      throw HttpFailure.notFound("No endpoint " + Excerpt.of(call.path()) + "; see docs/server.md");
    }
    Endpoint e = match.endpoint();
    if (!e.method.equals(call.method())) {
      throw HttpFailure.methodNotAllowed(e.method);
    }
    if (e.isProbe()) {
      return probe(e);
    }
    authorize(call);
    if (!accepting.getAsBoolean()) {
      throw HttpFailure.unavailable("The server is shutting down");
    }
    if (e.takesBody()) {
      JsonContentType.require(call.contentType());
      if (call.contentLength() > limits.maxBodyBytes()) {
        throw HttpFailure.bodyTooLarge(call.contentLength(), limits.maxBodyBytes());
      }
    }
    return null;
  }

  /** A health probe's answer: needs no token, reads nothing that could block. */
  private HttpAnswer probe(Endpoint e) {
    if (e == Endpoint.LIVE) {
      return HttpAnswer.json(200, object().put("live", true));
    }
    // Draining for a shutdown is "not ready", the answer load balancers act on, not an error.
    boolean ready = accepting.getAsBoolean() && catalog.isReady();
    return HttpAnswer.json(ready ? 200 : 503, object().put("ready", ready));
  }

  private HttpAnswer answer(HttpCall call, Endpoint.Match match) throws IOException {
    return switch (match.endpoint()) {
      case LIVE, READY -> throw new IllegalStateException("Probes are answered by checkHead");
      case SERVER_METADATA -> serverMetadata();
      case METRICS -> HttpAnswer.text(200, PROMETHEUS_TEXT,
          Objects.requireNonNull(prometheus, "checked by checkHead").scrape());
      case MODEL_METADATA, VERSION_METADATA -> {
        ServedModel model = catalog.get(name(match));
        yield HttpAnswer.json(200, OpenInferenceCodec.metadata(model.name(), version(model, match)));
      }
      case MODEL_READY, VERSION_READY -> modelReady(match);
      case INFER, VERSION_INFER -> infer(call, match);
      case OUTCOMES -> outcomes(call, match);
      case PREDICT -> predict(call, match, false);
      case EXPLAIN -> predict(call, match, true);
    };
  }

  private HttpAnswer modelReady(Endpoint.Match match) {
    ServedModel model = catalog.get(name(match));
    boolean ready = model.isReady();
    if (ready && match.version() != null) {
      // Another version is loaded on its first call; it exists, so it can take one.
      version(model, match);
    }
    return HttpAnswer.json(ready ? 200 : 503,
        object().put("name", model.name()).put("ready", ready));
  }

  private HttpAnswer infer(HttpCall call, Endpoint.Match match) throws IOException {
    ServedModel model = catalog.get(name(match));
    ModelVersion version = version(model, match);
    JsonNode body = readJson(call);
    OpenInferenceCodec.InferRequest request = OpenInferenceCodec.parse(body,
        Objects.requireNonNull(version.signature()), limits.maxRowsPerRequest());
    requireBeforeDeadline(call);
    Integer number = versionNumber(match);
    List<Explanation> explanations = request.explain()
        ? model.explain(number, request.rows()) : List.of();
    List<Prediction> predictions = request.explain()
        ? explanations.stream().map(Explanation::prediction).toList()
        : model.predict(number, request.rows());
    int computedBy = predictions.isEmpty() ? version.version() : predictions.get(0).version();
    // The alias may have moved since the signature was read: describe the version that computed.
    ModelVersion described = computedBy == version.version() ? version : model.version(computedBy);
    ObjectNode response = request.explain()
        ? OpenInferenceCodec.explained(model.name(), described, request, explanations)
        : OpenInferenceCodec.response(model.name(), described, request, predictions);
    if (model.isMonitored() && !request.explain()) {
      // Clients report outcomes by these ids (POST /v2/models/{name}/outcomes); explained
      // requests bypass the monitor, so their ids would be unknown to it.
      ArrayNode ids = response.putObject("parameters").putArray("prediction_ids");
      predictions.forEach(p -> ids.add(p.predictionId()));
    }
    return HttpAnswer.json(200, response);
  }

  private HttpAnswer outcomes(HttpCall call, Endpoint.Match match) throws IOException {
    ServedModel model = catalog.get(name(match));
    List<String> classes = OutcomeCodec.classes(model.servedVersion());
    Map<String, Object> outcomes = OutcomeCodec.parse(readJson(call), classes,
        limits.maxRowsPerRequest());
    OutcomeReceipt receipt;
    try {
      receipt = model.recordOutcomes(outcomes);
    } catch (HttpFailure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw HttpFailure.badRequest(messageOf(e));
    } catch (MlopsException e) {
      throw HttpFailure.unavailable("The outcomes could not be recorded (nothing was joined): "
          + e.getMessage());
    }
    return HttpAnswer.json(200, object().put("joined", receipt.joined())
        .put("unknown", receipt.unknown()).put("duplicates", receipt.duplicates()));
  }

  /** V1 records: {@code :predict}, or {@code :explain} with the feature contributions. */
  private HttpAnswer predict(HttpCall call, Endpoint.Match match, boolean explain)
      throws IOException {
    ServedModel model = catalog.get(name(match));
    // Answers 503 before the body is read when the model is still loading.
    model.servedVersion();
    List<Map<String, Object>> rows = RecordCodec.parse(readJson(call), limits.maxRowsPerRequest());
    requireBeforeDeadline(call);
    return HttpAnswer.json(200, explain ? RecordCodec.explained(model.explain(null, rows))
        : RecordCodec.response(model.predict(null, rows)));
  }

  private HttpAnswer serverMetadata() {
    ObjectNode out = object().put("name", "mlops-java").put("version", "0.1.0");
    out.putArray("extensions");
    return HttpAnswer.json(200, out);
  }

  private ModelVersion version(ServedModel model, Endpoint.Match match) {
    Integer number = versionNumber(match);
    return number == null ? model.servedVersion() : model.version(number);
  }

  private static @Nullable Integer versionNumber(Endpoint.Match match) {
    String text = match.version();
    if (text == null) {
      return null;
    }
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(text) < 1) {
      throw HttpFailure.notFound("Model " + Excerpt.quoted(name(match)) + " has no version "
          + Excerpt.quoted(text) + "; versions are positive integers");
    }
    return Integer.parseInt(text);
  }

  private static String name(Endpoint.Match match) {
    return Objects.requireNonNull(match.model(), "model");
  }

  private void authorize(HttpCall call) {
    if (bearerToken == null) {
      return;
    }
    String given = bearerCredentials(call.authorization());
    // Constant-time comparison: the time taken depends on the expected token's length only, so
    // it tells nothing about how much of a guess was right.
    if (given == null
        || !MessageDigest.isEqual(bearerToken, given.getBytes(StandardCharsets.UTF_8))) {
      throw HttpFailure.unauthorized();
    }
  }

  /**
   * The token of {@code Bearer TOKEN}, or null for another scheme or none. The scheme is matched
   * in any case and followed by one or more spaces (RFC 7235, section 2.1); the token is exact.
   */
  private static @Nullable String bearerCredentials(@Nullable String header) {
    String scheme = "Bearer";
    if (header == null || header.length() <= scheme.length()
        || !header.regionMatches(true, 0, scheme, 0, scheme.length())
        || header.charAt(scheme.length()) != ' ') {
      return null;
    }
    int start = scheme.length();
    while (start < header.length() && header.charAt(start) == ' ') {
      start++;
    }
    return start == header.length() ? null : header.substring(start);
  }

  private JsonNode readJson(HttpCall call) throws IOException {
    int max = limits.maxBodyBytes();
    byte[] body = call.body().readNBytes(max + 1);
    if (body.length > max) {
      throw HttpFailure.bodyTooLarge(-1, max);
    }
    if (body.length == 0) {
      throw HttpFailure.badRequest("The request has no body; send JSON");
    }
    return Json.MAPPER.readTree(body);
  }

  private void requireBeforeDeadline(HttpCall call) {
    if (System.nanoTime() - call.deadlineNanos() > 0) {
      throw HttpFailure.unavailable("The request waited longer than the request timeout of "
          + limits.requestTimeout() + " before it could be computed; retry later");
    }
  }

  /** The message for the answer: an SDK exception's own, which it always has. */
  private static String messageOf(Exception e) {
    return Objects.toString(e.getMessage(), e.toString());
  }

  private static ObjectNode object() {

    return Json.MAPPER.createObjectNode();
  }
}

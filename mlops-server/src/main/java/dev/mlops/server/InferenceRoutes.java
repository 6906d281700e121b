package dev.mlops.server;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.ModelCache;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.server.internal.HttpAnswer;
import dev.mlops.server.internal.HttpCall;
import dev.mlops.server.internal.ModelCatalog;
import dev.mlops.server.internal.RequestRouter;
import dev.mlops.server.internal.ServedModel;
import dev.mlops.server.internal.ServerLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The routes of {@link ModelServer} (Open Inference Protocol V2, the V1 record endpoint, the
 * health probes), without an HTTP server: a web framework that already listens hands each request
 * here and writes the answer back, so a service offers the same inference API as {@code mlops
 * serve} on its own port, with the same codecs, validation, errors and request metrics. Paths are
 * those of the server, relative to wherever the framework mounts them: {@code
 * /v2/models/churn/infer}, {@code /v1/models/churn:predict}, {@code /v2/health/ready}, ... There
 * is no {@code /metrics} route (the framework has its own) and no bearer token (the framework's
 * security applies).
 *
 * <p>The predictors and deployments are the application's: they are served as they are, never
 * loaded or closed here. One whose {@code modelVersion()} throws {@link
 * dev.mlops.predict.ModelNotReadyException} is not ready: its routes answer 503 with {@code
 * Retry-After} and {@code /v2/health/ready} is 503.
 *
 * <p>A model given its monitor ({@link Builder#monitor}) also takes ground-truth outcomes on
 * {@code POST /v2/models/churn/outcomes}, joined through that monitor (across the fleet when it
 * shares a store), and its V2 answers carry the prediction ids to report them by.
 *
 * <pre>{@code
 * InferenceRoutes routes = InferenceRoutes.builder().registry(registry)
 *     .serve(churnDeployment).build();
 * InferenceRoutes.Response r = routes.handle("POST", "/v2/models/churn/infer",
 *     "application/json", body, length);
 * }</pre>
 *
 * <p>Thread-safe; {@link #handle} blocks while the model computes.
 *
 * @since 0.1
 */
public final class InferenceRoutes implements AutoCloseable {

  private final RequestRouter router;
  private final ModelCatalog catalog;
  private final @Nullable ModelCache otherVersions;
  private final Duration requestTimeout;
  private volatile boolean accepting = true;

  private InferenceRoutes(Builder b, ModelRegistry registry) {
    this.requestTimeout = b.requestTimeout;
    this.otherVersions = b.otherVersions == null ? null
        : b.otherVersions.modelCache().maximumModels(b.cachedVersions).build();
    List<ServedModel> served = new ArrayList<>();
    b.models.forEach((uri, predictor) -> served.add(new ServedModel(uri, predictor, registry,
        otherVersions, b.monitors.get(uri.name()), b.explainers.get(uri.name()))));
    this.catalog = new ModelCatalog(served);
    ServerLimits limits = new ServerLimits(b.maxBodyBytes, b.maxRowsPerRequest, b.requestTimeout,
        1, 1, Duration.ZERO, ServerLimits.IDLE_TIMEOUT, ServerLimits.REQUEST_HEADER_TIMEOUT,
        ServerLimits.REQUEST_BODY_TIMEOUT, ServerLimits.MAX_CONNECTIONS,
        ServerLimits.MAX_REQUEST_HEADER_BYTES, b.maxBodyBytes);
    this.router = new RequestRouter(catalog, limits, null,
        b.meters == null ? new SimpleMeterRegistry() : b.meters, null, () -> accepting,
        b.latencyBuckets);
  }

  /**
   * Starts configuring.
   *
   * @return a builder with every option at its default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Answers one request. Never throws for anything the request contains: every failure is an
   * answer with its status and a JSON {@code {"error": "..."}} naming what is at fault.
   *
   * @param method the request method, such as {@code POST}
   * @param path the path below the mount point, such as {@code /v2/models/churn/infer}
   * @param contentType the {@code Content-Type} header, or null if absent
   * @param body the request body, read at most up to the body limit
   * @param contentLength the declared body length, or -1 if unknown
   * @return the answer to write back
   */
  public Response handle(String method, String path, @Nullable String contentType,
      InputStream body, long contentLength) {
    HttpCall call = new HttpCall(method, path, null, contentType, body, contentLength,
        System.nanoTime() + requestTimeout.toNanos());
    HttpAnswer answer = router.handle(call);
    return new Response(answer.status(), answer.contentType(), answer.body(), answer.headers());
  }

  /**
   * Whether every served model is ready; what {@code /v2/health/ready} answers.
   *
   * @return true when all are ready and the routes are not closed
   */
  public boolean isReady() {
    return accepting && catalog.isReady();
  }

  /**
   * Stops answering (503 from now on) and closes the cache of other versions, after their calls
   * in flight; the served predictors stay open. Idempotent.
   */
  @Override
  public void close() {
    accepting = false;
    if (otherVersions != null) {
      otherVersions.close();
    }
  }

  /**
   * One answer.
   *
   * @param status the HTTP status
   * @param contentType the {@code Content-Type} to send
   * @param body the body
   * @param headers further headers, such as {@code Retry-After} or {@code Allow}
   * @since 0.1
   */
  public record Response(int status, String contentType, byte[] body,
      Map<String, String> headers) {

    /**
     * Copies the headers.
     *
     * @param status the HTTP status
     * @param contentType the content type
     * @param body the body
     * @param headers further headers
     */
    public Response {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }
  }

  /**
   * Configures {@link InferenceRoutes}. {@link #registry} and at least one {@link #serve} are
   * required.
   *
   * @since 0.1
   */
  public static final class Builder {
    private @Nullable ModelRegistry registry;
    private final Map<ModelUri, Predictor<Map<String, Object>, Prediction>> models =
        new java.util.LinkedHashMap<>();
    private final Map<String, ModelMonitor> monitors = new java.util.HashMap<>();
    private final Map<String, Predictor<Map<String, Object>, Explanation>> explainers =
        new java.util.HashMap<>();
    private @Nullable DjlPredictors otherVersions;
    private int cachedVersions = 4;
    private int maxBodyBytes = 8 * 1024 * 1024;
    private int maxRowsPerRequest = 1024;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private @Nullable MeterRegistry meters;
    private LatencyBuckets latencyBuckets = LatencyBuckets.defaults();

    private Builder() {}

    /**
     * Where the served models' metadata (signatures, for the V2 codec) come from; only read.
     * Required.
     *
     * @param value the registry
     * @return this builder
     */
    public Builder registry(ModelRegistry value) {
      registry = Objects.requireNonNull(value, "registry");
      return this;
    }

    /**
     * Serves a deployment under its model name ({@code churn} for {@code
     * models:/churn@production}).
     *
     * @param deployment the deployment; the caller keeps ownership
     * @return this builder
     * @throws IllegalArgumentException if a model of the same name is served already
     */
    public Builder serve(Deployment<Map<String, Object>, Prediction> deployment) {
      return serve(deployment.target(), deployment);
    }

    /**
     * Serves a predictor under the model name of a URI.
     *
     * @param uri what it serves, such as {@code models:/churn/3}
     * @param predictor the predictor; the caller keeps ownership
     * @return this builder
     * @throws IllegalArgumentException if a model of the same name is served already
     */
    public Builder serve(ModelUri uri, Predictor<Map<String, Object>, Prediction> predictor) {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(predictor, "predictor");
      for (ModelUri m : models.keySet()) {
        if (m.name().equals(uri.name())) {
          throw new IllegalArgumentException("Both " + m + " and " + uri + " would be served as '"
              + uri.name() + "'; serve one URI per model name");
        }
      }
      models.put(uri, predictor);
      return this;
    }

    /**
     * Takes outcomes for a served model: {@code POST /v2/models/NAME/outcomes} with {@code
     * {"outcomes": [{"prediction_id": "...", "actual": ...}, ...]}} joins them through the monitor
     * and answers {@code {"joined": n, "unknown": m, "duplicates": d}}, and the model's V2
     * answers carry {@code parameters.prediction_ids}. Without a monitor that route answers 404.
     *
     * @param modelName the name of a model given to {@link #serve}
     * @param monitor the monitor that wraps the model's predictor or deployment; the caller keeps
     *     ownership
     * @return this builder
     * @throws IllegalArgumentException if the model already has a monitor here
     */
    public Builder monitor(String modelName, ModelMonitor monitor) {
      Objects.requireNonNull(modelName, "modelName");
      Objects.requireNonNull(monitor, "monitor");
      if (monitors.putIfAbsent(modelName, monitor) != null) {
        throw new IllegalArgumentException("Model '" + modelName + "' has a monitor already");
      }
      return this;
    }

    /**
     * Explains a served model's requests for feature contributions ({@code POST
     * /v1/models/NAME:explain}, V2 {@code infer} with {@code "parameters": {"explain": true}})
     * with this explainer, which explains with the version the model's predictor or deployment
     * serves at that moment, such as the Spring starter's {@code ManagedDeployment.explainer()}.
     * Without one, such requests are explained by an explainer following the predictor, which
     * {@code DjlPredictors} must have made ({@link DjlPredictors#explainer(Predictor)}), else they
     * are answered 400. Versions other than the served one are explained by {@link
     * #otherVersions}.
     *
     * @param modelName the name of a model given to {@link #serve}
     * @param explainer the explainer; the caller keeps ownership
     * @return this builder
     * @throws IllegalArgumentException if the model already has an explainer here
     * @since 0.1
     */
    public Builder explainer(String modelName,
        Predictor<Map<String, Object>, Explanation> explainer) {
      Objects.requireNonNull(modelName, "modelName");
      Objects.requireNonNull(explainer, "explainer");
      if (explainers.putIfAbsent(modelName, explainer) != null) {
        throw new IllegalArgumentException("Model '" + modelName + "' has an explainer already");
      }
      return this;
    }

    /**
     * Also serves, on the versioned routes ({@code /v2/models/churn/versions/2/infer}), versions
     * other than the one each model serves now, loaded on demand and kept in a cache. Without
     * it, those routes answer only for the version served now (404 otherwise).
     *
     * @param predictors loads the other versions
     * @param cachedVersions how many other versions are kept loaded, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code cachedVersions} is not positive
     */
    public Builder otherVersions(DjlPredictors predictors, int cachedVersions) {
      if (cachedVersions < 1) {
        throw new IllegalArgumentException("cachedVersions must be positive but was "
            + cachedVersions);
      }
      this.otherVersions = Objects.requireNonNull(predictors, "predictors");
      this.cachedVersions = cachedVersions;
      return this;
    }

    /**
     * The largest request body read; larger is answered 413. The default is 8 MiB.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxBodyBytes(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive but was " + value);
      }
      maxBodyBytes = value;
      return this;
    }

    /**
     * The most rows per request; more is answered 413. The default is 1024.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxRowsPerRequest(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxRowsPerRequest must be positive but was " + value);
      }
      maxRowsPerRequest = value;
      return this;
    }

    /**
     * Where {@code mlops.server.requests} (a timer tagged with endpoint, method and status) is
     * recorded. The default is a private {@link SimpleMeterRegistry}.
     *
     * @param value the meter registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry value) {
      meters = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /**
     * The buckets of the {@code mlops.server.requests} histogram. The default is {@link
     * LatencyBuckets#defaults()}.
     *
     * @param value the bucket layout
     * @return this builder
     */
    public Builder latencyBuckets(LatencyBuckets value) {
      latencyBuckets = Objects.requireNonNull(value, "latencyBuckets");
      return this;
    }

    /**
     * Builds the routes.
     *
     * @return the routes
     * @throws IllegalStateException if no registry or no model was given, or a monitor or an
     *     explainer was given for a model that is not served
     */
    public InferenceRoutes build() {
      if (registry == null) {
        throw new IllegalStateException("Inference routes need a registry: call registry(...)");
      }
      if (models.isEmpty()) {
        throw new IllegalStateException("Inference routes need a model to serve: call serve(...)");
      }
      for (String name : monitors.keySet()) {
        if (models.keySet().stream().noneMatch(uri -> uri.name().equals(name))) {
          throw new IllegalStateException("A monitor was given for model '" + name
              + "', which is not served: call serve(...) for it");
        }
      }
      for (String name : explainers.keySet()) {
        if (models.keySet().stream().noneMatch(uri -> uri.name().equals(name))) {
          throw new IllegalStateException("An explainer was given for model '" + name
              + "', which is not served: call serve(...) for it");
        }
      }
      return new InferenceRoutes(this, registry);
    }
  }
}

package dev.mlops.server;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.internal.SetOnce;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.server.internal.JettyTransport;
import dev.mlops.server.internal.ModelCatalog;
import dev.mlops.server.internal.RequestRouter;
import dev.mlops.server.internal.ServedModel;
import dev.mlops.server.internal.ServerMonitoring;
import dev.mlops.server.internal.ServerLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves registered models over HTTP: the Open Inference Protocol (KServe V2 REST), a record
 * endpoint in the KServe V1 shape, and Prometheus metrics. A model given by alias, such as
 * {@code models:/churn@production}, is deployed and follows the alias as it moves with no failed
 * request; one given by version is served fixed. Any other version of a served model can be asked
 * for on the versioned routes and is loaded on its first call.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder()
 *     .registry(registry)
 *     .serve("models:/churn@production")
 *     .port(8080)
 *     .start()) {
 *   server.awaitReady(Duration.ofMinutes(1));
 *   // POST http://127.0.0.1:8080/v2/models/churn/infer
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} binds the address and returns at once; the models load in the
 * background, and readiness ({@code GET /v2/health/ready}) turns true when every one is loaded and
 * warmed up. Closing stops the server gracefully: readiness turns false and new requests get 503,
 * requests in flight finish (up to the {@linkplain Builder#shutdownTimeout shutdown timeout}),
 * then the socket and the models are closed. Nothing the server answers changes the registry.
 *
 * <p>The server runs on Jetty 12 and keeps to bounds against slow and greedy clients: timeouts for
 * a request's headers, its body and idle connections, a limit on connections, on request sizes and
 * on request bodies held in memory. The health probes are answered on Jetty's own threads, so they
 * stay answerable while every worker computes. See {@code docs/server.md}.
 *
 * <p><b>Monitoring.</b> With {@link Builder#monitor()} (or {@link Builder#monitor(MonitorStore)}
 * to share a store with the other instances of a fleet), every served model is watched by a
 * {@link ModelMonitor} whose meters {@code GET /metrics} shows (traffic, latency, drift share and
 * per-feature drift scores against the version's reference profile, performance on joined
 * outcomes, pending outcomes), inference responses carry their prediction ids, and {@code POST
 * /v2/models/{name}/outcomes} reports ground truth (docs/server.md).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class ModelServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

  private final ModelCatalog catalog;
  private final JettyTransport transport;
  private final ServerLimits limits;
  private final String host;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private volatile @Nullable RuntimeException loadFailure;
  private volatile boolean accepting = true;
  private boolean closed;

  private ModelServer(Builder b) {
    this.limits = new ServerLimits(b.maxBodyBytes, b.maxRowsPerRequest, b.requestTimeout,
        b.workerThreads, b.queueCapacity, b.shutdownTimeout, b.idleTimeout,
        b.requestHeaderTimeout, b.requestBodyTimeout, b.maxConnections, b.maxRequestHeaderBytes,
        b.maxBufferedBodyBytes > 0 ? b.maxBufferedBodyBytes
            : ServerLimits.defaultMaxBufferedBodyBytes(b.maxBodyBytes));
    this.host = b.host;
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MeterRegistry meters = prometheus;
    if (b.meters != null) {
      CompositeMeterRegistry both = new CompositeMeterRegistry();
      both.add(prometheus);
      both.add(b.meters);
      meters = both;
    }
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    ModelRegistry registry = Objects.requireNonNull(b.registry,
        "registry is required: call ModelServer.builder().registry(...)");
    DjlPredictors.Builder predictorsBuilder = DjlPredictors.builder().registry(registry)
        .meterRegistry(meters).poolSize(limits.workerThreads())
        .maxBatchSize(limits.maxRowsPerRequest()).latencyBuckets(b.latencyBuckets);
    if (b.observations != null) {
      predictorsBuilder.observationRegistry(b.observations);
    }
    DjlPredictors predictors = predictorsBuilder.build();
    ServerMonitoring monitoring = b.monitoring ? new ServerMonitoring(registry, meters,
        b.monitorStore, b.monitorWindow, b.decisionThreshold, b.latencyBuckets, b.observations)
        : null;
    List<ServedModel> served = new ArrayList<>();
    for (ModelUri uri : b.models) {
      served.add(new ServedModel(uri, registry, predictors, b.cachedVersions, monitoring));
    }
    this.catalog = new ModelCatalog(served);
    RequestRouter router = new RequestRouter(catalog, limits, b.bearerToken, meters, prometheus,
        () -> accepting, b.latencyBuckets);
    try {
      this.transport = JettyTransport.start(new InetSocketAddress(b.host, b.port), router,
          limits, meters);
    } catch (IOException e) {
      catalog.close();
      throw new ServerStartException("Cannot listen on " + b.host + ":" + b.port + ": " + e
          + "; choose another --port, or 0 for any free one", e);
    }
    Thread loader = new Thread(this::loadModels, "mlops-server-loader");
    loader.setDaemon(true);
    loader.start();
  }

  /**
   * Starts configuring a server.
   *
   * @return a builder with every option at its default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The port the server listens on.
   *
   * @return the bound port, the one picked when port 0 was asked for
   */
  public int port() {
    return transport.port();
  }

  /**
   * Where the server listens.
   *
   * @return such as {@code http://127.0.0.1:8080}
   */
  public URI baseUri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port());
  }

  /**
   * Whether every model is loaded and warmed up and the server is not shutting down; what
   * {@code GET /v2/health/ready} answers.
   *
   * @return true when ready
   */
  public boolean isReady() {
    return accepting && catalog.isReady();
  }

  /**
   * Waits until every model is loaded and warmed up.
   *
   * @param timeout how long to wait
   * @return true when ready, false if the timeout passed first
   * @throws ServerStartException if a model could not be loaded; the server keeps running, not
   *     ready, until closed
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    boolean done = loaded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    RuntimeException failure = loadFailure;
    if (failure != null) {
      throw new ServerStartException(Objects.toString(failure.getMessage(), failure.toString()),
          failure);

    }
    return done && isReady();
  }

  /**
   * Blocks until the server is closed, by {@link #close()} on another thread (such as a shutdown
   * hook).
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  /**
   * Stops gracefully: readiness turns false and new requests get 503 at once, requests in flight
   * finish for up to the shutdown timeout, then the listening socket, the worker pool and the
   * models are closed. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    accepting = false;
    try {
      transport.drainAndStop(limits.shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      transport.close();
    } finally {
      try {
        catalog.close();
      } finally {
        closedLatch.countDown();
      }
    }
    LOG.info("Model server on port {} stopped", port());
  }

  private void loadModels() {
    try {
      for (ServedModel m : catalog.all()) {
        long start = System.nanoTime();
        m.load();
        if (m.isReady()) {
          LOG.info("Serving {} as '{}' (version {}), loaded in {} ms", m.uri(), m.name(),
              m.servedVersion().version(), (System.nanoTime() - start) / 1_000_000);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Cannot serve the models: {}", e.getMessage());
      loadFailure = e;
    } finally {
      loaded.countDown();
    }
  }

  /**
   * Configures and starts a {@link ModelServer}. {@link #registry} and {@link #serve} are
   * required; each other option may be set once and has the default its method names.
   *
   * @since 0.1
   */
  public static final class Builder {
    private @Nullable ModelRegistry registry;
    private final List<ModelUri> models = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBodyBytes = 8 * 1024 * 1024;
    private int maxRowsPerRequest = 1024;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = 256;
    private Duration shutdownTimeout = Duration.ofSeconds(20);
    private int cachedVersions = 4;
    private Duration idleTimeout = ServerLimits.IDLE_TIMEOUT;
    private Duration requestHeaderTimeout = ServerLimits.REQUEST_HEADER_TIMEOUT;
    private Duration requestBodyTimeout = ServerLimits.REQUEST_BODY_TIMEOUT;
    private int maxConnections = ServerLimits.MAX_CONNECTIONS;
    private int maxRequestHeaderBytes = ServerLimits.MAX_REQUEST_HEADER_BYTES;
    private long maxBufferedBodyBytes;
    private @Nullable String bearerToken;
    private @Nullable MeterRegistry meters;
    private boolean monitoring;
    private @Nullable MonitorStore monitorStore;
    private Duration monitorWindow = Duration.ofHours(1);
    private double decisionThreshold = Double.NaN;
    private LatencyBuckets latencyBuckets = LatencyBuckets.defaults();
    private @Nullable ObservationRegistry observations;
    private final Set<String> given = new HashSet<>();

    private Builder() {}

    /**
     * The registry the models come from; the server only reads it. Required.
     *
     * @param value the registry; the caller keeps ownership and closes it after the server
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder registry(ModelRegistry value) {
      SetOnce.mark(given, "registry");
      registry = Objects.requireNonNull(value, "registry");
      return this;
    }

    /**
     * Adds models to serve, each under its model name: an alias such as {@code
     * models:/churn@production} is followed as it moves; a version such as {@code models:/churn/3}
     * is served fixed; {@code models:/churn/latest} is resolved once, at start. At least one is
     * required; two URIs of the same model name are not allowed.
     *
     * @param uris model URIs
     * @return this builder
     * @throws dev.mlops.registry.InvalidModelUriException if one is not a model URI
     * @throws IllegalArgumentException if two name the same model
     */
    public Builder serve(String... uris) {
      for (String u : uris) {
        serve(ModelUri.parse(u));
      }
      return this;
    }

    /**
     * Adds a model to serve, as {@link #serve(String...)}.
     *
     * @param uri the model URI
     * @return this builder
     * @throws IllegalArgumentException if a URI of the same model name was already added
     */
    public Builder serve(ModelUri uri) {
      Objects.requireNonNull(uri, "uri");
      for (ModelUri m : models) {
        if (m.name().equals(uri.name())) {
          throw new IllegalArgumentException("Both " + m + " and " + uri + " would be served as '"
              + uri.name() + "'; serve one URI per model name");
        }
      }
      models.add(uri);
      return this;
    }

    /**
     * The address to bind. The default, 127.0.0.1, accepts connections from this machine only;
     * use 0.0.0.0 in a container.
     *
     * @param value a host name or IP address
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder host(String value) {
      SetOnce.mark(given, "host");
      host = Objects.requireNonNull(value, "host");
      return this;
    }

    /**
     * The port to listen on; 0 picks a free one ({@link ModelServer#port()} tells which). The
     * default is 8080.
     *
     * @param value 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535 but was " + value);
      }
      SetOnce.mark(given, "port");
      port = value;
      return this;
    }

    /**
     * The largest request body accepted; one declared larger is answered 413 without being read,
     * one that turns out larger as it arrives is answered 413 when it passes the limit, and its
     * connection is closed. The default is 8 MiB.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder maxBodyBytes(int value) {
      maxBodyBytes = positive("maxBodyBytes", value);
      return this;
    }

    /**
     * The most rows one inference request may carry; more is answered 413. The default is 1024.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder maxRowsPerRequest(int value) {
      maxRowsPerRequest = positive("maxRowsPerRequest", value);
      return this;
    }

    /**
     * How long after its headers arrived a request may still start being computed; one that
     * waited longer (for its body, then for a worker) is answered 503. An engine call that has
     * started is not interrupted. The default is 30 seconds.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder requestTimeout(Duration value) {
      requestTimeout = positive("requestTimeout", value);
      return this;
    }

    /**
     * How long a request's line and headers may take to arrive, counted from the connection's
     * opening for its first request and from the first byte of each later one; a connection that
     * takes longer is closed without an answer. This stops slowloris clients, which send a header
     * line now and then so that the idle timeout never fires. The default is 10 seconds.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder requestHeaderTimeout(Duration value) {
      requestHeaderTimeout = positive("requestHeaderTimeout", value);
      return this;
    }

    /**
     * How long a request's whole body may take to arrive after its headers; a body still
     * incomplete then is answered 408 and its connection closed, however steadily it trickles.
     * Bodies are read without holding a worker. The default is 10 seconds; raise it together with
     * {@link #maxBodyBytes} for slow clients sending large batches.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder requestBodyTimeout(Duration value) {
      requestBodyTimeout = positive("requestBodyTimeout", value);
      return this;
    }

    /**
     * How long a connection may send and receive nothing before it is closed, such as a
     * kept-alive connection between requests. A request handed to a worker is not cut by it (the
     * request timeout governs there). The default is 30 seconds.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder idleTimeout(Duration value) {
      idleTimeout = positive("idleTimeout", value);
      return this;
    }

    /**
     * How many connections may be open at once; while that many are, further ones wait in the
     * operating system's accept queue until one closes. The default is 1024.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder maxConnections(int value) {
      maxConnections = positive("maxConnections", value);
      return this;
    }

    /**
     * The largest request line and headers together; larger is answered 431 (414 for the URI
     * alone). The default is 8 KiB.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder maxRequestHeaderBytes(int value) {
      maxRequestHeaderBytes = positive("maxRequestHeaderBytes", value);
      return this;
    }

    /**
     * How many bytes of request bodies, across all requests, may be held in memory at once:
     * bodies are read whole before a worker takes them, and those waiting for a worker keep
     * theirs. A request whose body would go over is answered 503 and its connection closed. The
     * default is a quarter of the heap's maximum ({@code Runtime.maxMemory()}), and at least
     * {@link #maxBodyBytes}.
     *
     * @param value at least {@link #maxBodyBytes}
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder maxBufferedBodyBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBufferedBodyBytes must be positive but was " + value);
      }
      SetOnce.mark(given, "maxBufferedBodyBytes");
      maxBufferedBodyBytes = value;
      return this;
    }

    /**
     * How many requests are handled at once, which is also how many engine calls each served
     * version may run at once. The default is the number of processors.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder workerThreads(int value) {
      workerThreads = positive("workerThreads", value);
      return this;
    }

    /**
     * How many requests may wait for a worker; when that many wait, further requests are
     * answered 503 at once. The default is 256.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder queueCapacity(int value) {
      queueCapacity = positive("queueCapacity", value);
      return this;
    }

    /**
     * How long closing waits for requests in flight before closing the models under them. The
     * default is 20 seconds.
     *
     * @param value zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder shutdownTimeout(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("shutdownTimeout must not be negative but was " + value);
      }
      SetOnce.mark(given, "shutdownTimeout");
      shutdownTimeout = value;
      return this;
    }

    /**
     * How many other versions per model the versioned routes keep loaded. The default is 4.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder cachedVersions(int value) {
      cachedVersions = positive("cachedVersions", value);
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer TOKEN} on every endpoint except the health probes
     * ({@code /v2/health/live} and {@code /v2/health/ready}); a request without it is answered
     * 401. Off by default.
     *
     * @param value the token, not blank
     * @return this builder
     * @throws IllegalArgumentException if blank
     * @throws IllegalStateException if already set
     */
    public Builder bearerToken(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("bearerToken must not be blank");
      }
      SetOnce.mark(given, "bearerToken");
      bearerToken = value;
      return this;
    }

    /**
     * A meter registry that receives the server's meters (predictions, deployments, HTTP
     * requests, JVM) besides the Prometheus registry {@code GET /metrics} shows.
     *
     * @param value the meter registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder meterRegistry(MeterRegistry value) {
      SetOnce.mark(given, "meterRegistry");
      meters = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /**
     * Monitors every served model in this process: traffic, latency, drift against each
     * version's reference profile and performance on the outcomes reported to this server (see
     * the class documentation). Off by default.
     *
     * @return this builder
     * @throws IllegalStateException if monitoring was already set
     */
    public Builder monitor() {
      SetOnce.mark(given, "monitor");
      monitoring = true;
      return this;
    }

    /**
     * Monitors every served model, sharing a store with the other instances of the fleet: their
     * windows merge, and an outcome reported to any instance joins a prediction any instance made
     * (docs/monitoring.md).
     *
     * @param store the fleet's store, such as mlops-jdbc's; the caller closes it after the server
     * @return this builder
     * @throws IllegalStateException if monitoring was already set
     */
    public Builder monitor(MonitorStore store) {
      SetOnce.mark(given, "monitor");
      monitoring = true;
      monitorStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The length of the monitors' tumbling windows. The default is one hour.
     *
     * @param value at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if shorter than a millisecond
     * @throws IllegalStateException if already set
     */
    public Builder monitorWindow(Duration value) {
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException("monitorWindow must be at least 1 ms but was " + value);
      }
      SetOnce.mark(given, "monitorWindow");
      monitorWindow = value;
      return this;
    }

    /**
     * The buckets of the latency histograms {@code mlops.server.requests}, {@code
     * mlops.predict.latency} and, with monitoring, {@code mlops.monitor.latency} ({@code _bucket}
     * series in {@code /metrics}). The default is {@link LatencyBuckets#defaults()}.
     *
     * @param value the bucket layout
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder latencyBuckets(LatencyBuckets value) {
      SetOnce.mark(given, "latencyBuckets");
      latencyBuckets = Objects.requireNonNull(value, "latencyBuckets");
      return this;
    }

    /**
     * A binary classifier's decision threshold on its positive (second) class's probability, for
     * the monitors' metrics; a single-probability output is that probability. The default is 0.5.
     *
     * @param value in {@code [0, 1]}
     * @return this builder
     * @throws IllegalArgumentException if outside {@code [0, 1]}
     * @throws IllegalStateException if already set
     */
    public Builder decisionThreshold(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("decisionThreshold must be in [0, 1] but was " + value);
      }
      SetOnce.mark(given, "decisionThreshold");
      decisionThreshold = value;
      return this;
    }

    /**
     * Where the models' observations go ({@code mlops.predict}, {@code mlops.model.load}, {@code
     * mlops.deployment.swap} and, with monitoring, {@code mlops.drift.report}; see {@link
     * dev.mlops.core.observe.MlopsObservations}). None by default.
     *
     * @param value the observation registry
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder observationRegistry(ObservationRegistry value) {
      SetOnce.mark(given, "observationRegistry");
      observations = Objects.requireNonNull(value, "observationRegistry");
      return this;
    }

    /**
     * Binds the address and starts serving; the models load in the background (see {@link
     * ModelServer#awaitReady}).
     *
     * @return the running server
     * @throws IllegalStateException if no registry or no model was given, or monitoring options
     *     without monitoring
     * @throws IllegalArgumentException if {@link #maxBufferedBodyBytes} is below {@link
     *     #maxBodyBytes}
     * @throws ServerStartException if the address cannot be bound
     */
    public ModelServer start() {
      if (!monitoring && (given.contains("monitorWindow") || given.contains("decisionThreshold"))) {
        throw new IllegalStateException("monitorWindow and decisionThreshold apply to a"
            + " monitoring server; call monitor() too");
      }
      if (registry == null) {
        throw new IllegalStateException("A model server needs a registry: call registry(...)");
      }
      if (models.isEmpty()) {
        throw new IllegalStateException("A model server needs a model to serve: call "
            + "serve(\"models:/NAME@ALIAS\")");
      }
      return new ModelServer(this);
    }

    private int positive(String option, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(option + " must be positive but was " + value);
      }
      SetOnce.mark(given, option);
      return value;
    }

    private Duration positive(String option, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(option + " must be positive but was " + value);
      }
      SetOnce.mark(given, option);
      return value;
    }
  }
}

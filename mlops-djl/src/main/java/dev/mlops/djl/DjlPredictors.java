package dev.mlops.djl;

import ai.djl.ndarray.NDList;
import dev.mlops.core.observe.LatencyBuckets;
import dev.mlops.djl.internal.AliasDeployment;
import dev.mlops.djl.internal.LoadSettings;
import dev.mlops.djl.internal.ModelLoader;
import dev.mlops.djl.internal.NetworkDefaults;
import dev.mlops.djl.internal.RoutedAliasDeployment;
import dev.mlops.djl.internal.TabularExplainer;
import dev.mlops.djl.internal.TabularModelPredictor;
import dev.mlops.internal.SetOnce;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns registered model versions into thread-safe predictors, served with Deep Java Library. The
 * engine follows the version's format: {@code onnx} runs on ONNX Runtime, {@code torchscript} on
 * PyTorch, and {@code djl} (written by {@link dev.mlops.djl.training.DjlTabularTrainer}, with its
 * saved preprocessing) on PyTorch; formats plugged in through {@link
 * dev.mlops.djl.spi.TabularModelFormat} (such as {@code xgboost}, from {@code mlops-xgboost}) on
 * their own engines. Engines are the application's choice: add the DJL engine artifacts for the formats you
 * serve (see {@code docs/predictors.md}).
 *
 * <pre>{@code
 * DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
 * try (Deployment<Map<String, Object>, Prediction> churn =
 *     predictors.deploy("models:/churn@production")) {
 *   Prediction p = churn.predict(Map.of("tenure_months", 3.0, "contract", "monthly"));
 * }
 * }</pre>
 *
 * <p><b>No network.</b> Loading this class puts DJL in offline mode and opts out of its usage
 * reporting (system properties {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true}),
 * unless the application already set either, as a system property or environment variable, in
 * which case its choice stands. To let DJL download, set {@code -Dai.djl.offline=false}.
 *
 * <p>Instances are immutable and thread-safe; they hold no native resources themselves.
 *
 * @since 0.1
 */
public final class DjlPredictors {

  static {
    NetworkDefaults.applyToSystem();
  }

  private final @Nullable ModelRegistry registry;
  private final ModelLoader loader;
  private final MeterRegistry meters;
  private final Duration pollInterval;

  private DjlPredictors(Builder b) {
    this.registry = b.registry;
    this.meters = b.meters == null ? new SimpleMeterRegistry() : b.meters;
    this.pollInterval = b.pollInterval == null ? Duration.ofSeconds(30) : b.pollInterval;
    this.loader = new ModelLoader(new LoadSettings(
        b.poolSize == null ? Runtime.getRuntime().availableProcessors() : b.poolSize,
        b.unknownFeatures == null ? UnknownFeaturePolicy.REJECT : b.unknownFeatures,
        b.maxBatchSize == null ? 1024 : b.maxBatchSize,
        meters,
        b.microBatchRows,
        b.microBatchDelay == null ? Duration.ZERO : b.microBatchDelay,
        b.latencyBuckets == null ? LatencyBuckets.defaults() : b.latencyBuckets,
        b.observations,
        b.warmUpCalls == null ? 1 : b.warmUpCalls));
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
   * Loads one version for tabular prediction. An alias or {@code latest} URI is resolved once, now;
   * to follow an alias as it moves, use {@link #deploy(ModelUri)}.
   *
   * @param uri such as {@code models:/churn/3}
   * @return a thread-safe predictor; close it to free the native model
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the URI names nothing
   * @throws dev.mlops.registry.ArtifactIntegrityException if the artifact fails verification
   * @throws PredictionException if the version has no signature, its format or engine is not
   *     available, or the model does not match its signature
   */
  public Predictor<Map<String, Object>, Prediction> load(ModelUri uri) {
    ModelRegistry r = requireRegistry("load " + uri);
    ModelVersion v = r.resolve(uri);
    try (ModelArtifact artifact = r.openArtifact(v.name(), v.version())) {
      return load(artifact);
    }
  }

  /**
   * Parses a model URI and loads that version, as {@link #load(ModelUri)}.
   *
   * @param uri such as {@code models:/churn/3}
   * @return a thread-safe predictor
   * @throws dev.mlops.registry.InvalidModelUriException if the text is not a model URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the URI names nothing
   * @throws PredictionException as {@link #load(ModelUri)}
   */
  public Predictor<Map<String, Object>, Prediction> load(String uri) {
    return load(ModelUri.parse(uri));
  }

  /**
   * Loads an artifact that is already open, from any registry or none. The artifact may be closed
   * once this returns.
   *
   * @param artifact the version's files and metadata
   * @return a thread-safe predictor
   * @throws PredictionException as {@link #load(ModelUri)}
   */
  public Predictor<Map<String, Object>, Prediction> load(ModelArtifact artifact) {
    return new TabularModelPredictor(loader.load(artifact));
  }

  /**
   * Loads one version for explained tabular prediction: each call returns the prediction, as
   * {@link #load(ModelUri)} would, with the per-feature contributions (SHAP values) to the
   * model's raw outputs, computed by the same version. Only formats whose engine computes
   * contributions natively can be explained: {@code xgboost} (with {@code mlops-xgboost} on the
   * class path). Computing contributions costs more than scoring, which is why it is a separate
   * opt-in. An alias or {@code latest} URI is resolved once, now; to explain with the version an
   * alias points to as it moves, follow a deployment with {@link #explainer(Predictor)}.
   *
   * <pre>{@code
   * try (Predictor<Map<String, Object>, Explanation> explainer =
   *     predictors.explainer("models:/churn/3")) {
   *   Explanation e = explainer.predict(row);
   *   e.contributions().get(0).contributions();   // feature -> contribution, plus bias()
   * }
   * }</pre>
   *
   * @param uri such as {@code models:/churn/3}
   * @return a thread-safe explainer; close it to free the native model
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the URI names nothing
   * @throws dev.mlops.predict.ExplanationUnavailableException if the version's format computes
   *     no contributions
   * @throws PredictionException as {@link #load(ModelUri)}
   */
  public Predictor<Map<String, Object>, Explanation> explainer(ModelUri uri) {
    ModelRegistry r = requireRegistry("explain " + uri);
    ModelVersion v = r.resolve(uri);
    try (ModelArtifact artifact = r.openArtifact(v.name(), v.version())) {
      return TabularExplainer.owning(loader.load(artifact));
    }
  }

  /**
   * An explainer that shares the loaded model of a predictor or deployment that a {@code
   * DjlPredictors} made, so that
   * nothing is loaded twice: for a deployment ({@link #deploy(ModelUri)}), each call explains with
   * the version the deployment serves at that moment, held until the call returns as a prediction
   * holds it, so explanations follow the alias through swaps and rollbacks; for a routed
   * deployment, with its champion (challengers are not explained); for a predictor of a fixed
   * version ({@link #load(ModelUri)}), with that version. Closing the explainer closes nothing
   * else; once the predictor or deployment is closed, calls fail. Whether the serving version's
   * format computes contributions is checked on each call, so a deployment that moves to one that
   * computes none answers its explainer's calls with {@link
   * dev.mlops.predict.ExplanationUnavailableException}.
   *
   * <pre>{@code
   * Deployment<Map<String, Object>, Prediction> deployment = predictors.deploy("models:/churn@production");
   * Predictor<Map<String, Object>, Explanation> explainer = DjlPredictors.explainer(deployment);
   * Explanation e = explainer.predict(row);     // by the version production points to now
   * }</pre>
   *
   * @param predictor a tabular predictor or deployment returned by this class
   * @return a thread-safe explainer
   * @throws IllegalArgumentException if the predictor was not made by {@code DjlPredictors}
   * @throws dev.mlops.predict.ExplanationUnavailableException if the version it serves now
   *     computes no contributions
   * @throws IllegalStateException if the predictor is closed
   */
  public static Predictor<Map<String, Object>, Explanation> explainer(
      Predictor<Map<String, Object>, Prediction> predictor) {
    return TabularExplainer.following(predictor);
  }

  /**
   * Parses a model URI and loads that version for explained prediction, as {@link
   * #explainer(ModelUri)}.
   *
   * @param uri such as {@code models:/churn/3}
   * @return a thread-safe explainer
   * @throws dev.mlops.registry.InvalidModelUriException if the text is not a model URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the URI names nothing
   * @throws PredictionException as {@link #explainer(ModelUri)}
   */
  public Predictor<Map<String, Object>, Explanation> explainer(String uri) {
    return explainer(ModelUri.parse(uri));
  }

  /**
   * Loads one version for raw tensor prediction, for models whose input is not a table (images,
   * sequences, embeddings): an {@link NDList} in, the model's outputs out. The version is loaded
   * through the registry like a tabular one and served by the same kind of bounded pool, so the
   * predictor is thread-safe. Where the version's signature declares tensor shapes for all its
   * inputs, each call is checked against them (array count, and every dimension that is not
   * -1) before any native call, and the model is warmed up with zeros of those shapes at
   * load. The outputs are copies owned by the {@link ai.djl.ndarray.NDManager} of the call's first
   * input array: close that manager to free them.
   *
   * @param uri such as {@code models:/resnet/2}; an alias or {@code latest} is resolved once, now
   * @return a thread-safe predictor; close it to free the native model
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the URI names nothing
   * @throws PredictionException if the format or engine is not available, the file cannot be
   *     loaded, or the model fails the warm-up call with its signature's shapes
   */
  public Predictor<NDList, NDList> loadTensors(ModelUri uri) {
    ModelRegistry r = requireRegistry("load " + uri);
    ModelVersion v = r.resolve(uri);
    try (ModelArtifact artifact = r.openArtifact(v.name(), v.version())) {
      return loader.loadTensors(artifact);
    }
  }

  /**
   * Loads an artifact that is already open for raw tensors, from any registry or none, as {@link
   * #loadTensors(ModelUri)}. The artifact may be closed once this returns.
   *
   * @param artifact the version's files and metadata
   * @return a thread-safe predictor; close it to free the native model
   * @throws PredictionException as {@link #loadTensors(ModelUri)}
   */
  public Predictor<NDList, NDList> loadTensors(ModelArtifact artifact) {
    return loader.loadTensors(artifact);
  }

  /**
   * Parses a model URI and loads that version for raw tensors, as {@link #loadTensors(ModelUri)}.
   *
   * @param uri such as {@code models:/resnet/2}
   * @return a thread-safe predictor
   * @throws dev.mlops.registry.InvalidModelUriException if the text is not a model URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the URI names nothing
   * @throws PredictionException as {@link #loadTensors(ModelUri)}
   */
  public Predictor<NDList, NDList> loadTensors(String uri) {
    return loadTensors(ModelUri.parse(uri));
  }

  /**
   * Serves the version an alias points to and follows the alias as it moves: each new version is
   * loaded in the background, checked against its signature, warmed up with its input example and
   * swapped in atomically, and the old one is closed once its in-flight calls finish. The alias is
   * followed through registry events, and re-read every {@linkplain Builder#pollInterval poll
   * interval} in case an event was missed.
   *
   * @param alias such as {@code models:/churn@production}
   * @return the deployment; close it to stop following and free the native model
   * @throws IllegalArgumentException if the URI is not an alias URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the alias does not exist
   * @throws PredictionException if the version it points to cannot be served
   */
  public Deployment<Map<String, Object>, Prediction> deploy(ModelUri alias) {
    return AliasDeployment.start(requireRegistry("deploy " + alias), alias, loader, pollInterval,
        meters);
  }

  /**
   * Parses an alias URI and deploys it, as {@link #deploy(ModelUri)}.
   *
   * @param alias such as {@code models:/churn@production}
   * @return the deployment
   * @throws dev.mlops.registry.InvalidModelUriException if the text is not a model URI
   * @throws IllegalArgumentException if the URI is not an alias URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the alias does not exist
   * @throws PredictionException as {@link #deploy(ModelUri)}
   */
  public Deployment<Map<String, Object>, Prediction> deploy(String alias) {
    return deploy(ModelUri.parse(alias));
  }

  /**
   * Serves raw tensors ({@link NDList} in, {@link NDList} out) from the version an alias points
   * to, and follows the alias as {@link #deploy(ModelUri)} does: each new version is loaded
   * through the registry on the deployment's own thread, warmed up with zeros of the signature's
   * tensor shapes where the signature declares them (free dimensions as 1), swapped in
   * atomically, and the old version is closed once the calls in flight on it have finished. A
   * version that fails to load or warm up never serves: the old one keeps serving and listeners
   * hear {@link dev.mlops.predict.DeploymentListener#onFailed onFailed}. {@link
   * Deployment#rollback(String) rollback} moves the alias back with compare-and-set. Calls are
   * checked against the serving version's tensor signature, as for {@link
   * #loadTensors(ModelUri)}.
   *
   * <p><b>Who owns the arrays.</b> The caller owns its inputs and the outputs. The outputs are
   * copied into the {@link ai.djl.ndarray.NDManager} of the call's first input array before the
   * engine's per-call memory is released, so they stay valid after the call returns, even once
   * the version that computed them has been swapped out and closed; closing that manager frees
   * them (and the inputs). The deployment never closes an array the caller passed in.
   *
   * <pre>{@code
   * try (Deployment<NDList, NDList> d = predictors.deployTensors("models:/resnet@production");
   *      NDManager manager = NDManager.newBaseManager()) {
   *   NDList out = d.predict(new NDList(manager.create(pixels, new Shape(1, 3, 224, 224))));
   * }
   * }</pre>
   *
   * @param alias such as {@code models:/resnet@production}
   * @return the deployment; close it to stop following and free the native model
   * @throws IllegalArgumentException if the URI is not an alias URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the alias does not exist
   * @throws PredictionException if the version it points to cannot be loaded or fails its
   *     warm-up call
   */
  public Deployment<NDList, NDList> deployTensors(ModelUri alias) {
    return AliasDeployment.startTensors(requireRegistry("deploy " + alias), alias, loader,
        pollInterval, meters);
  }

  /**
   * Parses an alias URI and deploys it for raw tensors, as {@link #deployTensors(ModelUri)}.
   *
   * @param alias such as {@code models:/resnet@production}
   * @return the deployment
   * @throws dev.mlops.registry.InvalidModelUriException if the text is not a model URI
   * @throws IllegalArgumentException if the URI is not an alias URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the alias does not exist
   * @throws PredictionException as {@link #deployTensors(ModelUri)}
   */
  public Deployment<NDList, NDList> deployTensors(String alias) {
    return deployTensors(ModelUri.parse(alias));
  }

  /**
   * Deploys an alias as the champion, as {@link #deploy(ModelUri)}, and shares its traffic with
   * challengers: a canary share of the calls, a shadow copy of every call scored in the
   * background, or both at once ({@link Routing#withShadow(ModelUri)}: the canary answers its
   * share, the shadow scores copies of the calls the champion answered). If a challenger cannot
   * be loaded, the champion serves without it and the failure is reported to the deployment's
   * listeners.
   *
   * <pre>{@code
   * RoutedDeployment d = predictors.deploy(ModelUri.parse("models:/churn@production"),
   *     Routing.canary(ModelUri.parse("models:/churn@candidate"), 0.1)
   *         .stickyBy(row -> row.get("customer_id")));
   * }</pre>
   *
   * @param alias the champion, such as {@code models:/churn@production}
   * @param routing the challengers and how they share traffic
   * @return the deployment; close it to close every side
   * @throws IllegalArgumentException if the URI is not an alias URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the champion's alias does not exist
   * @throws PredictionException if the champion's version cannot be served
   */
  public RoutedDeployment deploy(ModelUri alias, Routing routing) {
    return RoutedAliasDeployment.start(requireRegistry("deploy " + alias), alias,
        Objects.requireNonNull(routing, "routing"), loader, pollInterval, meters);
  }

  /**
   * Parses an alias URI and deploys it with a challenger, as {@link #deploy(ModelUri, Routing)}.
   *
   * @param alias such as {@code models:/churn@production}
   * @param routing the challenger and how it shares traffic
   * @return the deployment
   * @throws dev.mlops.registry.InvalidModelUriException if the text is not a model URI
   * @throws IllegalArgumentException if the URI is not an alias URI
   * @throws IllegalStateException if no registry was configured
   * @throws ModelNotFoundException if the champion's alias does not exist
   * @throws PredictionException as {@link #deploy(ModelUri, Routing)}
   */
  public RoutedDeployment deploy(String alias, Routing routing) {
    return deploy(ModelUri.parse(alias), routing);
  }

  /**
   * Starts configuring a cache that serves many versions, loading each on first use and closing
   * evicted ones after their in-flight calls.
   *
   * @return a cache builder using this instance's settings
   * @throws IllegalStateException if no registry was configured
   */
  public ModelCache.Builder modelCache() {
    return new ModelCache.Builder(requireRegistry("cache models"), loader);
  }

  /**
   * Where prediction and deployment metrics go.
   *
   * @return the meter registry given to the builder, or the {@link SimpleMeterRegistry} made for
   *     this instance
   */
  public MeterRegistry meterRegistry() {
    return meters;
  }

  private ModelRegistry requireRegistry(String action) {
    if (registry == null) {
      throw new IllegalStateException("Cannot " + action + " without a registry; call "
          + "DjlPredictors.builder().registry(...) or load an open ModelArtifact");
    }
    return registry;
  }

  /**
   * Configures {@link DjlPredictors}. Each option may be set once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private @Nullable ModelRegistry registry;
    private @Nullable Integer poolSize;
    private @Nullable UnknownFeaturePolicy unknownFeatures;
    private @Nullable Integer maxBatchSize;
    private @Nullable MeterRegistry meters;
    private @Nullable Duration pollInterval;
    private int microBatchRows;
    private @Nullable Duration microBatchDelay;
    private @Nullable LatencyBuckets latencyBuckets;
    private @Nullable ObservationRegistry observations;
    private @Nullable Integer warmUpCalls;

    private Builder() {}

    /**
     * How many times each version's input example (or, without one, a row built from its
     * signature) is run through it when it loads, before it serves. The first call checks the
     * model against its signature; further ones warm the engine and the JIT so that the first
     * callers do not pay for it. These calls record no metrics. The default is 1.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder warmUpCalls(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("warmUpCalls must be at least 1 but was " + value);
      }
      warmUpCalls = SetOnce.value("warmUpCalls", warmUpCalls, value);
      return this;
    }

    /**
     * The registry to load versions from. Required for loading by URI and for deployments.
     *
     * @param value the registry; the caller keeps ownership and closes it
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder registry(ModelRegistry value) {
      registry = SetOnce.value("registry", registry, value);
      return this;
    }

    /**
     * How many native DJL predictors each loaded version keeps, hence how many calls run in the
     * engine at once; further callers wait for a free one. The default is the number of
     * processors.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder poolSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("poolSize must be positive but was " + value);
      }
      poolSize = SetOnce.value("poolSize", poolSize, value);
      return this;
    }

    /**
     * What to do with input features the signature does not declare. The default is
     * {@link UnknownFeaturePolicy#REJECT}.
     *
     * @param value the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder unknownFeatures(UnknownFeaturePolicy value) {
      unknownFeatures = SetOnce.value("unknownFeatures", unknownFeatures, value);
      return this;
    }

    /**
     * The most rows one {@code predictBatch} call may carry; larger batches are rejected before
     * any native call. The default is 1024.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder maxBatchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxBatchSize must be positive but was " + value);
      }
      maxBatchSize = SetOnce.value("maxBatchSize", maxBatchSize, value);
      return this;
    }

    /**
     * Where to publish {@code mlops.predict.latency}, {@code mlops.predict.errors} and
     * {@code mlops.deployment.swaps}. The default is a new {@link SimpleMeterRegistry}.
     *
     * @param value the meter registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder meterRegistry(MeterRegistry value) {
      meters = SetOnce.value("meterRegistry", meters, value);
      return this;
    }

    /**
     * The buckets of the {@code mlops.predict.latency} histogram (Prometheus {@code
     * mlops_predict_latency_seconds_bucket}). The default is {@link LatencyBuckets#defaults()}.
     *
     * @param value the bucket layout
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder latencyBuckets(LatencyBuckets value) {
      latencyBuckets = SetOnce.value("latencyBuckets", latencyBuckets, value);
      return this;
    }

    /**
     * Where to report the observations {@code mlops.predict} (every call on a loaded version),
     * {@code mlops.model.load} and {@code mlops.deployment.swap}, tagged with model, version and
     * outcome ({@link dev.mlops.core.observe.MlopsObservations}): with Micrometer Tracing they
     * become spans. None by default.
     *
     * @param value the observation registry
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder observationRegistry(ObservationRegistry value) {
      observations = SetOnce.value("observationRegistry", observations, value);
      return this;
    }

    /**
     * How often a deployment re-reads its alias, in case a registry event was missed. The default
     * is 30 seconds.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder pollInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive but was " + value);
      }
      pollInterval = SetOnce.value("pollInterval", pollInterval, value);
      return this;
    }

    /**
     * Coalesces concurrent single-row {@code predict} calls on the same version into one engine
     * call of up to {@code maxRows} rows: the first caller waits for others until the batch holds
     * {@code maxRows} rows, or every caller in flight on this version waits in it, or {@code
     * maxDelay} has passed; then the batch is scored and each caller gets its own result, or its
     * own error (each row is validated on its caller's thread before it joins, so a bad row fails
     * only its caller). Raises throughput under concurrency at the cost of at most {@code maxDelay}
     * extra latency. While no more callers are in flight on the version than the {@linkplain
     * #poolSize(int) pool} serves side by side, and no batch is forming, each is scored alone at
     * once, as without batching; beyond that they are batched. {@code predictBatch} calls are
     * never coalesced. Off by default.
     *
     * @param maxRows the most rows per engine call, at least 2
     * @param maxDelay how long the first caller of a batch waits, positive
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if already set
     */
    public Builder microBatching(int maxRows, Duration maxDelay) {
      if (maxRows < 2) {
        throw new IllegalArgumentException("maxRows must be at least 2 but was " + maxRows);
      }
      if (maxDelay.isNegative() || maxDelay.isZero()) {
        throw new IllegalArgumentException("maxDelay must be positive but was " + maxDelay);
      }
      microBatchDelay = SetOnce.value("microBatching", microBatchDelay, maxDelay);
      microBatchRows = maxRows;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the configured predictors factory
     */
    public DjlPredictors build() {
      return new DjlPredictors(this);
    }
  }
}

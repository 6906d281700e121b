package dev.mlops.server.internal;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.monitor.OutcomeReceipt;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.ModelCache;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.ModelNotReadyException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One model the server serves under its name: the version an alias points to (a deployment that
 * follows it) or a fixed version, plus other versions of the same model loaded on demand for the
 * versioned routes and kept in a small cache. Thread-safe.
 *
 * @since 0.1
 */
public final class ServedModel implements AutoCloseable {

  private final ModelUri uri;
  private final ModelRegistry registry;
  private final @Nullable DjlPredictors predictors;
  private final @Nullable ModelCache otherVersions;
  private final @Nullable ServerMonitoring monitoring;
  private final boolean adopted;
  private volatile @Nullable Predictor<Map<String, Object>, Prediction> current;
  // What current wraps when monitored: explanations share its loaded model, not the monitor's.
  private volatile @Nullable Predictor<Map<String, Object>, Prediction> explained;
  // An adopted predictor's explainer, given by its owner (the explained version is its own).
  private final @Nullable Predictor<Map<String, Object>, Explanation> adoptedExplainer;
  private volatile @Nullable ModelMonitor monitor;
  private volatile boolean closed;
  // Versions are immutable where it matters here (format, signature): read each once.
  private final Map<Integer, ModelVersion> versions = new ConcurrentHashMap<>();

  /**
   * Prepares to serve a model; nothing is loaded until {@link #load()}.
   *
   * @param uri an alias to follow, or a version (an alias or {@code latest} is resolved at load)
   * @param registry where versions come from; only read
   * @param predictors loads versions
   * @param cachedVersions how many other versions the versioned routes keep loaded
   * @param monitoring how to monitor the version served, or null not to
   */
  public ServedModel(ModelUri uri, ModelRegistry registry, DjlPredictors predictors,
      int cachedVersions, @Nullable ServerMonitoring monitoring) {
    this.uri = uri;
    this.registry = registry;
    this.predictors = predictors;
    this.monitoring = monitoring;
    this.otherVersions = predictors.modelCache().maximumModels(cachedVersions).build();
    this.adopted = false;
    this.adoptedExplainer = null;
  }

  /**
   * Serves a predictor or deployment the application already has (an embedding framework's
   * bean): it is never loaded or closed here. It is ready while its {@code modelVersion()} answers;
   * one that throws {@link ModelNotReadyException} (still loading) or {@link
   * IllegalStateException} (closed) is not ready, and its calls are answered 503.
   *
   * @param uri what it serves, such as {@code models:/churn@production}; its name is the route's
   * @param predictor the predictor; the caller keeps ownership
   * @param registry where versions' metadata come from; only read
   * @param otherVersions serves the versioned routes' other versions, or null to serve only the
   *     version the predictor serves
   * @param monitor the monitor that wraps the predictor, through which outcomes are joined, or
   *     null if it is not monitored; the caller keeps ownership
   * @param explainer explains with the version the predictor serves, or null for an explainer
   *     following the predictor (which {@code DjlPredictors} must have made); the caller keeps
   *     ownership
   */
  public ServedModel(ModelUri uri, Predictor<Map<String, Object>, Prediction> predictor,
      ModelRegistry registry, @Nullable ModelCache otherVersions,
      @Nullable ModelMonitor monitor,
      @Nullable Predictor<Map<String, Object>, Explanation> explainer) {
    this.uri = uri;
    this.registry = registry;
    this.predictors = null;
    this.otherVersions = otherVersions;
    this.monitoring = null;
    this.adopted = true;
    this.current = predictor;
    this.monitor = monitor;
    this.adoptedExplainer = explainer;
  }

  /**
   * The name the routes serve it under.
   *
   * @return the model name
   */
  public String name() {
    return uri.name();
  }

  /**
   * What the server was asked to serve.
   *
   * @return such as {@code models:/churn@production}
   */
  public ModelUri uri() {
    return uri;
  }

  /**
   * Loads and warms up the version to serve: an alias is deployed (followed as it moves), a
   * version or {@code latest} is loaded once.
   *
   * @throws dev.mlops.registry.ModelNotFoundException if the URI names nothing
   * @throws dev.mlops.predict.PredictionException if the version cannot be served
   */
  public synchronized void load() {
    DjlPredictors loader = predictors;
    if (current != null || closed || loader == null) {
      return;
    }
    if (uri.kind() == ModelUri.Kind.ALIAS) {
      Deployment<Map<String, Object>, Prediction> deployment = loader.deploy(uri);
      explained = deployment;
      current = monitoring == null ? deployment : monitored().wrap(deployment);
    } else {
      Predictor<Map<String, Object>, Prediction> fixed = loader.load(uri);
      explained = fixed;
      current = monitoring == null ? fixed : monitored().wrap(fixed);
    }
  }

  private ModelMonitor monitored() {
    ModelMonitor m = Objects.requireNonNull(monitoring).newMonitor();
    monitor = m;
    return m;
  }

  /**
   * Whether the server monitors this model.
   *
   * @return true when started with monitoring
   */
  public boolean isMonitored() {
    return monitoring != null || monitor != null;
  }

  /**
   * Joins ground-truth outcomes to this model's predictions (any instance's, with a shared
   * store).
   *
   * @param outcomes the actual class or value by prediction id
   * @return how many joined, were duplicates, were unknown
   * @throws HttpFailure 404 if the server does not monitor, 503 if the model is not loaded yet
   * @throws IllegalArgumentException if an outcome does not fit its prediction (none is joined)
   */
  public OutcomeReceipt recordOutcomes(Map<String, Object> outcomes) {
    served();
    ModelMonitor m = monitor;
    if (m == null) {
      throw HttpFailure.notFound("Model '" + name() + "' is not monitored, so it takes no"
          + " outcomes; " + (adopted ? "give the routes the monitor that wraps its deployment"
          : "start the server with monitoring (mlops serve --monitor)"));
    }
    return m.recordOutcomes(outcomes);
  }

  /**
   * Whether the version to serve is loaded and warmed up.
   *
   * @return true once {@link #load()} succeeded, until closed
   */
  public boolean isReady() {
    Predictor<Map<String, Object>, Prediction> p = current;
    if (p == null || closed) {
      return false;
    }
    if (!adopted) {
      return true;
    }
    try {
      p.modelVersion();
      return true;
    } catch (ModelNotReadyException | IllegalStateException e) {
      return false;
    }
  }

  /**
   * The version answering unversioned calls now.
   *
   * @return the version
   * @throws HttpFailure 503 if not loaded yet
   */
  public ModelVersion servedVersion() {
    return served().modelVersion();
  }

  /**
   * A version of this model, for the versioned routes' metadata.
   *
   * @param version the version number
   * @return the version
   * @throws dev.mlops.registry.ModelNotFoundException if the registry has no such version
   */
  public ModelVersion version(int version) {
    ModelVersion known = versions.get(version);
    if (known == null) {
      known = registry.getVersion(name(), version);
      versions.put(version, known);
    }
    return known;
  }

  /**
   * Scores rows with the served version, or with the given version.
   *
   * @param version the version to use, or null for the one served now
   * @param rows the rows
   * @return one prediction per row, all computed by one version
   * @throws HttpFailure 503 if not loaded yet
   * @throws dev.mlops.predict.InvalidInputException if a row does not match the signature
   * @throws dev.mlops.registry.ModelNotFoundException if the version does not exist
   */
  public List<Prediction> predict(@Nullable Integer version, List<Map<String, Object>> rows) {
    Predictor<Map<String, Object>, Prediction> served = served();
    if (version == null) {
      return served.predictBatch(rows);
    }
    if (served.modelVersion().version() == version) {
      List<Prediction> out = served.predictBatch(rows);
      // The alias may have moved between the check and the call; then ask the cache.
      if (out.isEmpty() || out.get(0).version() == version) {
        return out;
      }
    }
    if (otherVersions == null) {
      throw HttpFailure.notFound("Model " + Excerpt.quoted(name()) + " serves version "
          + served.modelVersion().version() + " here; other versions are not served");
    }
    return otherVersions.predictBatch(ModelUri.version(name(), version), rows);
  }

  /**
   * Explains rows with the served version, or with the given version: the predictions and their
   * feature contributions, with the loaded model that serves predictions (nothing is loaded twice).
   *
   * @param version the version to use, or null for the one served now
   * @param rows the rows
   * @return one explanation per row, all computed by one version
   * @throws HttpFailure 503 if not loaded yet, 404 if the version is not served here
   * @throws ExplanationUnavailableException if the version's format computes no contributions, or
   *     an adopted predictor was given no explainer and was not made by {@code DjlPredictors}
   * @throws dev.mlops.predict.InvalidInputException if a row does not match the signature
   * @throws dev.mlops.registry.ModelNotFoundException if the version does not exist
   */
  public List<Explanation> explain(@Nullable Integer version, List<Map<String, Object>> rows) {
    Predictor<Map<String, Object>, Prediction> served = served();
    if (version == null || served.modelVersion().version() == version) {
      Predictor<Map<String, Object>, Explanation> given = adoptedExplainer;
      Predictor<Map<String, Object>, Prediction> inner = explained;
      List<Explanation> out = (given != null ? given : explainer(inner != null ? inner : served))
          .predictBatch(rows);
      // The alias may have moved between the check and the call; then ask the cache.
      if (version == null || out.isEmpty() || out.get(0).prediction().version() == version) {
        return out;
      }
    }
    if (otherVersions == null) {
      throw HttpFailure.notFound("Model " + Excerpt.quoted(name()) + " serves version "
          + served.modelVersion().version() + " here; other versions are not served");
    }
    return otherVersions.explainBatch(ModelUri.version(name(), version), rows);
  }

  private static Predictor<Map<String, Object>, Explanation> explainer(
      Predictor<Map<String, Object>, Prediction> served) {
    try {
      return DjlPredictors.explainer(served);
    } catch (IllegalArgumentException e) {
      ModelVersion v = served.modelVersion();
      throw new ExplanationUnavailableException("Model '" + v.name() + "' version "
          + v.version() + " is served by a predictor that cannot be explained: "
          + e.getMessage());
    }
  }

  /**
   * Closes the served version and every cached one, after their calls in flight, then the
   * monitor (which writes what it has not yet written to a shared store); an adopted predictor,
   * cache and monitor stay open (their owner closes them).
   */
  @Override
  public synchronized void close() {
    closed = true;
    Predictor<Map<String, Object>, Prediction> p = current;
    if (adopted) {
      return;
    }
    try {
      if (p != null) {
        p.close();
      }
      if (otherVersions != null) {
        otherVersions.close();
      }
    } finally {
      ModelMonitor m = monitor;
      if (m != null) {
        m.close();
      }
    }
  }

  private Predictor<Map<String, Object>, Prediction> served() {
    Predictor<Map<String, Object>, Prediction> p = current;
    if (p == null || closed) {
      throw HttpFailure.unavailable("Model '" + name() + "' is not ready"
          + (closed ? ": the server is shutting down" : ": " + uri + " is still loading"));
    }
    return p;
  }
}

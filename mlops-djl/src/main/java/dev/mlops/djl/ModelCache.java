package dev.mlops.djl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.mlops.djl.internal.LoadedModel;
import dev.mlops.djl.internal.ModelLoader;
import dev.mlops.internal.SetOnce;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves many model versions from one place, keeping the most useful ones loaded: a Caffeine cache
 * bounded by the number of versions and/or their artifact size. A version is loaded on its first
 * call; when the cache evicts it, its native model is closed only after the calls in flight on it
 * have finished. Thread-safe.
 *
 * <p>Create one with {@link DjlPredictors#modelCache()}. For a model that should follow an alias as
 * it moves, use a {@link dev.mlops.predict.Deployment} instead.
 *
 * @since 0.1
 */
public final class ModelCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

  private final ModelRegistry registry;
  private final ModelLoader loader;
  private final Cache<ModelUri, LoadedModel> models;
  private volatile boolean closed;

  private ModelCache(ModelRegistry registry, ModelLoader loader, long maximumModels,
      long maximumArtifactBytes) {
    this.registry = registry;
    this.loader = loader;
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        // Retire on the thread that caused the removal: closing waits for no one (the last
        // in-flight call closes the model), and tests see eviction without a background pool.
        .executor(Runnable::run);
    if (maximumArtifactBytes > 0) {
      builder.maximumWeight(kilobytes(maximumArtifactBytes))
          .weigher((ModelUri uri, LoadedModel m) -> kilobytes(m.version().artifactSize()));
    } else {
      builder.maximumSize(maximumModels);
    }
    this.models = builder.removalListener(this::onRemoval).build();
  }

  /**
   * Predicts one row with a version, loading it first if it is not in the cache.
   *
   * @param uri the version, such as {@code models:/churn/3}; an alias or {@code latest} URI is
   *     resolved in the registry on every call
   * @param row feature name to value
   * @return the prediction
   * @throws InvalidInputException if the row does not match the version's signature
   * @throws PredictionException if the version cannot be loaded or the engine fails
   * @throws dev.mlops.registry.ModelNotFoundException if the URI names nothing
   * @throws IllegalStateException if the cache is closed
   */
  public Prediction predict(ModelUri uri, Map<String, Object> row) {
    return call(uri, Collections.singletonList(row), true).get(0);
  }

  /**
   * Predicts several rows with a version in one engine call, loading it first if needed.
   *
   * @param uri the version
   * @param rows the rows
   * @return one prediction per row, in order
   * @throws InvalidInputException if a row does not match the signature, naming its index
   * @throws PredictionException if the version cannot be loaded or the engine fails
   * @throws dev.mlops.registry.ModelNotFoundException if the URI names nothing
   * @throws IllegalStateException if the cache is closed
   */
  public List<Prediction> predictBatch(ModelUri uri, List<Map<String, Object>> rows) {
    return call(uri, rows, false);
  }

  /**
   * Explains one row with a version, loading it first if it is not in the cache: the prediction
   * and the feature contributions, as {@link DjlPredictors#explainer(ModelUri)} computes them, with
   * the same loaded model that serves {@link #predict}.
   *
   * @param uri the version, such as {@code models:/churn/3}; an alias or {@code latest} URI is
   *     resolved in the registry on every call
   * @param row feature name to value
   * @return the explanation
   * @throws InvalidInputException if the row does not match the version's signature
   * @throws ExplanationUnavailableException if the version's format computes no contributions
   * @throws PredictionException if the version cannot be loaded or the engine fails
   * @throws dev.mlops.registry.ModelNotFoundException if the URI names nothing
   * @throws IllegalStateException if the cache is closed
   */
  public Explanation explain(ModelUri uri, Map<String, Object> row) {
    return withModel(uri, m -> m.explainAcquired(Collections.singletonList(row), true)).get(0);
  }

  /**
   * Explains several rows with a version, as {@link #explain}.
   *
   * @param uri the version
   * @param rows the rows
   * @return one explanation per row, in order
   * @throws InvalidInputException if a row does not match the signature, naming its index
   * @throws ExplanationUnavailableException if the version's format computes no contributions
   * @throws PredictionException if the version cannot be loaded or the engine fails
   * @throws dev.mlops.registry.ModelNotFoundException if the URI names nothing
   * @throws IllegalStateException if the cache is closed
   */
  public List<Explanation> explainBatch(ModelUri uri, List<Map<String, Object>> rows) {
    return withModel(uri, m -> m.explainAcquired(rows, false));
  }

  /**
   * The versions loaded now.
   *
   * @return their URIs, sorted by text
   */
  public Set<ModelUri> loadedVersions() {
    models.cleanUp();
    Set<ModelUri> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    out.addAll(models.asMap().keySet());
    return Collections.unmodifiableSet(out);
  }

  /**
   * Unloads a version; its native model closes once its calls in flight finish.
   *
   * @param uri the version
   */
  public void evict(ModelUri uri) {
    models.invalidate(uri);
  }

  /** Unloads every version and rejects further calls. Idempotent. */
  @Override
  public void close() {
    closed = true;
    models.invalidateAll();
    models.cleanUp();
  }

  private List<Prediction> call(ModelUri uri, List<? extends Map<String, ?>> rows,
      boolean single) {
    return withModel(uri, m -> m.predictAcquired(rows, single));
  }

  /** Runs a call on the version's loaded model, loading it if needed, holding it for the call. */
  private <T> T withModel(ModelUri uri, Function<LoadedModel, T> call) {
    ModelUri key = uri.kind() == ModelUri.Kind.VERSION ? uri : registry.resolve(uri).uri();
    while (true) {
      if (closed) {
        throw new IllegalStateException("The model cache is closed");
      }
      // A model this call loads is acquired before the cache can see it, so that it serves this
      // call even if the cache evicts it at once (a version too large for the bound, or one the
      // admission policy turns away); it then closes when this call ends.
      LoadedModel[] loadedHere = new LoadedModel[1];
      LoadedModel model = models.get(key, k -> {
        LoadedModel fresh = load(k);
        fresh.tryAcquire();
        loadedHere[0] = fresh;
        return fresh;
      });
      // Fails only if the cache evicted a model loaded earlier just now; the next get reloads it.
      if (model == loadedHere[0] || model.tryAcquire()) {
        try {
          return call.apply(model);
        } finally {
          model.release();
        }
      }
    }
  }

  private LoadedModel load(ModelUri key) {
    try (ModelArtifact artifact = registry.openArtifact(key.name(), key.version())) {
      return loader.load(artifact);
    }
  }

  private void onRemoval(@Nullable ModelUri key, @Nullable LoadedModel model, RemovalCause cause) {
    if (model != null) {
      LOG.debug("Unloading {} ({}) once its calls in flight finish", key, cause);
      model.retire(model::closeNow);
    }
  }

  private static int kilobytes(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
  }

  /**
   * Configures a {@link ModelCache}. Set one bound; the default is 16 versions.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final ModelRegistry registry;
    private final ModelLoader loader;
    private long maximumModels;
    private long maximumArtifactBytes;
    private @Nullable String bound;

    Builder(ModelRegistry registry, ModelLoader loader) {
      this.registry = registry;
      this.loader = loader;
    }

    /**
     * Keeps at most this many versions loaded.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if a bound was already set
     */
    public Builder maximumModels(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("maximumModels must be positive but was " + value);
      }
      bound = SetOnce.value("bound", bound, "maximumModels(" + value + ")");
      maximumModels = value;
      return this;
    }

    /**
     * Keeps loaded versions whose artifacts total at most this many bytes, a proxy for their
     * native memory.
     *
     * @param value at least 1
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if a bound was already set
     */
    public Builder maximumArtifactBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "maximumArtifactBytes must be positive but was " + value);
      }
      bound = SetOnce.value("bound", bound, "maximumArtifactBytes(" + value + ")");
      maximumArtifactBytes = value;
      return this;
    }

    /**
     * Builds the cache.
     *
     * @return an empty cache
     */
    public ModelCache build() {
      return new ModelCache(registry, loader, maximumModels == 0 ? 16 : maximumModels,
          maximumArtifactBytes);
    }
  }
}

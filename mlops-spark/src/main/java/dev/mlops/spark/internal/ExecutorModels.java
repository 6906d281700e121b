package dev.mlops.spark.internal;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.ModelCache;
import dev.mlops.djl.UnknownFeaturePolicy;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.spark.ScoringOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor JVM keeps between tasks and jobs: one open registry and one {@link ModelCache}
 * per registry location, so that each version is loaded (and its artifact verified) once per JVM
 * and shared by every task running in it. Closed when the JVM shuts down.
 */
public final class ExecutorModels {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);

  /** Batches are bounded by the scoring options, not by the predictors. */
  static final int MAX_BATCH_ROWS = ScoringOptions.MAX_BATCH_SIZE;

  private static final Map<String, Served> SERVED = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll,
        "mlops-spark-shutdown"));
  }

  private ExecutorModels() {}

  /** A registry, the cache of versions loaded from it, and the versions checked against it. */
  private record Served(ModelRegistry registry, ModelCache cache, Set<ModelUri> checked) {}

  /**
   * Scores rows with a pinned version, loading it into this JVM's cache on first use.
   *
   * @param registryUri where the version is registered, as the driver named it
   * @param pinned the version the driver resolved
   * @param rows the rows
   * @return one prediction per row, in order
   * @throws dev.mlops.registry.ArtifactIntegrityException if this JVM's registry describes
   *     another artifact than the driver's, or the stored files fail verification on load
   * @throws dev.mlops.predict.InvalidInputException if a row does not match the signature
   * @throws dev.mlops.predict.PredictionException if the version cannot be loaded or scored
   */
  static List<Prediction> predictBatch(String registryUri, PinnedVersion pinned,
      List<Map<String, Object>> rows) {
    Served served = SERVED.computeIfAbsent(registryUri, ExecutorModels::open);
    ModelUri uri = pinned.uri();
    if (!served.checked().contains(uri)) {
      pinned.requireSameArtifact(served.registry().getVersion(pinned.name(), pinned.version()));
      served.checked().add(uri);
    }
    return served.cache().predictBatch(uri, rows);
  }

  /**
   * The versions this JVM has loaded from a registry.
   *
   * @param registryUri the registry location
   * @return their URIs; empty if the registry was never opened here
   */
  public static Set<ModelUri> loadedVersions(String registryUri) {
    Served served = SERVED.get(registryUri);
    return served == null ? Set.of() : served.cache().loadedVersions();
  }

  private static Served open(String registryUri) {
    ModelRegistry registry = ModelRegistries.open(registryUri);
    try {
      // Rows arrive as views of the signature's input columns only, so there is never an unknown
      // feature to reject; not looking for one saves a pass over every row.
      DjlPredictors predictors = DjlPredictors.builder().registry(registry)
          .maxBatchSize(MAX_BATCH_ROWS).unknownFeatures(UnknownFeaturePolicy.IGNORE).build();
      LOG.info("Opened registry {} for scoring in this JVM",
          ModelRegistries.redact(registryUri));
      return new Served(registry, predictors.modelCache().build(), ConcurrentHashMap.newKeySet());
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  private static void closeAll() {
    SERVED.values().forEach(served -> {
      served.cache().close();
      served.registry().close();
    });
    SERVED.clear();
  }
}

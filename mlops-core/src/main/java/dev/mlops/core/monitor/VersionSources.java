package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.estimation.ReferenceScores;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what the monitor needs to know about a version: its metadata from the registry or from
 * the predictors that served it, its reference profile from the registry or from the builder,
 * and the performance estimator (binary CBPE for two classes, one-vs-rest CBPE for more) fitted
 * on its reference scores ({@link ReferenceScores}) or given to the builder (also direct loss
 * estimation for a regression model, which only the builder gives). A version that cannot
 * be read is monitored without drift, estimates and training metrics, with a warning: monitoring
 * must never break predictions.
 */
final class VersionSources {

  private static final Logger LOG = LoggerFactory.getLogger(VersionSources.class);

  private final @Nullable ModelRegistry registry;
  private final Map<Integer, DatasetProfile> explicitProfiles;
  private final Map<Integer, WindowEstimator> explicitEstimators;
  private final double threshold;
  private final Map<Integer, ModelVersion> served = new ConcurrentHashMap<>();

  /**
   * @param threshold a binary classifier's decision threshold, NaN for the default 0.5; the
   *     estimators fitted on reference scores use it
   */
  VersionSources(@Nullable ModelRegistry registry, Map<Integer, DatasetProfile> explicitProfiles,
      Map<Integer, WindowEstimator> explicitEstimators, double threshold) {
    this.registry = registry;
    this.explicitProfiles = Map.copyOf(explicitProfiles);
    this.explicitEstimators = Map.copyOf(explicitEstimators);
    this.threshold = Double.isNaN(threshold) ? ClassificationOutcomes.DEFAULT_THRESHOLD : threshold;
  }

  /** Remembers the metadata of a version a wrapped predictor serves. */
  void served(ModelVersion version) {
    served.put(version.version(), version);
  }

  VersionInfo load(String model, int version) {
    ModelVersion metadata = metadata(model, version);
    DatasetProfile reference = referenceProfile(model, version);
    List<String> classes = classes(metadata);
    ReferenceScores scores = null;
    String noScores = "version " + version + " has no " + ReferenceScores.FILE_NAME;
    if (classes.size() >= 2 && registry != null) {
      try {
        scores = ReferenceScores.read(registry, model, version).orElse(null);
      } catch (RuntimeException e) {
        noScores = "the " + ReferenceScores.FILE_NAME + " of version " + version
            + " cannot be used: " + e.getMessage();
        LOG.warn("Monitoring model '{}' without estimates, score and target drift: {}", model,
            noScores);
      }
    }
    WindowEstimator estimator = null;
    String noEstimate = null;
    WindowEstimator explicit = explicitEstimators.get(version);
    if (explicit != null) {
      noEstimate = explicit.unfitFor(version, classes);
      if (noEstimate == null) {
        estimator = explicit;
      } else {
        LOG.warn("Monitoring model '{}' without estimated performance: {}", model, noEstimate);
      }
    } else if (classes.size() < 2) {
      noEstimate = "version " + version + " is not a classifier (its signature names no classes)"
          + " and was given no DirectLossEstimator";
    } else if (scores == null) {
      noEstimate = noScores;
    } else if (!scores.classes().equals(classes)) {
      noEstimate = "the " + ReferenceScores.FILE_NAME + " of version " + version
          + " names the classes " + scores.classes() + " but the version's output has " + classes;
      LOG.warn("Monitoring model '{}' without estimated performance: {}", model, noEstimate);
    } else {
      try {
        estimator = classes.size() == 2
            ? WindowEstimator.binary(scores.binaryEstimator(threshold))
            : WindowEstimator.multiclass(scores.multiclassEstimator());
      } catch (IllegalArgumentException e) {
        noEstimate = "no estimator can be fitted on the " + ReferenceScores.FILE_NAME
            + " of version " + version + ": " + e.getMessage();
        LOG.warn("Monitoring model '{}' without estimated performance: {}", model, noEstimate);
      }
    }
    ReferenceScores fitting = scores != null && scores.classes().equals(classes) ? scores : null;
    return new VersionInfo(reference, classes, metadata == null ? Map.of() : metadata.metrics(),
        estimator, noEstimate, fitting != null ? OutputProfiles.referenceScores(fitting) : null,
        fitting != null ? OutputProfiles.referenceTargets(fitting) : null);
  }

  private @Nullable ModelVersion metadata(String model, int version) {
    ModelVersion known = served.get(version);
    if (known != null || registry == null) {
      return known;
    }
    try {
      return registry.getVersion(model, version);
    } catch (RuntimeException e) {
      LOG.warn("Monitoring model '{}' version {} without its metadata (classes, training metrics):"
          + " {}", model, version, e.toString());
      return null;
    }
  }

  private @Nullable DatasetProfile referenceProfile(String model, int version) {
    DatasetProfile explicit = explicitProfiles.get(version);
    if (explicit != null) {
      return explicit.copy();
    }
    if (registry == null) {
      return null;
    }
    try {
      DatasetProfile profile = ReferenceProfiles.read(registry, model, version).orElse(null);
      if (profile == null) {
        LOG.info("Model '{}' version {} has no {}; its windows get no drift report", model,
            version, ReferenceProfiles.FILE_NAME);
      }
      return profile;
    } catch (RuntimeException e) {
      LOG.warn("Monitoring model '{}' version {} without drift: its reference profile cannot be"
          + " read: {}", model, version, e.toString());
      return null;
    }
  }

  private static List<String> classes(@Nullable ModelVersion metadata) {
    ModelSignature signature = metadata == null ? null : metadata.signature();
    if (signature == null) {
      return List.of();
    }
    for (FieldSpec output : signature.outputs()) {
      if (output.categories().size() >= 2) {
        return output.categories();
      }
    }
    return List.of();
  }
}

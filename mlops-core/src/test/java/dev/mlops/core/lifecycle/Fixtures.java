package dev.mlops.core.lifecycle;

import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/** Versions, drift reports, snapshots and contexts for the lifecycle tests. */
final class Fixtures {

  static final String MODEL = "churn";

  private Fixtures() {}

  /** A version as the registry would return it, with the given metrics. */
  static ModelVersion version(int number, Map<String, Double> metrics, Instant createdAt) {
    return new ModelVersion(MODEL, number, ModelFormat.ONNX,
        List.of(new ArtifactRef("model.onnx", 3, "0".repeat(64))), null, metrics, Map.of(), Map.of(),
        Lineage.empty(), ModelVersionStatus.READY, java.util.Set.of(), null, createdAt, "test");
  }

  static ModelVersion version(int number, Map<String, Double> metrics) {
    return version(number, metrics, Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A drift report with the given feature scores; a feature drifts when its score reaches 0.1. */
  static DriftReport drift(Map<String, Double> scores) {
    List<FeatureDrift> features = new ArrayList<>();
    scores.forEach((name, score) -> features.add(new FeatureDrift(name, FeatureKind.NUMERIC,
        new DriftResult(name, "wasserstein", score, null, 0.1, null, score >= 0.1), "test threshold 0.1",
        null, 1000, 1000, 0, 0, null)));
    return DriftReport.of(features, List.of(), 0.5, 1000, 1000, true, Duration.ZERO,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A closed window of a version with optional drift and live metrics. */
  static MonitorSnapshot snapshot(int version, @Nullable DriftReport drift, Map<String, Double> metrics) {
    return new MonitorSnapshot(MODEL, version, Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T01:00:00Z"), true, 1000, 0, 1000, LatencySummary.empty(), drift, metrics,
        Map.of(), OutcomeCounts.none());
  }

  /** A context policies read, set field by field. */
  static final class Context implements RetrainContext {
    Instant now = Instant.parse("2026-01-10T00:00:00Z");
    ModelVersion champion = version(1, Map.of("accuracy", 0.8, "log_loss", 0.4));
    @Nullable Instant lastRetrainAt;
    @Nullable DriftReport drift;
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, Double> estimated = new LinkedHashMap<>();
    long newDataRows;

    Context at(Instant instant) {
      this.now = instant;
      return this;
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public ModelVersion champion() {
      return champion;
    }

    @Override
    public Optional<Instant> lastRetrainAt() {
      return Optional.ofNullable(lastRetrainAt);
    }

    @Override
    public OptionalDouble driftedFeatureShare() {
      return drift == null ? OptionalDouble.empty() : OptionalDouble.of(drift.driftedShare());
    }

    @Override
    public boolean datasetDrifted() {
      return drift != null && drift.datasetDrifted();
    }

    @Override
    public Map<String, Double> featureDriftScores() {
      return drift == null ? Map.of() : drift.driftScores();
    }

    @Override
    public Map<String, Boolean> featureDrifted() {
      return drift == null ? Map.of() : drift.driftVerdicts();
    }

    @Override
    public Map<String, String> featureDriftMethods() {
      Map<String, String> methods = new LinkedHashMap<>();
      if (drift != null) {
        drift.features().forEach(f -> methods.put(f.feature(), f.method()));
      }
      return methods;
    }

    @Override
    public Map<String, Double> currentMetrics() {
      return metrics;
    }

    @Override
    public Map<String, Double> estimatedMetrics() {
      return estimated;
    }

    @Override
    public long newDataRows() {
      return newDataRows;
    }
  }
}

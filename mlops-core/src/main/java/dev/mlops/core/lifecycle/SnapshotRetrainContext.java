package dev.mlops.core.lifecycle;

import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.StreamDetection;
import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RetrainContext} read from a {@link MonitorSnapshot}: drift from the snapshot's drift
 * report, live metrics from its joined outcomes.
 *
 * <p>A snapshot of another version than the champion (the monitor still reports the window that
 * the previous champion served, right after a promotion) says nothing about the champion, so it
 * is ignored: the context then has no drift and no live metrics, as if there were no snapshot.
 *
 * @since 0.1
 */
public final class SnapshotRetrainContext implements RetrainContext {

  private final Instant now;
  private final ModelVersion champion;
  private final @Nullable Instant lastRetrainAt;
  private final @Nullable MonitorSnapshot snapshot;
  private final long newDataRows;

  private SnapshotRetrainContext(Instant now, ModelVersion champion, @Nullable Instant lastRetrainAt,
      @Nullable MonitorSnapshot snapshot, long newDataRows) {
    this.now = now;
    this.champion = champion;
    this.lastRetrainAt = lastRetrainAt;
    this.snapshot = snapshot;
    this.newDataRows = newDataRows;
  }

  /**
   * Builds a context.
   *
   * @param now the current time
   * @param champion the version in production
   * @param lastRetrainAt when a retraining last started, or empty if never
   * @param snapshot what monitoring observed in the current window, or empty if nothing yet
   * @param newDataRows rows of new labelled data since the champion was trained
   * @return the context
   * @throws IllegalArgumentException if the snapshot is of another model than the champion, or
   *     {@code newDataRows} is negative
   */
  public static SnapshotRetrainContext of(Instant now, ModelVersion champion, Optional<Instant> lastRetrainAt,
      Optional<MonitorSnapshot> snapshot, long newDataRows) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(champion, "champion");
    if (newDataRows < 0) {
      throw new IllegalArgumentException("newDataRows must not be negative but was " + newDataRows);
    }
    MonitorSnapshot current = snapshot.orElse(null);
    if (current != null && !current.modelName().equals(champion.name())) {
      throw new IllegalArgumentException("The monitor snapshot is of model '" + current.modelName()
          + "' but the champion is of model '" + champion.name() + "'; give the controller the monitor"
          + " of the model it manages");
    }
    if (current != null && current.version() != champion.version()) {
      current = null;
    }
    return new SnapshotRetrainContext(now, champion, lastRetrainAt.orElse(null), current, newDataRows);
  }

  /**
   * The snapshot the context reads, if it is of the champion.
   *
   * @return the snapshot, or empty if there was none or it was of another version
   */
  public Optional<MonitorSnapshot> snapshot() {
    return Optional.ofNullable(snapshot);
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
    DriftReport drift = drift();
    return drift == null ? OptionalDouble.empty() : OptionalDouble.of(drift.driftedShare());
  }

  @Override
  public boolean datasetDrifted() {
    return snapshot != null && snapshot.datasetDrifted();
  }

  @Override
  public Map<String, Double> featureDriftScores() {
    DriftReport drift = drift();
    return drift == null ? Map.of() : drift.driftScores();
  }

  @Override
  public Map<String, Boolean> featureDrifted() {
    DriftReport drift = drift();
    return drift == null ? Map.of() : drift.driftVerdicts();
  }

  @Override
  public Map<String, String> featureDriftMethods() {
    DriftReport drift = drift();
    if (drift == null) {
      return Map.of();
    }
    Map<String, String> methods = new LinkedHashMap<>();
    for (FeatureDrift feature : drift.features()) {
      methods.put(feature.feature(), feature.method());
    }
    return java.util.Collections.unmodifiableMap(methods);
  }

  @Override
  public Map<String, Double> currentMetrics() {
    return snapshot == null ? Map.of() : snapshot.metrics();
  }

  @Override
  public Map<String, Double> estimatedMetrics() {
    return snapshot == null ? Map.of() : snapshot.estimated().metrics();
  }

  @Override
  public Optional<Boolean> scoreDrifted() {
    return snapshot == null || snapshot.scoreDrift() == null ? Optional.empty()
        : Optional.of(snapshot.scoreDrift().datasetDrifted());
  }

  @Override
  public Optional<Boolean> targetDrifted() {
    return snapshot == null || snapshot.targetDrift() == null ? Optional.empty()
        : Optional.of(snapshot.targetDrift().datasetDrifted());
  }

  @Override
  public List<StreamDetection> streamDetections() {
    return snapshot == null ? List.of() : snapshot.detections();
  }

  @Override
  public long newDataRows() {
    return newDataRows;
  }

  private @Nullable DriftReport drift() {
    return snapshot == null ? null : snapshot.drift();
  }

  @Override
  public String toString() {
    return "SnapshotRetrainContext[model=" + champion.name() + ", champion=" + champion.version() + ", now="
        + now + ", lastRetrainAt=" + lastRetrainAt + ", snapshot="
        + (snapshot == null ? "none" : snapshot.windowStart() + ".." + snapshot.windowEnd()) + ", newDataRows="
        + newDataRows + "]";
  }
}

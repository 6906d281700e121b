package dev.mlops.training;

import dev.mlops.registry.ModelVersion;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The record of one pipeline run: whether it produced a registered version, its metrics, or why it
 * failed. Failed runs are kept too, so that what was tried can be audited.
 *
 * @param runId a unique identifier, also written to the version's lineage
 * @param modelName the model the run trains
 * @param status how it ended
 * @param registered the version it registered, or null if it failed before registering
 * @param metrics the hold-out metrics, empty if it failed before evaluating
 * @param failure why it failed, or null if it succeeded
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @since 0.1
 */
public record TrainingRun(
    String runId,
    String modelName,
    Status status,
    @Nullable ModelVersion registered,
    Map<String, Double> metrics,
    @Nullable String failure,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * How a run ended.
   *
   * @since 0.1
   */
  public enum Status {
    /** A version was registered. */
    SUCCEEDED,
    /** The run stopped; nothing was registered as a candidate. */
    FAILED
  }

  /**
   * Validates and copies the components.
   *
   * @param runId a unique identifier
   * @param modelName the model
   * @param status how it ended
   * @param registered the registered version, or null
   * @param metrics the hold-out metrics
   * @param failure why it failed, or null
   * @param startedAt when it started
   * @param finishedAt when it ended
   * @throws IllegalArgumentException if a succeeded run has no version or a failure, or a failed
   *     run has no failure
   */
  public TrainingRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(status, "status");
    metrics = Map.copyOf(metrics);
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (status == Status.SUCCEEDED && (registered == null || failure != null)) {
      throw new IllegalArgumentException(
          "Run " + runId + " of model '" + modelName + "' succeeded, so it needs a registered "
              + "version and no failure");
    }
    if (status == Status.FAILED && failure == null) {
      throw new IllegalArgumentException(
          "Run " + runId + " of model '" + modelName + "' failed, so it needs a failure reason");
    }
  }

  /**
   * Whether the run registered a version.
   *
   * @return true if it succeeded
   */
  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}

package dev.mlops.core.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One transition of the lifecycle of a model, as the {@link LifecycleController} reports it to its
 * {@link LifecycleListener}s.
 *
 * @param kind what happened
 * @param model the model
 * @param version the version concerned (the challenger), or null before one exists
 * @param champion the champion version at the time, or null if there is none
 * @param reasons why, in words; at least one
 * @param time when, from the controller's clock
 * @since 0.1
 */
public record LifecycleEvent(
    Kind kind, String model, @Nullable Integer version, @Nullable Integer champion, List<String> reasons,
    Instant time) {

  /**
   * What happened.
   *
   * @since 0.1
   */
  public enum Kind {
    /** A cycle did not run: another cycle of the model was running, or there is no champion. */
    CYCLE_SKIPPED,
    /** The retrain policy decided not to retrain; the reasons say what it observed. */
    RETRAIN_SKIPPED,
    /** The retrain policy decided to retrain. */
    RETRAIN_DECIDED,
    /** The training job started. */
    RUN_STARTED,
    /** The training job registered a challenger ({@code version}). */
    RUN_SUCCEEDED,
    /** The training job failed or threw; nothing was registered as a candidate. */
    RUN_FAILED,
    /** The gate approved the challenger. */
    GATE_APPROVED,
    /** The gate rejected the challenger; it is not promoted. */
    GATE_REJECTED,
    /** The gate wants a person's approval. */
    GATE_PENDING,
    /** The challenger was given the staging alias and awaits approval. */
    PENDING_APPROVAL,
    /** The production alias now points to the challenger. */
    PROMOTED,
    /** The production alias was moved by another writer first; the challenger was not promoted. */
    PROMOTION_CONFLICT,
    /** A person approved the staged challenger, and it was promoted. */
    APPROVED,
    /** A person rejected the staged challenger. */
    REJECTED,
    /** A step other than training failed (registry, monitoring, policy, gate, promotion). */
    STEP_FAILED,
    /** This instance became the leader of the model in its fleet. */
    LEADERSHIP_ACQUIRED,
    /** This instance lost the leadership of the model (its lock's connection broke). */
    LEADERSHIP_LOST,
    /**
     * A retrain that a previous leader decided but did not finish is carried on from where it
     * stopped (training, gate or promotion).
     */
    RETRAIN_RESUMED
  }

  /**
   * Validates and copies the components.
   *
   * @param kind what happened
   * @param model the model
   * @param version the version concerned, or null
   * @param champion the champion version, or null
   * @param reasons why, at least one
   * @param time when
   * @throws IllegalArgumentException if there is no reason
   */
  public LifecycleEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(model, "model");
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("A lifecycle event needs at least one reason");
    }
    Objects.requireNonNull(time, "time");
  }
}

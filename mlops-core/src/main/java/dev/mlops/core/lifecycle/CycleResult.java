package dev.mlops.core.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one cycle of a {@link LifecycleController} did: monitor, policy, training, gate, promotion.
 *
 * @param outcome how the cycle ended
 * @param model the model
 * @param champion the champion version the cycle read, or null if none
 * @param challenger the version the training job registered, or null if none
 * @param failedStep the step that failed, for {@link Outcome#FAILED}; else null
 * @param reasons why it ended so: the policy's, the gate's or the failure's reasons
 * @param startedAt when the cycle started
 * @param finishedAt when it ended
 * @since 0.1
 */
public record CycleResult(
    Outcome outcome,
    String model,
    @Nullable Integer champion,
    @Nullable Integer challenger,
    @Nullable Step failedStep,
    List<String> reasons,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * How a cycle ended.
   *
   * @since 0.1
   */
  public enum Outcome {
    /** Another cycle of the same model was running; this one did nothing. */
    SKIPPED_BUSY,
    /** The production alias is not set; there is no champion to retrain. */
    NO_CHAMPION,
    /** The retrain policy decided not to retrain. */
    NOT_RETRAINED,
    /** A step failed; see {@code failedStep} and the reasons. Nothing was promoted. */
    FAILED,
    /** The gate rejected the challenger. */
    REJECTED,
    /** The challenger was staged and awaits a person's approval. */
    PENDING_APPROVAL,
    /** The challenger was promoted to production. */
    PROMOTED,
    /** The gate approved, but another writer moved the production alias first. */
    PROMOTION_CONFLICT,
    /** Another instance of the fleet leads the model; this one did nothing. */
    NOT_LEADER
  }

  /**
   * The steps of a cycle, for reporting which one failed.
   *
   * @since 0.1
   */
  public enum Step {
    /** Reading or writing the registry (champion, tags). */
    REGISTRY,
    /** Reading the monitor snapshot or the new-data count. */
    MONITOR,
    /** Evaluating the retrain policy. */
    POLICY,
    /** Running the training job. */
    TRAINING,
    /** Evaluating the promotion gate. */
    GATE,
    /** Moving the production or staging alias. */
    PROMOTION
  }

  /**
   * Validates and copies the components.
   *
   * @param outcome how the cycle ended
   * @param model the model
   * @param champion the champion version, or null
   * @param challenger the challenger version, or null
   * @param failedStep the failed step, or null
   * @param reasons why
   * @param startedAt when the cycle started
   * @param finishedAt when it ended
   * @throws IllegalArgumentException if a failure has no step or another outcome has one
   */
  public CycleResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(model, "model");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if ((outcome == Outcome.FAILED) != (failedStep != null)) {
      throw new IllegalArgumentException("A failed cycle needs the failed step, and only a failed one has it: "
          + outcome + ", " + failedStep);
    }
  }
}

package dev.mlops.core.lifecycle;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an attempt to move the production alias to a version did.
 *
 * @param model the model
 * @param version the version that was to be promoted
 * @param promoted whether the alias now points to it
 * @param expectedChampion the version the alias was expected to point to (the champion the decision
 *     was made against), or null for "not set"
 * @param actualChampion the version the alias pointed to when the change was attempted: the
 *     previous champion when promoted, the unexpected one when the race was lost; null if unset
 * @param reason what happened, in words, as recorded in the audit log
 * @since 0.1
 */
public record PromotionResult(
    String model,
    int version,
    boolean promoted,
    @Nullable Integer expectedChampion,
    @Nullable Integer actualChampion,
    String reason) {

  /**
   * Validates the components.
   *
   * @param model the model
   * @param version the version that was to be promoted
   * @param promoted whether the alias now points to it
   * @param expectedChampion the version the alias was expected to point to, or null
   * @param actualChampion the version it pointed to, or null
   * @param reason what happened
   */
  public PromotionResult {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reason, "reason");
  }
}

package dev.mlops.registry;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a registry's append-only audit log: who changed what, when, from what to what, and
 * why.
 *
 * @param sequence the position in the log, from 1, increasing without gaps
 * @param timestamp when the change was made
 * @param actor who made it (the registry's configured actor, by default the OS user)
 * @param action what kind of change it was
 * @param modelName the model that changed
 * @param version the version concerned, or null for model-level changes
 * @param key the alias or tag key concerned, or null
 * @param before the value before the change, or null if there was none
 * @param after the value after the change, or null if there is none
 * @param reason why, as given by the caller, or null
 * @since 0.1
 */
public record AuditEntry(
    long sequence,
    Instant timestamp,
    String actor,
    AuditAction action,
    String modelName,
    @Nullable Integer version,
    @Nullable String key,
    @Nullable String before,
    @Nullable String after,
    @Nullable String reason) {

  /**
   * Validates the components.
   *
   * @param sequence the position in the log, from 1, increasing without gaps
   * @param timestamp when the change was made
   * @param actor who made it (the registry's configured actor, by default the OS user)
   * @param action what kind of change it was
   * @param modelName the model that changed
   * @param version the version concerned, or null for model-level changes
   * @param key the alias or tag key concerned, or null
   * @param before the value before the change, or null if there was none
   * @param after the value after the change, or null if there is none
   * @param reason why, as given by the caller, or null
   * @throws IllegalArgumentException if the sequence is not positive
   */
  public AuditEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("Audit sequence numbers start at 1, got " + sequence);
    }
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(modelName, "modelName");
  }
}

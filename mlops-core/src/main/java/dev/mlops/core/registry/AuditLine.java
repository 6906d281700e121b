package dev.mlops.core.registry;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code audit.jsonl}, the registry's append-only log. Its fields mirror {@link
 * AuditEntry}; the copy keeps the file format independent of the API record.
 *
 * @param sequence position in the log, from 1, without gaps
 * @param timestamp when the change was made
 * @param actor who made it
 * @param action what kind of change
 * @param model the model
 * @param version the version concerned, or null
 * @param key the alias or tag key, or null
 * @param before the value before, or null
 * @param after the value after, or null
 * @param reason why, or null
 */
record AuditLine(
    long sequence,
    Instant timestamp,
    String actor,
    AuditAction action,
    String model,
    @Nullable Integer version,
    @Nullable String key,
    @Nullable String before,
    @Nullable String after,
    @Nullable String reason) {

  static AuditLine of(AuditEntry e) {
    return new AuditLine(e.sequence(), e.timestamp(), e.actor(), e.action(), e.modelName(),
        e.version(), e.key(), e.before(), e.after(), e.reason());
  }

  /**
   * The API entry.
   *
   * @throws IllegalArgumentException or NullPointerException if the line is malformed
   */
  AuditEntry toEntry() {
    return new AuditEntry(sequence, timestamp, actor, action, model, version, key, before, after, reason);
  }
}

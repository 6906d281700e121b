package dev.mlops.core.registry;

/**
 * The points a registration passes, in order. Tests observe them through a {@link PublishObserver}
 * to stop a child process at an exact point and kill it there.
 */
enum PublishStep {
  /** One more artifact file was copied into the staging directory and flushed. */
  FILE_COPIED,
  /** Every file is staged and flushed; the registry lock is not taken yet. */
  STAGED,
  /** The journal is durable under the registry lock; nothing is published yet. */
  JOURNAL_WRITTEN,
  /** The version directory was renamed into place; the model file is not updated yet. */
  VERSION_MOVED,
  /** The audit entry is durable; the journal is not removed yet. */
  AUDIT_APPENDED
}

package dev.mlops.core.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each mutation all-or-nothing across a crash (redo logging). Under the registry lock a
 * writer records the whole mutation in {@code journal.json}, then performs it (rename the version
 * into place, replace the metadata files, append the audit entry) and deletes the journal. If the
 * writer dies after the journal is durable, the next writer (or the next open) finds it and
 * performs the same steps again; each is idempotent. Before the journal is durable nothing has
 * changed, so a crash then simply loses the mutation. A journal whose audit entry is already in the
 * log is complete (the entry is appended last) and is only removed.
 *
 * <p>The point of all this is that the metadata files and the audit log never disagree: every
 * change that became visible has exactly one audit entry, and every audit entry describes a change
 * that happened.
 */
final class Journal {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final RegistryLayout layout;
  private final AuditLog auditLog;
  private final Path tempDir;
  private final PublishObserver observer;

  Journal(RegistryLayout layout, AuditLog auditLog, Path tempDir, PublishObserver observer) {
    this.layout = layout;
    this.auditLog = auditLog;
    this.tempDir = tempDir;
    this.observer = observer;
  }

  /** Whether a journal is waiting to be replayed. */
  boolean pending() {
    return Files.exists(layout.journal());
  }

  /**
   * Records a mutation durably, then performs it. Call under the registry lock, with the mutation's
   * audit entry numbered one past the last entry in the log.
   *
   * @param mutation the mutation
   * @throws IOException if a step fails; if the journal was written by then, the mutation is
   *     committed and the next writer completes it
   */
  void commit(JournalFile mutation) throws IOException {
    DurableFiles.replace(layout.journal(), JsonCodec.pretty(mutation), tempDir);
    if (mutation.move() != null) {
      observer.reached(PublishStep.JOURNAL_WRITTEN);
    }
    apply(mutation);
  }

  /**
   * Completes a mutation whose writer died after writing the journal. Call under the registry lock,
   * after the audit log's torn tail (if any) was cut off.
   *
   * @param lastSequence the sequence number of the last entry in the audit log
   * @return whether there was a journal to replay
   */
  boolean recover(long lastSequence) throws IOException {
    if (!pending()) {
      return false;
    }
    JournalFile mutation;
    try {
      mutation = JsonCodec.read(layout.journal(), JournalFile.class);
    } catch (IOException e) {
      // Journals are renamed into place complete, so this is outside damage; the change never started.
      LOG.error("Discarding unreadable journal {}: {}", layout.journal(), e.toString());
      Files.delete(layout.journal());
      return true;
    }
    if (mutation.entry().sequence() <= lastSequence) {
      // The entry is in the log, and it is appended only after every other step is durable: the
      // mutation completed and only the journal's removal was lost. Replaying it could overwrite
      // later changes with older content.
      Files.delete(layout.journal());
      return true;
    }
    LOG.warn("Completing a change interrupted by a crash: {} of model '{}' (audit entry {})",
        mutation.entry().action(), mutation.entry().model(), mutation.entry().sequence());
    apply(mutation);
    return true;
  }

  private void apply(JournalFile mutation) throws IOException {
    JournalFile.Move move = mutation.move();
    if (move != null && !moveIntoPlace(move)) {
      Files.delete(layout.journal());
      return;
    }
    for (JournalFile.Write write : mutation.writes()) {
      DurableFiles.replace(layout.resolveRelative(write.path()), JsonCodec.pretty(write.content()), tempDir);
    }
    auditLog.append(mutation.entry().toEntry());
    observer.reached(PublishStep.AUDIT_APPENDED);
    // No directory sync: if the deletion is lost in a crash, replaying this journal again is harmless.
    Files.delete(layout.journal());
  }

  /**
   * Renames the staged version into place, unless that already happened.
   *
   * @return false if the journal cannot be replayed and must be discarded
   */
  private boolean moveIntoPlace(JournalFile.Move move) throws IOException {
    Path from = layout.resolveRelative(move.from());
    Path to = layout.resolveRelative(move.to());
    if (!layout.staging().equals(from.getParent())) {
      throw new RegistryLayoutException(layout.journal(), "moves " + move.from() + " into place, which is"
          + " not a staging directory");
    }
    boolean staged = Files.exists(from);
    boolean published = Files.exists(to);
    if (staged == published) {
      // Neither: the staged files are gone. Both: the destination was taken by hand. Either way
      // the registration never became visible, and replaying it would do harm.
      LOG.error("Discarding journal {}: the staged version {} {} and its destination {} {}; the"
          + " registration is dropped", layout.journal(), move.from(), staged ? "exists" : "is missing",
          move.to(), published ? "exists" : "is missing");
      return false;
    }
    if (published) {
      return true;
    }
    Path versions = DurableFiles.parent(to);
    boolean newModel = !Files.exists(versions);
    Files.createDirectories(versions);
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    DurableFiles.syncDirectory(versions);
    if (newModel) {
      DurableFiles.syncDirectory(DurableFiles.parent(versions));

      DurableFiles.syncDirectory(layout.models());
    }
    // The staging directory needs no sync: a rename is one atomic metadata operation, and a
    // staging entry that reappeared after a crash would only be cleaned up as abandoned.
    observer.reached(PublishStep.VERSION_MOVED);
    return true;
  }
}

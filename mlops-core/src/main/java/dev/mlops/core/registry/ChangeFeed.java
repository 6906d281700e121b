package dev.mlops.core.registry;

import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the audit log: every entry appended, by this process or another, is handed to the sink
 * exactly once and in sequence order. The registry uses it to invalidate cached metadata and to
 * announce changes to listeners, so that its own changes and other processes' changes take one path.
 *
 * <p>Checking for news costs one {@code stat} of the log while nothing changed, so every read
 * calls {@link #catchUp()} and the cache is never staler than the directory.
 */
final class ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  /** Receives each new entry. */
  interface Sink {
    void accept(AuditEntry entry);

    /** The log changed in a way that cannot be followed entry by entry (it was truncated). */
    void reset();
  }

  private final AuditLog log;
  private final Sink sink;
  private volatile long offset;
  private long lastSequence;

  /** Starts following the log from its current end. */
  ChangeFeed(AuditLog log, Sink sink) throws IOException {
    this.log = log;
    this.sink = sink;
    AuditLog.End end = log.end();
    this.offset = end.offset();
    this.lastSequence = end.sequence();
  }

  /**
   * Reads the entries appended since the last call and passes them to the sink.
   *
   * @throws RegistryStorageException if the log cannot be read
   */
  void catchUp() {
    try {
      if (log.size() == offset) {
        return;
      }
      synchronized (this) {
        long size = log.size();
        if (size < offset) {
          LOG.warn("Audit log {} shrank from {} to {} bytes behind this registry's back; re-reading its end",
              log.file(), offset, size);
          AuditLog.End end = log.end();
          offset = end.offset();
          lastSequence = end.sequence();
          sink.reset();
          return;
        }
        offset = log.read(offset, size, (entry, end) -> {
          if (entry.sequence() > lastSequence) {
            lastSequence = entry.sequence();
            sink.accept(entry);
          } else {
            LOG.warn("Ignoring audit entry {} of {} out of sequence (last was {})", entry.sequence(),
                log.file(), lastSequence);
          }
          return true;
        });
      }
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read the audit log " + log.file() + ": " + e, e);
    }
  }

  /**
   * The sequence number of the last entry seen. Under the registry lock and after {@link
   * #catchUp()}, it is the last entry in the log.
   */
  synchronized long lastSequence() {
    return lastSequence;
  }

  /**
   * Cuts off a torn or damaged last line (a crash during an append). Call under the registry lock,
   * after {@link #catchUp()}: then anything past the last readable line belongs to no live writer.
   */
  synchronized void repairTornTail() throws IOException {
    long size = log.size();
    if (size > offset) {
      LOG.warn("Removing {} bytes of an unfinished or damaged line at the end of audit log {}, left by"
          + " a writer that stopped mid-append", size - offset, log.file());
      log.truncate(offset);
    }
  }
}

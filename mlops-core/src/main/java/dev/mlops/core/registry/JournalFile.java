package dev.mlops.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code journal.json}: one mutation, written durably before any of its effects, so that a writer
 * that dies half-way leaves enough behind for the next one to finish the job (redo). Every step is
 * idempotent: a move happens only if its source still exists, writes replace whole files, and the
 * audit entry is appended only if the log does not hold it yet.
 *
 * @param entry the audit entry the mutation appends
 * @param move a directory to rename into place first (publishing a version), or null
 * @param writes files to replace, in order, with their new JSON content
 */
record JournalFile(AuditLine entry, @Nullable Move move, List<Write> writes) {

  JournalFile {
    writes = writes == null ? List.of() : List.copyOf(writes);
  }

  /**
   * A rename, with paths relative to the registry root.
   *
   * @param from the staging directory
   * @param to its final place
   */
  record Move(String from, String to) {}

  /**
   * A whole-file replacement.
   *
   * @param path relative to the registry root
   * @param content the new JSON content
   */
  record Write(String path, JsonNode content) {}
}

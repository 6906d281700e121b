package dev.mlops.core.registry;

import dev.mlops.registry.AuditEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit.jsonl}: one compact JSON object per line, appended under the registry lock and
 * flushed before the change is announced.
 *
 * <p>Only complete lines count. A crash in the middle of an append leaves a line without its
 * newline; readers ignore such a tail and the next writer truncates it before appending. A complete
 * line that does not parse (damage) is skipped with a warning.
 */
final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int BLOCK = 1 << 16;

  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The file's size in bytes, 0 if it does not exist yet. */
  long size() throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /**
   * Where the log's complete lines end, and the sequence number of the last readable entry.
   *
   * @param offset the position just after the last newline
   * @param sequence the last entry's sequence number, 0 for an empty log
   */
  record End(long offset, long sequence) {}

  /** Finds the end of the complete lines by reading backwards from the end of the file. */
  End end() throws IOException {
    long size = size();
    for (long window = BLOCK; ; window *= 2) {
      long start = Math.max(0, size - window);
      byte[] bytes = readRange(start, size);
      int lastNewline = lastIndexOf(bytes, bytes.length);
      if (lastNewline < 0) {
        if (start == 0) {
          return new End(0, 0);
        }
        continue;
      }
      long offset = start + lastNewline + 1;
      for (int lineEnd = lastNewline; ; ) {
        int previous = lastIndexOf(bytes, lineEnd);
        if (previous < 0 && start > 0) {
          break;
        }
        AuditEntry entry = parse(Arrays.copyOfRange(bytes, previous + 1, lineEnd), start + previous + 1);
        if (entry != null) {
          return new End(offset, entry.sequence());
        }
        if (previous < 0) {
          return new End(offset, 0);
        }
        lineEnd = previous;
      }
    }
  }

  /** Receives entries as they are read. */
  interface Visitor {
    /**
     * @param entry the entry
     * @param endOffset the position just after its line
     * @return false to stop reading
     */
    boolean visit(AuditEntry entry, long endOffset);
  }

  /**
   * Reads the complete lines between two positions.
   *
   * @param from a position at the start of a line
   * @param until where to stop; a line not finished by then is left unread
   * @param visitor receives each readable entry
   * @return the position after the last line consumed
   */
  long read(long from, long until, Visitor visitor) throws IOException {
    if (from >= until) {
      return from;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long position = from;
      long consumed = from;
      ch.position(from);
      while (position < until) {
        buffer.clear().limit((int) Math.min(BLOCK, until - position));
        int n = ch.read(buffer);
        if (n < 0) {
          break;
        }
        byte[] block = buffer.array();
        int lineStart = 0;
        for (int i = 0; i < n; i++) {
          if (block[i] != '\n') {
            continue;
          }
          line.write(block, lineStart, i - lineStart);
          long lineOffset = consumed;
          consumed = position + i + 1;
          AuditEntry entry = parse(line.toByteArray(), lineOffset);
          line.reset();
          lineStart = i + 1;
          if (entry != null && !visitor.visit(entry, consumed)) {
            return consumed;
          }
        }
        line.write(block, lineStart, n - lineStart);
        position += n;
      }
      return consumed;
    } catch (NoSuchFileException e) {
      return from;
    }
  }

  /** Whether a position is the start of a line (a valid place to resume reading). */
  boolean isLineStart(long offset) throws IOException {
    if (offset == 0) {
      return true;
    }
    byte[] previous = readRange(offset - 1, offset);
    return previous.length == 1 && previous[0] == '\n';
  }

  /** Appends one entry as a line and flushes it to the device. */
  void append(AuditEntry entry) throws IOException {
    boolean created = !Files.exists(file);
    ByteBuffer line = ByteBuffer.wrap(JsonCodec.line(AuditLine.of(entry)));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      while (line.hasRemaining()) {
        ch.write(line);
      }
      ch.force(true);
    }
    if (created) {
      DurableFiles.syncDirectory(file.getParent());
    }
  }

  /** Cuts the file back to a size, dropping a torn last line. */
  void truncate(long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
      ch.force(true);
    }
  }

  private byte[] readRange(long start, long end) throws IOException {
    if (end <= start) {
      return new byte[0];
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(end - start));
      while (buffer.hasRemaining()) {
        if (ch.read(buffer, start + buffer.position()) < 0) {
          break;
        }
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }

  private static int lastIndexOf(byte[] bytes, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private @Nullable AuditEntry parse(byte[] line, long offset) {
    try {
      return JsonCodec.parse(line, AuditLine.class).toEntry();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Skipping unreadable line at byte {} of audit log {}: {}", offset, file, e.toString());
      return null;
    }
  }
}

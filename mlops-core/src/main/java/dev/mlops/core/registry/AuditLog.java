package dev.mlops.core.registry;

import dev.mlops.registry.AuditEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit.jsonl}: one compact JSON object per line, appended under the registry lock and
 * flushed before the change is announced.
 *
 * <p>Only complete lines count. A crash in the middle of an append leaves a line without its
 * newline, or (after a power loss) a line of garbage; readers ignore such a tail and the next writer
 * truncates it before appending. A damaged line followed by good ones is skipped with a warning.
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

  /**
   * The file's size in bytes, 0 if it does not exist yet.
   *
   * @throws RegistryLayoutException if it is a symbolic link or not a regular file
   */
  long size() throws IOException {
    BasicFileAttributes attributes = RegistryLayout.requireKind(file, false);
    return attributes == null ? 0 : attributes.size();
  }

  /**
   * Where the log's complete lines end, and the sequence number of the last readable entry.
   *
   * @param offset the position just after the last newline
   * @param sequence the last entry's sequence number, 0 for an empty log
   */
  record End(long offset, long sequence) {}

  /**
   * Finds where the readable log ends, reading backwards from the end of the file: just after the
   * last line that parses. Anything after it (a torn or damaged tail) is for the next writer to cut.
   */
  End end() throws IOException {
    long size = size();
    for (long window = BLOCK; ; window *= 2) {
      long start = Math.max(0, size - window);
      byte[] bytes = readRange(start, size);
      for (int lineEnd = lastIndexOf(bytes, bytes.length); lineEnd >= 0; ) {
        int previous = lastIndexOf(bytes, lineEnd);
        if (previous < 0 && start > 0) {
          break; // the line may begin before this window: widen it
        }
        AuditEntry entry = parse(Arrays.copyOfRange(bytes, previous + 1, lineEnd));
        if (entry != null) {
          return new End(start + lineEnd + 1, entry.sequence());
        }
        lineEnd = previous;
      }
      if (start == 0) {
        return new End(0, 0);
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
   * Reads the complete lines between two positions. A line that does not parse is skipped with a
   * warning once another line follows it; while it is the last line, it is left unread, because
   * another process may still be writing it or a writer died in the middle of it.
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
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long position = from;
      long lineStart = from;
      long consumed = from;
      long unreadable = -1;
      ch.position(from);
      while (position < until) {
        buffer.clear().limit((int) Math.min(BLOCK, until - position));
        int n = ch.read(buffer);
        if (n < 0) {
          break;
        }
        byte[] block = buffer.array();
        int blockLineStart = 0;
        for (int i = 0; i < n; i++) {
          if (block[i] != '\n') {
            continue;
          }
          line.write(block, blockLineStart, i - blockLineStart);
          blockLineStart = i + 1;
          long lineEnd = position + i + 1;
          if (unreadable >= 0) {
            LOG.warn("Skipping an unreadable line at byte {} of audit log {}", unreadable, file);
            unreadable = -1;
            consumed = lineStart;
          }
          AuditEntry entry = parse(line.toByteArray());
          line.reset();
          if (entry == null) {
            unreadable = lineStart;
          } else {
            consumed = lineEnd;
            if (!visitor.visit(entry, lineEnd)) {
              return consumed;
            }
          }
          lineStart = lineEnd;
        }
        line.write(block, blockLineStart, n - blockLineStart);
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
    boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    ByteBuffer line = ByteBuffer.wrap(JsonCodec.line(AuditLine.of(entry)));
    // Never through a link (it would append to whatever it leads to): size() reported one already.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
      while (line.hasRemaining()) {
        ch.write(line);
      }
      ch.force(true);
    }
    if (created) {
      DurableFiles.syncDirectory(DurableFiles.parent(file));

    }
  }

  /** Cuts the file back to a size, dropping a torn last line. */
  void truncate(long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ch.truncate(size);
      ch.force(true);
    }
  }

  private byte[] readRange(long start, long end) throws IOException {
    if (end <= start) {
      return new byte[0];
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
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

  private static @Nullable AuditEntry parse(byte[] line) {
    try {
      return JsonCodec.parse(line, AuditLine.class).toEntry();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

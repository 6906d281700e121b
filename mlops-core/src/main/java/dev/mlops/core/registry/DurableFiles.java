package dev.mlops.core.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * File operations that survive a crash: content is flushed to the device before it becomes
 * visible under its final name, and the directory entry is flushed after a rename.
 */
final class DurableFiles {

  /** Files in the staging area with this suffix are temporary copies, written under the lock. */
  static final String TEMP_SUFFIX = ".tmp";

  private DurableFiles() {}

  /**
   * Replaces a file's content atomically: readers see the old or the new content, never a mix, and
   * after a crash the file holds one of the two.
   *
   * @param target the file to replace or create
   * @param content the new content
   * @param tempDir a directory on the same file system for the temporary copy
   */
  static void replace(Path target, byte[] content, Path tempDir) throws IOException {
    Path temp = tempDir.resolve(UUID.randomUUID() + TEMP_SUFFIX);
    try {
      writeNew(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target.getParent());
  }

  /** Creates a file that must not exist yet and flushes its content to the device. */
  static void writeNew(Path target, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
  }

  /**
   * Flushes a directory's entries (names created, renamed or deleted in it) to the device. Some
   * platforms (Windows) cannot open a directory for this; there the rename itself is durable
   * enough and the call does nothing.
   */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (AccessDeniedException e) {
      // Windows refuses to open directories; NTFS journals the metadata itself.
    }
  }

  /** Deletes a file or a directory tree; missing entries are fine (someone else got there first). */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

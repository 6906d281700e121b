package dev.mlops.core.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
    syncDirectory(parent(target));
  }

  /**
   * The directory holding a path the registry built below its root, which always has one.
   *
   * @throws IllegalStateException if the path has no parent (a bug: it was not built below a root)
   */
  static Path parent(Path path) {
    Path parent = path.getParent();
    if (parent == null) {
      throw new IllegalStateException("'" + path + "' has no parent directory");
    }
    return parent;
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

  /**
   * Deletes a file or a directory tree under a trusted directory, never following a symbolic link:
   * neither on the way from {@code base} to {@code path} nor inside the tree. Where the platform
   * offers it ({@link SecureDirectoryStream}: Linux, macOS), each directory is opened relative to
   * its parent without following links and each entry removed relative to it, so a directory
   * swapped for a link half-way cannot lead the deletion elsewhere. Missing entries are fine
   * (someone else got there first).
   *
   * @param base a directory the caller trusts, such as the registry root (its real path)
   * @param path what to delete, under {@code base}
   * @throws RegistryLayoutException if a symbolic link is met; nothing past it is touched
   */
  static void deleteTree(Path base, Path path) throws IOException {
    Path relative = base.relativize(path);
    if (relative.startsWith("..") || relative.toString().isEmpty()) {
      throw new IllegalArgumentException(path + " is not under " + base);
    }
    try (DirectoryStream<Path> top = Files.newDirectoryStream(base)) {
      if (!(top instanceof SecureDirectoryStream<Path> secure)) {
        deleteTreeByPath(base, path);
        return;
      }
      Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();
      try {
        SecureDirectoryStream<Path> parent = secure;
        Path at = base;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
          Path name = relative.getName(i);
          at = at.resolve(name);
          BasicFileAttributes attributes = attributesOf(parent, name);
          if (attributes == null) {
            return;
          }
          if (!attributes.isDirectory()) {
            throw attributes.isSymbolicLink() ? RegistryLayout.linked(at)
                : new RegistryLayoutException(at, "is not a directory");
          }
          parent = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
          opened.push(parent);
        }
        deleteEntry(parent, relative.getFileName(), path);
      } catch (NoSuchFileException e) {
        // A directory on the way vanished: so did everything under it.
      } finally {
        for (SecureDirectoryStream<Path> stream : opened) {
          stream.close();
        }
      }
    }
  }

  private static void deleteEntry(SecureDirectoryStream<Path> parent, Path name, Path path) throws IOException {
    BasicFileAttributes attributes = attributesOf(parent, name);
    if (attributes == null) {
      return;
    }
    if (attributes.isSymbolicLink()) {
      throw RegistryLayout.linked(path);
    }
    try {
      if (!attributes.isDirectory()) {
        parent.deleteFile(name);
        return;
      }
      try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
        List<Path> names = new ArrayList<>();
        dir.forEach(entry -> names.add(entry.getFileName()));
        for (Path child : names) {
          deleteEntry(dir, child, path.resolve(child));
        }
      }
      parent.deleteDirectory(name);
    } catch (NoSuchFileException e) {
      // someone else got there first
    }
  }

  private static @Nullable BasicFileAttributes attributesOf(SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * {@link #deleteTree} where the platform has no secure directory streams (Windows): each entry is
   * checked, then deleted by path. Package-private so that its tests run on every platform.
   */
  static void deleteTreeByPath(Path base, Path path) throws IOException {
    for (Path p = parent(path); !p.equals(base); p = parent(p)) {

      RegistryLayout.requireKind(p, true);
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // walkFileTree does not follow links by default; it reports each as a file.
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
          throw RegistryLayout.linked(file);
        }
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

package dev.mlops.core.registry;

import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code staging} directory, where versions are assembled before they are published, and where
 * temporary copies of metadata files are written before they are renamed into place.
 *
 * <p>Each registration in progress owns {@code staging/ID/} and {@code staging/ID.lock}; it holds an
 * OS lock on the lock file until it is done. A process that dies releases its locks, so {@link
 * #cleanUp()} can tell abandoned staging directories (lock free) from live ones (lock held) and
 * never deletes a copy another process is still making.
 */
final class StagingArea {

  private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
  private static final String LOCK_SUFFIX = ".lock";

  /**
   * Stage lock files held by this JVM. Cleanup must not even open these: closing a second channel
   * on a file would drop this process's lock on it (POSIX semantics).
   */
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final Path dir;
  private final RegistryLock registryLock;

  StagingArea(RegistryLayout layout, RegistryLock registryLock) {
    this.root = layout.root();
    this.dir = layout.staging();
    this.registryLock = registryLock;
  }

  /**
   * The staging directory itself. Temporary copies of metadata files are written here, only while
   * holding the registry lock (so that {@link #cleanUp()} may delete any it finds).
   */
  Path directory() {
    return dir;
  }

  /**
   * Starts a staging directory. Taking the registry lock for this moment makes creating and locking
   * the owner file atomic with respect to {@link #cleanUp()}, which runs under the same lock.
   *
   * @throws RegistryLayoutException if the staging directory is not one (a link, say)
   * @throws RegistryStorageException if the directory cannot be created
   */
  @SuppressWarnings("try") // the lock is held for the block's duration, not referenced in it
  Stage create() {
    String id = UUID.randomUUID().toString();
    Path lockFile = dir.resolve(id + LOCK_SUFFIX);
    Path stageDir = dir.resolve(id);
    try (RegistryLock.Held held = registryLock.acquire()) {
      RegistryLayout.requireKind(dir, true);
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.lock();
        HELD_IN_THIS_JVM.add(lockFile);
        Files.createDirectory(stageDir);
        return new Stage(root, stageDir, lockFile, channel, lock);
      } catch (IOException | RuntimeException e) {
        HELD_IN_THIS_JVM.remove(lockFile);
        channel.close();
        DurableFiles.deleteTree(root, lockFile);
        throw e;
      }
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot create a staging directory in " + dir + ": " + e, e);
    }
  }

  /**
   * Deletes what dead registrations left behind: staging directories whose owner lock is free or
   * gone, and temporary files. Call only while holding the registry lock.
   *
   * <p>The registry never puts a symbolic link here, so cleanup never follows or removes one: a
   * link in staging, or anywhere inside a directory to remove, is reported instead.
   *
   * @return how many entries were removed
   * @throws RegistryLayoutException if the staging directory is a link or holds one
   */
  int cleanUp() throws IOException {
    if (RegistryLayout.requireKind(dir, true) == null) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean temporary = name.endsWith(DurableFiles.TEMP_SUFFIX);
        boolean lockFile = name.endsWith(LOCK_SUFFIX);
        BasicFileAttributes attributes = temporary || lockFile
            ? RegistryLayout.requireKind(entry, false) : RegistryLayout.entry(entry);
        if (attributes == null) {
          continue;
        }
        if (temporary) {
          // Temporary files are only written under the registry lock, which we hold: this is debris.
          DurableFiles.deleteTree(root, entry);
          removed++;
        } else if (lockFile) {
          removed += removeIfAbandoned(entry, dir.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())));
        } else if (attributes.isDirectory() && !Files.exists(dir.resolve(name + LOCK_SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
          // Owners create the lock file before the directory and delete it after: nobody owns this.
          DurableFiles.deleteTree(root, entry);
          removed++;
        }
      }
    }
    if (removed > 0) {
      LOG.info("Removed {} abandoned staging entries from {}", removed, dir);
    }
    return removed;
  }

  private int removeIfAbandoned(Path lockFile, Path stageDir) throws IOException {
    if (HELD_IN_THIS_JVM.contains(lockFile)) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return 0;
      }
      if (lock == null) {
        return 0;
      }
      try {
        LOG.warn("Removing staging directory {} abandoned by a registration that did not finish", stageDir);
        DurableFiles.deleteTree(root, stageDir);
        DurableFiles.deleteTree(root, lockFile);
        return 1;
      } finally {
        lock.release();
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** One registration's staging directory, locked by its owner until closed. */
  static final class Stage implements AutoCloseable {
    private final Path root;
    private final Path directory;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean keepDirectory;

    private Stage(Path root, Path directory, Path lockFile, FileChannel channel, FileLock lock) {
      this.root = root;
      this.directory = directory;
      this.lockFile = lockFile;
      this.channel = channel;
      this.lock = lock;
    }

    Path directory() {
      return directory;
    }

    /**
     * Leaves the directory in place on close: it was moved into the registry, or a journal that
     * recovery will replay still refers to it.
     */
    void keepDirectory() {
      keepDirectory = true;
    }

    /** Deletes the directory (unless kept) and the lock file, then releases the lock. */
    @Override
    public void close() {
      try {
        if (!keepDirectory) {
          DurableFiles.deleteTree(root, directory);
        }
        DurableFiles.deleteTree(root, lockFile);
      } catch (IOException | RegistryLayoutException e) {
        LOG.warn("Cannot remove staging directory {}; the next open of the registry will: {}", directory, e.toString());
      } finally {
        HELD_IN_THIS_JVM.remove(lockFile);
        try (channel) {
          lock.release();
        } catch (IOException e) {
          LOG.warn("Cannot release staging lock {}: {}", lockFile, e.toString());
        }
      }
    }
  }
}

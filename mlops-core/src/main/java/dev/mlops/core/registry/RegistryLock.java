package dev.mlops.core.registry;

import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registry's write lock, exclusive across threads and processes: an in-JVM lock shared by every
 * registry instance on the same root, then an OS file lock on {@code registry.lock}.
 *
 * <p>Both are needed. File locks belong to the whole JVM, so a second lock attempt from the same
 * JVM throws {@code OverlappingFileLockException} instead of waiting; and on POSIX systems closing
 * any channel on a file drops every lock the process holds on it. The in-JVM lock, keyed by the
 * root's real path, makes sure only one channel on the lock file is ever open in this JVM.
 */
final class RegistryLock {

  private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final ReentrantLock jvmLock;

  /**
   * @param realRoot the registry root, as a real path so that every spelling of it shares a lock
   * @param lockFile the lock file under it
   */
  RegistryLock(Path realRoot, Path lockFile) {
    this.lockFile = lockFile;
    this.jvmLock = IN_JVM.computeIfAbsent(realRoot, k -> new ReentrantLock());
  }

  /**
   * Waits for the lock.
   *
   * @return the held lock; close it to release
   * @throws RegistryStorageException if the lock file cannot be opened or locked
   * @throws IllegalStateException if the calling thread already holds it
   */
  Held acquire() {
    if (jvmLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("The registry lock on " + lockFile + " is not re-entrant");
    }
    jvmLock.lock();
    FileChannel channel = null;
    try {
      // Never through a link: a dangling one would create its target, wherever that is.
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      return new Held(channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      } finally {
        jvmLock.unlock();
      }
      if (e instanceof IOException io) {
        throw new RegistryStorageException("Cannot lock " + lockFile + ": " + io, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Whether the calling thread holds the lock. */
  boolean isHeldByCurrentThread() {
    return jvmLock.isHeldByCurrentThread();
  }

  /** The held lock. */
  final class Held implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock fileLock;

    private Held(FileChannel channel, FileLock fileLock) {
      this.channel = channel;
      this.fileLock = fileLock;
    }

    @Override
    public void close() {
      try (channel) {
        fileLock.release();
      } catch (IOException e) {
        throw new RegistryStorageException("Cannot release the lock on " + lockFile + ": " + e, e);
      } finally {
        jvmLock.unlock();
      }
    }
  }
}

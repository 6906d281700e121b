package dev.mlops.jdbc.internal;

import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A version's artifact copied out of the registry into a private temporary directory, verified
 * file by file while it was written; deleted on {@link #close()}.
 */
public final class MaterializedArtifact implements ModelArtifact {

  private final ModelVersion version;
  private final Path directory;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Wraps a directory that holds the verified files.
   *
   * @param version the version
   * @param directory the temporary directory, owned by this object from now on
   */
  public MaterializedArtifact(ModelVersion version, Path directory) {
    this.version = version;
    this.directory = directory;
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public Path directory() {
    if (closed.get()) {
      throw new IllegalStateException("The artifact of model '" + version.name() + "' version "
          + version.version() + " is closed; open it again");
    }
    return directory;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        deleteRecursively(directory);
      } catch (IOException e) {
        throw new RegistryStorageException("Cannot delete the temporary copy " + directory
            + " of model '" + version.name() + "' version " + version.version() + ": "
            + e.getMessage(), e);
      }
    }
  }

  /**
   * Deletes a directory tree; missing files are fine.
   *
   * @param root the directory
   * @throws IOException if something cannot be deleted
   */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

package dev.mlops.core.registry.internal;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A version's verified artifact files copied into a private temporary directory, for registries
 * whose storage is not a local directory (in-memory, database); the directory is deleted on
 * {@link #close()}.
 */
public final class TemporaryArtifact implements ModelArtifact {

  private final ModelVersion version;
  private final Path directory;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Takes ownership of a directory that already holds the verified files.
   *
   * @param version the version
   * @param directory the temporary directory, owned by this object from now on
   */
  public TemporaryArtifact(ModelVersion version, Path directory) {
    this.version = version;
    this.directory = directory;
  }

  /**
   * Writes verified bytes into a fresh temporary directory.
   *
   * @param version the version the files belong to
   * @param files the verified bytes by relative path, one entry per artifact file of the version
   * @return the artifact, owning the directory
   * @throws RegistryStorageException if the temporary files cannot be written; nothing is left
   */
  public static TemporaryArtifact write(ModelVersion version, Map<String, byte[]> files) {
    Path dir;
    try {
      dir = Files.createTempDirectory("mlops-" + version.name() + "-" + version.version() + "-");
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot create a temporary directory for model '"
          + version.name() + "' version " + version.version() + ": " + e.getMessage(), e);
    }
    try {
      for (ArtifactRef ref : version.artifacts()) {
        Path target = dir.resolve(ref.path());
        Files.createDirectories(target.getParent());
        Files.write(target, files.get(ref.path()));
      }
    } catch (IOException e) {
      RegistryStorageException failure = new RegistryStorageException("Cannot write the artifact of model '"
          + version.name() + "' version " + version.version() + " to " + dir + ": " + e.getMessage(), e);
      try {
        deleteRecursively(dir);
      } catch (IOException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
    return new TemporaryArtifact(version, dir);
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public Path directory() {
    if (closed.get()) {
      throw new IllegalStateException("The artifact of model '" + version.name() + "' version "
          + version.version() + " is closed; open it again from the registry");
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

  @Override
  public String toString() {
    return "TemporaryArtifact[" + version.uri() + " at " + directory + (closed.get() ? ", closed]" : "]");
  }
}

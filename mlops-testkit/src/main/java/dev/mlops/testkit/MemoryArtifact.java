package dev.mlops.testkit;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * An artifact of the in-memory registry, written to a temporary directory for the engines that
 * load models from disk; the directory is deleted on {@link #close()}.
 */
final class MemoryArtifact implements ModelArtifact {

  private final ModelVersion version;
  private final Path directory;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MemoryArtifact(ModelVersion version, Path directory) {
    this.version = version;
    this.directory = directory;
  }

  /**
   * Writes verified bytes to a fresh temporary directory.
   *
   * @param version the version the files belong to
   * @param files the verified bytes by relative path, one entry per artifact file
   * @throws RegistryStorageException if the temporary files cannot be written
   */
  static MemoryArtifact materialise(ModelVersion version, Map<String, byte[]> files) {
    Path dir;
    try {
      dir = Files.createTempDirectory("mlops-memory-" + version.name() + "-" + version.version() + "-");
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
      deleteTree(dir);
      throw new RegistryStorageException("Cannot write the artifact of model '" + version.name()
          + "' version " + version.version() + " to " + dir + ": " + e.getMessage(), e);
    }
    return new MemoryArtifact(version, dir);
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
      deleteTree(directory);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : deepestFirst) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot delete the temporary artifact copy " + root
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "MemoryArtifact[" + version.uri() + " at " + directory + (closed.get() ? ", closed]" : "]");
  }
}

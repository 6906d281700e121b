package dev.mlops.registry;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A version's artifact files, verified against their recorded sizes and SHA-256 checksums and
 * available on the local file system for as long as this object is open. Engines that load models
 * from disk use {@link #directory()}; others stream single files with {@link #open(String)}.
 *
 * <p>The files must be treated as read-only. Close the artifact when the model is loaded: a
 * registry that materialised a temporary copy deletes it then.
 *
 * @since 0.1
 */
public interface ModelArtifact extends AutoCloseable {

  /**
   * The version these files belong to.
   *
   * @return the version
   */
  ModelVersion version();

  /**
   * The directory holding the artifact files under their relative paths.
   *
   * @return a local directory, valid until {@link #close()}
   * @throws IllegalStateException if the artifact is closed
   */
  Path directory();

  /**
   * The artifact files.
   *
   * @return the files, sorted by path
   */
  default List<ArtifactRef> files() {
    return version().artifacts();
  }

  /**
   * The local path of one artifact file.
   *
   * @param relativePath a path from {@link #files()}
   * @return the file's location, valid until {@link #close()}
   * @throws IllegalArgumentException if the version has no such file
   * @throws IllegalStateException if the artifact is closed
   */
  default Path file(String relativePath) {
    if (files().stream().noneMatch(f -> f.path().equals(relativePath))) {
      throw new IllegalArgumentException("Model '" + version().name() + "' version "
          + version().version() + " has no artifact file '" + relativePath + "'; it has "
          + files().stream().map(ArtifactRef::path).toList());
    }
    return directory().resolve(relativePath);
  }

  /**
   * Opens one artifact file for reading. The file was verified when this artifact was opened.
   *
   * @param relativePath a path from {@link #files()}
   * @return a stream the caller closes
   * @throws IllegalArgumentException if the version has no such file
   * @throws IllegalStateException if the artifact is closed
   * @throws RegistryStorageException if the file cannot be opened
   */
  default InputStream open(String relativePath) {
    Path p = file(relativePath);
    try {
      return java.nio.file.Files.newInputStream(p);
    } catch (java.io.IOException e) {
      throw new RegistryStorageException("Cannot open artifact file " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Releases the files: deletes a temporary copy where the registry made one.
   *
   * @throws RegistryStorageException if a temporary copy cannot be deleted
   */
  @Override
  void close();
}

package dev.mlops.core.registry;

import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;

/**
 * A verified artifact served from its place in the registry: no copy is made, the files are the
 * stored ones (read-only on disk), checked against their recorded size and SHA-256 when opened.
 */
final class StoredArtifact implements ModelArtifact {

  private final ModelVersion version;
  private final Path directory;
  private volatile boolean closed;

  StoredArtifact(ModelVersion version, Path directory) {
    this.version = version;
    this.directory = directory;
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public Path directory() {
    if (closed) {
      throw new IllegalStateException("The artifact of model '" + version.name() + "' version "
          + version.version() + " is closed; open it again");
    }
    return directory;
  }

  @Override
  public void close() {
    closed = true;
  }
}

package dev.mlops.jdbc.internal;

import dev.mlops.registry.ArtifactRef;
import org.jspecify.annotations.Nullable;

/**
 * Where one artifact file of a version lives: chunks in the database ({@code blobId}) or a file in
 * the external artifact store ({@code externalRef}, relative to the store's root). Exactly one of
 * the two is set.
 *
 * @param ref the file's path, size and SHA-256 as published
 * @param blobId the id in {@code artifact_blobs}, or null
 * @param externalRef the path inside the external store, or null
 */
public record StoredFile(ArtifactRef ref, @Nullable Long blobId, @Nullable String externalRef) {

  /**
   * Checks that exactly one location is set.
   *
   * @throws IllegalArgumentException if none or both are
   */
  public StoredFile {
    if ((blobId == null) == (externalRef == null)) {
      throw new IllegalArgumentException("Artifact file '" + ref.path()
          + "' must be stored either in the database or in the external store");
    }
  }
}

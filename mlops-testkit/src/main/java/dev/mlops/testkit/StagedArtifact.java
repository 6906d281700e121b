package dev.mlops.testkit;

import dev.mlops.core.registry.internal.ArtifactSource;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An artifact read into memory for registration, with the size and SHA-256 of every file computed
 * from the very bytes that are kept.
 *
 * @param refs the files' references, sorted by path
 * @param contents each file's bytes by relative path
 */
record StagedArtifact(List<ArtifactRef> refs, Map<String, byte[]> contents) {

  /** The largest file an in-memory registry holds: what fits in one Java array. */
  static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8L;

  StagedArtifact {
    refs = List.copyOf(refs);
    contents = Map.copyOf(contents);
  }

  /**
   * Reads a validated artifact source.
   *
   * @throws InvalidArtifactException if a file is too large or cannot be read
   */
  static StagedArtifact read(ArtifactSource source) {
    List<ArtifactRef> refs = new ArrayList<>();
    Map<String, byte[]> contents = new HashMap<>();
    for (ArtifactSource.SourceFile file : source.files()) {
      if (file.size() > MAX_FILE_SIZE) {
        throw new InvalidArtifactException(file.location().toString(), "it has " + file.size()
            + " bytes, more than an in-memory registry holds per file; use the file registry");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) file.size());
      try (InputStream in = Files.newInputStream(file.location())) {
        refs.add(ArtifactChecksums.copy(file.relativePath(), in, bytes));
      } catch (IOException e) {
        throw new InvalidArtifactException(file.location().toString(),
            "it cannot be read: " + e.getMessage());
      }
      contents.put(file.relativePath(), bytes.toByteArray());
    }
    return new StagedArtifact(refs, contents);
  }
}

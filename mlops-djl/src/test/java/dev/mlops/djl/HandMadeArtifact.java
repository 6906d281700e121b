package dev.mlops.djl;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An artifact that no registry checked, as an application may hand one to {@link
 * DjlPredictors#load(ModelArtifact)}: version 1 of a model, every file of a directory (links
 * included) or one file, with the given signature.
 */
final class HandMadeArtifact implements ModelArtifact {

  private final ModelVersion version;
  private final Path directory;

  private HandMadeArtifact(ModelVersion version, Path directory) {
    this.version = version;
    this.directory = directory;
  }

  /** Every file under a directory. */
  static ModelArtifact of(String model, ModelFormat format, Path fileOrDirectory,
      ModelSignature signature) {
    Path root = Files.isDirectory(fileOrDirectory) ? fileOrDirectory : fileOrDirectory.getParent();
    List<ArtifactRef> refs;
    try (Stream<Path> files = Files.isDirectory(fileOrDirectory) ? Files.walk(root)
        : Stream.of(fileOrDirectory)) {
      refs = files.filter(p -> !Files.isDirectory(p))
          .map(p -> new ArtifactRef(root.relativize(p).toString(), 1, "0".repeat(64)))
          .sorted(Comparator.comparing(ArtifactRef::path)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelVersion v = new ModelVersion(model, 1, format, refs, signature, Map.of(), Map.of(),
        Map.of(), Lineage.empty(), ModelVersionStatus.READY, Set.of(), null, Instant.EPOCH,
        "test");
    return new HandMadeArtifact(v, root);
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public void close() {}
}

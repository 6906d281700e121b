package dev.mlops.core.registry;

import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code mlops-registry.json} at the root: says that the directory is a file registry and which
 * on-disk format it uses, so that an older library refuses a newer format instead of misreading it,
 * and so that a mistyped path does not turn an unrelated directory into a registry.
 */
final class FormatMarker {

  /** The format this code reads and writes. */
  static final int CURRENT_FORMAT = 1;

  static final String KIND = "mlops-java file model registry";

  /**
   * The marker's content.
   *
   * @param kind always {@link #KIND}
   * @param format the on-disk format version
   * @param createdAt when the registry was created
   */
  record MarkerFile(String kind, int format, Instant createdAt) {}

  private FormatMarker() {}

  /**
   * Checks, before anything is written, that the root is an empty directory or a registry this code
   * can read.
   *
   * @throws RegistryStorageException if it is not
   */
  static void checkBeforeOpening(RegistryLayout layout) throws IOException {
    if (Files.exists(layout.marker())) {
      check(layout);
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.root())) {
      for (Path entry : entries) {
        if (!RegistryLayout.ROOT_ENTRIES.contains(entry.getFileName().toString())) {
          throw new RegistryStorageException("Directory " + layout.root() + " is not empty and holds no "
              + RegistryLayout.MARKER + ", so it is not a file model registry (it contains "
              + entry.getFileName() + "). Open a new or empty directory, or the root of an existing registry.",
              null);
        }
      }
    }
  }

  /** Creates the marker of a new registry, or checks an existing one. Call under the registry lock. */
  static void ensure(RegistryLayout layout, Instant now) throws IOException {
    if (Files.exists(layout.marker())) {
      check(layout);
    } else {
      DurableFiles.replace(layout.marker(), JsonCodec.pretty(new MarkerFile(KIND, CURRENT_FORMAT, now)),
          layout.staging());
    }
  }

  private static void check(RegistryLayout layout) throws IOException {
    MarkerFile marker;
    try {
      marker = JsonCodec.read(layout.marker(), MarkerFile.class);
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read " + layout.marker() + ", the format marker of the"
          + " registry: " + e.getMessage(), e);
    }
    if (!KIND.equals(marker.kind())) {
      throw new RegistryStorageException(layout.marker() + " does not describe a file model registry"
          + " (kind '" + marker.kind() + "', expected '" + KIND + "')", null);
    }
    if (marker.format() > CURRENT_FORMAT) {
      throw new RegistryStorageException("Registry " + layout.root() + " uses on-disk format "
          + marker.format() + ", written by a newer mlops-java; this version reads format " + CURRENT_FORMAT
          + ". Upgrade mlops-java to open it.", null);
    }
    if (marker.format() < 1) {
      throw new RegistryStorageException("Registry " + layout.root() + " declares an invalid on-disk format "
          + marker.format() + " in " + layout.marker(), null);
    }
  }
}

package dev.mlops.samples.onnxdir;

import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 of version files, and the {@code .sha256} sidecar files that pin them. */
final class Checksums {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Checksums() {}

  /** The sidecar of a version file: {@code N.onnx.sha256}. */
  static Path sidecar(Path file) {
    return file.resolveSibling(file.getFileName() + ".sha256");
  }

  /**
   * The checksum recorded in the sidecar, or the file's current checksum when there is none.
   *
   * @throws RegistryStorageException if a file cannot be read or the sidecar holds no checksum
   */
  static String recordedOrCurrent(Path file) {
    Path sidecar = sidecar(file);
    if (!Files.isRegularFile(sidecar)) {
      return sha256(file);
    }
    try {
      String text = Files.readString(sidecar, StandardCharsets.UTF_8).trim();
      String first = text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase(Locale.ROOT);
      if (!HEX.matcher(first).matches()) {
        throw new RegistryStorageException("Checksum file " + sidecar + " does not start with a"
            + " SHA-256 in hex; write it with 'sha256sum FILE > FILE.sha256' or delete it", null);
      }
      return first;
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read " + sidecar + ": " + e.getMessage(), e);
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return ArtifactChecksums.of(file.getFileName().toString(), in).sha256();
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}

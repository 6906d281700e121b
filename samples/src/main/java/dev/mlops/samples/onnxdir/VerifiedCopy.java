package dev.mlops.samples.onnxdir;

import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A private copy of a version's file in a temporary directory, checked against the recorded size
 * and checksum while it is copied (so that what is verified is what the caller reads), deleted on
 * close.
 */
final class VerifiedCopy implements ModelArtifact {

  private final ModelVersion version;
  private final Path directory;
  private final AtomicBoolean closed = new AtomicBoolean();

  private VerifiedCopy(ModelVersion version, Path directory) {
    this.version = version;
    this.directory = directory;
  }

  static VerifiedCopy of(ModelVersion version, Path source) {
    ArtifactRef ref = version.artifacts().get(0);
    Path dir;
    try {
      dir = Files.createTempDirectory("onnxdir-" + version.name() + "-" + version.version() + "-");
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot create a temporary directory for model '"
          + version.name() + "' version " + version.version() + ": " + e.getMessage(), e);
    }
    Path copy = dir.resolve(ref.path());
    MessageDigest md = ArtifactChecksums.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(source), md)) {
      long size = Files.copy(in, copy);
      String sha = HexFormat.of().formatHex(md.digest());
      if (size != ref.size() || !sha.equals(ref.sha256())) {
        deleteQuietly(dir);
        throw new ArtifactIntegrityException(version.name(), version.version(), ref.path(),
            size != ref.size() ? "its size is " + size + " bytes, not " + ref.size()
                : "its SHA-256 differs from the recorded checksum");
      }
    } catch (NoSuchFileException gone) {
      deleteQuietly(dir);
      throw new ArtifactIntegrityException(version.name(), version.version(), ref.path(),
          "the file disappeared");
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new RegistryStorageException("Cannot copy " + source + ": " + e.getMessage(), e);
    }
    return new VerifiedCopy(version, dir);
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
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary file left behind is harmless; the operating system cleans its temp directory.
    }
  }
}

package dev.mlops.jdbc.internal;

import dev.mlops.core.registry.internal.ArtifactSource;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Artifact bytes in an external store on a file system every instance mounts (such as NFS), with
 * only the reference and the checksum in the database. Files are content-addressed
 * ({@code sha256/ab/abcdef...}) and written through a temporary file and an atomic rename, so a
 * stored file is complete or absent, never half-written, and equal files are stored once.
 *
 * <p>A registration that fails after writing its files leaves them behind unreferenced; they are
 * harmless (nothing points to them) and are reused if the same bytes are registered again.
 */
public final class FileArtifactStore implements ArtifactStore {

  private static final Pattern REF = Pattern.compile("sha256/[0-9a-f]{2}/[0-9a-f]{64}");

  private final Path root;

  /**
   * Opens the store, creating its directories if needed.
   *
   * @param location a {@code file:} URI
   * @throws IOException if the directories cannot be created
   */
  public FileArtifactStore(URI location) throws IOException {
    this.root = Path.of(location).toAbsolutePath().normalize();
    Files.createDirectories(root.resolve("tmp"));
    Files.createDirectories(root.resolve("sha256"));
  }

  /**
   * The store's root directory.
   *
   * @return the root
   */
  public Path root() {
    return root;
  }

  @Override
  public StoredFile put(Connection connection, ArtifactSource.SourceFile source) throws IOException {
    Path tmp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
    try {
      ArtifactRef ref;
      try (InputStream in = Files.newInputStream(source.location());
          OutputStream out = Files.newOutputStream(tmp)) {
        ref = ArtifactChecksums.copy(source.relativePath(), in, out);
      }
      String name = "sha256/" + ref.sha256().substring(0, 2) + "/" + ref.sha256();
      Path target = root.resolve(name);
      Files.createDirectories(target.getParent());
      if (Files.isRegularFile(target) && Files.size(target) == ref.size()) {
        Files.delete(tmp);
      } else {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(tmp);
        }
      }
      return new StoredFile(ref, null, name);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void copyTo(Connection connection, StoredFile file, OutputStream out) throws IOException {
    String ref = Objects.requireNonNull(file.externalRef(), "externalRef");
    if (!REF.matcher(ref).matches()) {
      throw new IOException("the stored reference '" + ref + "' is not a content address");
    }
    Path p = root.resolve(ref);
    try (InputStream in = Files.newInputStream(p)) {
      in.transferTo(out);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(p.toString(), null, "missing from the artifact store " + root);
    }
  }
}

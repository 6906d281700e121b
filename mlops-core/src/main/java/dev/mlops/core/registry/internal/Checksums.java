package dev.mlops.core.registry.internal;

import dev.mlops.registry.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 of artifact bytes, computed while they are copied (one read of the source) and when
 * stored files are verified.
 */
public final class Checksums {

  private static final int BUFFER = 1 << 16;

  private Checksums() {}

  /**
   * A fresh SHA-256 digest.
   *
   * @return the digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide SHA-256", e);
    }
  }

  /**
   * Copies a stream to another, computing the SHA-256 and size of what passed.
   *
   * @param relativePath the artifact path to record
   * @param in the source, read to its end
   * @param out the destination, not closed
   * @return the reference with size and checksum
   * @throws IOException if reading or writing fails
   */
  public static ArtifactRef copy(String relativePath, InputStream in, OutputStream out) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
      size += n;
    }
    return new ArtifactRef(relativePath, size, HexFormat.of().formatHex(digest.digest()));
  }

  /**
   * The SHA-256 and size of a stream's content.
   *
   * @param relativePath the artifact path to record
   * @param in the content, read to its end
   * @return the reference
   * @throws IOException if reading fails
   */
  public static ArtifactRef of(String relativePath, InputStream in) throws IOException {
    return copy(relativePath, in, OutputStream.nullOutputStream());
  }

  /**
   * Checks a stored file against its recorded size and checksum.
   *
   * @param file the stored file
   * @param expected what was recorded at publication
   * @return null if the file matches, else what is wrong, in words
   */
  public static @Nullable String verify(Path file, ArtifactRef expected) {
    if (Files.isSymbolicLink(file)) {
      // A stored file never is a link: someone swapped it, and its target may change at any time.
      return "it was replaced by a symbolic link";
    }
    if (!Files.isRegularFile(file)) {
      return "the file is missing";
    }
    try {
      long size = Files.size(file);
      if (size != expected.size()) {
        return "its size is " + size + " bytes but " + expected.size() + " were recorded";
      }
      ArtifactRef actual;
      try (InputStream in = Files.newInputStream(file)) {
        actual = of(expected.path(), in);
      }
      return mismatch(actual, expected);
    } catch (IOException e) {
      return "it cannot be read: " + e.getMessage();
    }
  }

  /**
   * Compares computed and recorded references.
   *
   * @param actual what was computed
   * @param expected what was recorded
   * @return null if they match, else what differs
   */
  public static @Nullable String mismatch(ArtifactRef actual, ArtifactRef expected) {
    if (actual.size() != expected.size()) {
      return "its size is " + actual.size() + " bytes but " + expected.size() + " were recorded";
    }
    if (!actual.sha256().equals(expected.sha256())) {
      return "its SHA-256 is " + actual.sha256() + " but " + expected.sha256() + " was recorded";
    }
    return null;
  }

  /**
   * Wraps a stream so that its SHA-256 is computed as it is read.
   *
   * @param in the stream
   * @return the digesting stream; {@link DigestInputStream#getMessageDigest()} holds the digest
   */
  public static DigestInputStream digesting(InputStream in) {
    return new DigestInputStream(in, sha256());
  }
}

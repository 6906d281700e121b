package dev.mlops.registry.spi;

import dev.mlops.registry.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 of artifact bytes, computed while they are copied (one read of the source) and when
 * stored files are verified: the checksums every {@link dev.mlops.registry.ModelRegistry} records
 * in {@link ArtifactRef} and checks when an artifact is opened. Registry implementations use these
 * so that every registry computes and reports checksums the same way.
 */
public final class ArtifactChecksums {

  private static final int BUFFER = 1 << 16;
  /** Read size when hashing a file: large reads cost fewer system calls per byte. */
  private static final int FILE_BUFFER = 1 << 20;
  /** At most this much per {@code transferTo} call, well under every platform's per-call limit. */
  private static final long TRANSFER_CHUNK = 1L << 30;

  private ArtifactChecksums() {}

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
   * Copies a file's bytes into another and computes the SHA-256 and size of the copy. The kernel
   * copies the bytes ({@link FileChannel#transferTo}, no trip through Java buffers); the copy is
   * then hashed by reading it back, from the page cache. So the checksum describes exactly the
   * bytes stored, even if the source changed during the copy. The source is read to its end, not
   * to its reported size: files the kernel generates ({@code /proc}, {@code /sys}) report a size
   * of 0 but have content.
   *
   * @param relativePath the artifact path to record
   * @param in the source, copied from position 0 to its end
   * @param out the destination, empty, open for reading and writing; not forced, not closed
   * @return the reference with size and checksum of the copy
   * @throws IOException if reading or writing fails
   */
  public static ArtifactRef copy(String relativePath, FileChannel in, FileChannel out) throws IOException {
    long position = 0;
    for (long n; (n = in.transferTo(position, TRANSFER_CHUNK, out)) > 0; ) {
      position += n;
    }
    // transferTo stops at the size the file reports; whatever follows is copied by reading. For an
    // ordinary file this is one read that finds the end.
    ByteBuffer rest = ByteBuffer.allocate(BUFFER);
    for (int n; (n = in.read(rest.clear(), position)) >= 0; ) {
      rest.flip();
      while (rest.hasRemaining()) {
        out.write(rest);
      }
      position += n;
    }
    return of(relativePath, out);
  }

  /**
   * The SHA-256 and size of a file's content, read from position 0 to its end.
   *
   * @param relativePath the artifact path to record
   * @param channel the file, open for reading; its position is left unchanged
   * @return the reference
   * @throws IOException if reading fails
   */
  public static ArtifactRef of(String relativePath, FileChannel channel) throws IOException {
    MessageDigest digest = sha256();
    // A direct buffer: the file's bytes are read into it without a second copy through the heap.
    ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(1, Math.min(FILE_BUFFER, channel.size())));
    long size = 0;
    for (int n; (n = channel.read(buffer.clear(), size)) >= 0; ) {
      digest.update(buffer.flip());
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
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
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

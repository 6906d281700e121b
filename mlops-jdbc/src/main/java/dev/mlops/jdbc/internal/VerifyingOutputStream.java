package dev.mlops.jdbc.internal;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and digests the bytes written through it, to compare them with the published checksum. */
public final class VerifyingOutputStream extends FilterOutputStream {

  private final MessageDigest digest = ArtifactChecksums.sha256();
  private long size;

  /**
   * Wraps a stream.
   *
   * @param out where the bytes go
   */
  public VerifyingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    size += len;
  }

  /**
   * What was written, as a reference to compare with the published one.
   *
   * @param path the artifact path
   * @return the size and SHA-256 of the bytes written
   */
  public ArtifactRef written(String path) {
    return new ArtifactRef(path, size, HexFormat.of().formatHex(digest.digest()));
  }
}

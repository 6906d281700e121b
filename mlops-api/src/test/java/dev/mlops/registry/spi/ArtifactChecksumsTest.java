package dev.mlops.registry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactChecksumsTest {

  // SHA-256("abc") from FIPS 180-2, appendix B.1.
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path tmp;

  @Test
  void copyingComputesTheStandardSha256AndSize() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtifactRef ref = ArtifactChecksums.copy("x.bin", new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), out);
    assertThat(ref).isEqualTo(new ArtifactRef("x.bin", 3, ABC));
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void copyingBetweenFilesComputesTheStandardSha256AndSizeOfTheCopy() throws IOException {
    Path source = Files.writeString(tmp.resolve("in.bin"), "abc");
    Path copy = tmp.resolve("out.bin");
    ArtifactRef ref;
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
      ref = ArtifactChecksums.copy("x.bin", in, out);
    }
    assertThat(ref).isEqualTo(new ArtifactRef("x.bin", 3, ABC));
    assertThat(Files.readString(copy)).isEqualTo("abc");
  }

  @Test
  void copyingBetweenFilesAgreesWithTheStreamDigestForEmptyAndMultiBufferFiles() throws IOException {
    // 0 bytes, and 2.5 MB: more than one read buffer (1 MB) with a partial last one.
    for (int length : new int[] {0, 5 * 512 * 1024 + 17}) {
      byte[] bytes = new byte[length];
      new SplittableRandom(length).nextBytes(bytes);
      Path source = Files.write(tmp.resolve("in-" + length), bytes);
      Path copy = tmp.resolve("out-" + length);
      ArtifactRef ref;
      try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
              StandardOpenOption.READ)) {
        ref = ArtifactChecksums.copy("f", in, out);
      }
      try (InputStream in = new ByteArrayInputStream(bytes)) {
        assertThat(ref).isEqualTo(ArtifactChecksums.of("f", in));
      }
      assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
    }
  }

  @Test
  void verificationNamesWhatDiffers() throws IOException {
    Path f = Files.writeString(tmp.resolve("x.bin"), "abc");
    ArtifactRef expected = new ArtifactRef("x.bin", 3, ABC);
    assertThat(ArtifactChecksums.verify(f, expected)).isNull();
    Files.writeString(f, "abd");
    assertThat(ArtifactChecksums.verify(f, expected)).contains("SHA-256");
    Files.writeString(f, "ab");
    assertThat(ArtifactChecksums.verify(f, expected)).contains("size is 2 bytes");
    Files.delete(f);
    assertThat(ArtifactChecksums.verify(f, expected)).contains("missing");
  }
}

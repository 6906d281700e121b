package dev.mlops.core.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {

  // SHA-256("abc") from FIPS 180-2, appendix B.1.
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path tmp;

  @Test
  void copyingComputesTheStandardSha256AndSize() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtifactRef ref = Checksums.copy("x.bin", new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), out);
    assertThat(ref).isEqualTo(new ArtifactRef("x.bin", 3, ABC));
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void verificationNamesWhatDiffers() throws IOException {
    Path f = Files.writeString(tmp.resolve("x.bin"), "abc");
    ArtifactRef expected = new ArtifactRef("x.bin", 3, ABC);
    assertThat(Checksums.verify(f, expected)).isNull();
    Files.writeString(f, "abd");
    assertThat(Checksums.verify(f, expected)).contains("SHA-256");
    Files.writeString(f, "ab");
    assertThat(Checksums.verify(f, expected)).contains("size is 2 bytes");
    Files.delete(f);
    assertThat(Checksums.verify(f, expected)).contains("missing");
  }
}

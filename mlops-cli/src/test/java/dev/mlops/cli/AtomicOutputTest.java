package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

  @TempDir Path dir;

  private final Path input = Path.of("in.csv");

  private void write(Path target, String content) throws IOException {
    try (AtomicOutput out = AtomicOutput.create(AtomicOutput.check(target, "--output", input))) {
      try (OutputStream stream = out.open()) {
        stream.write(content.getBytes(StandardCharsets.UTF_8));
      }
      out.commit();
    }
  }

  @Test
  void aFifoIsRefusedAndLeftAsItIs() throws Exception {
    Path fifo = dir.resolve("out.csv");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is needed to make a FIFO");

    assertThatThrownBy(() -> AtomicOutput.check(fifo, "--output", input))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--output " + fifo + " is a device, FIFO or socket, not a regular file");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void aDeviceADirectoryAndALinkToADeviceAreRefused() throws IOException {
    assertThatThrownBy(() -> AtomicOutput.check(Path.of("/dev/null"), "--output", input))
        .hasMessageContaining("is a device, FIFO or socket");
    assertThatThrownBy(() -> AtomicOutput.check(dir, "--output", input))
        .hasMessageContaining("is a directory");
    Path link = Files.createSymbolicLink(dir.resolve("null.csv"), Path.of("/dev/null"));
    assertThatThrownBy(() -> AtomicOutput.check(link, "--output", input))
        .hasMessageContaining("is a device, FIFO or socket");
    Path dangling = Files.createSymbolicLink(dir.resolve("gone.csv"), dir.resolve("nothing"));
    assertThatThrownBy(() -> AtomicOutput.check(dangling, "--output", input))
        .hasMessageContaining("is a symbolic link to a missing file");
    assertThatThrownBy(() -> AtomicOutput.check(dir.resolve("no/such/dir/out.csv"), "--output", input))
        .hasMessageContaining("does not exist");
  }

  @Test
  void theInputIsRefusedAsOutputAlsoThroughALinkOrDotDot() throws IOException {
    Path in = Files.writeString(dir.resolve("data.csv"), "a\n1\n");
    Files.createDirectory(dir.resolve("sub"));
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), in);

    for (Path same : new Path[] {in, dir.resolve("sub/../data.csv"), link}) {
      assertThatThrownBy(() -> AtomicOutput.check(same, "--output", in))
          .isInstanceOf(CliException.class).hasMessageContaining("is the input file");
    }
    assertThat(Files.readString(in)).isEqualTo("a\n1\n");
  }

  @Test
  void aNewFileGetsThePermissionsTheUmaskLeavesNotOwnerOnly() throws IOException {
    Path reference = dir.resolve("reference");
    Files.newOutputStream(reference).close();
    Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(reference);
    assumeTrue(!umasked.equals(PosixFilePermissions.fromString("rw-------")),
        "a umask of 077 makes every new file owner-only");

    Path out = dir.resolve("out.csv");
    write(out, "x\n");

    assertThat(Files.getPosixFilePermissions(out)).isEqualTo(umasked);
    assertThat(Files.readString(out)).isEqualTo("x\n");
  }

  @Test
  void aReplacedFileKeepsItsPermissionsAndALinkStaysALink() throws IOException {
    Path real = Files.writeString(dir.resolve("real.csv"), "old\n");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);

    write(link, "new\n");

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("new\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void withoutACommitTheOldFileStaysAndNoTemporaryFileIsLeft() throws IOException {
    Path out = Files.writeString(dir.resolve("out.csv"), "old\n");
    try (AtomicOutput output = AtomicOutput.create(AtomicOutput.check(out, "--output", input));
        OutputStream stream = output.open()) {
      stream.write("half".getBytes(StandardCharsets.UTF_8));
      assertThat(output.temporary().getParent()).isEqualTo(out.toAbsolutePath().getParent());
    }
    assertThat(Files.readString(out)).isEqualTo("old\n");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }
}

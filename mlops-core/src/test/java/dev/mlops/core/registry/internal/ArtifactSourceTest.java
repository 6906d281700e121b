package dev.mlops.core.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.InvalidArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactSourceTest {

  @TempDir Path tmp;

  @Test
  void aSingleFileIsStoredUnderItsFileName() throws IOException {
    Path model = Files.writeString(tmp.resolve("model.onnx"), "weights");
    ArtifactSource source = ArtifactSource.scan(model);
    assertThat(source.files()).extracting(ArtifactSource.SourceFile::relativePath).containsExactly("model.onnx");
    assertThat(source.totalSize()).isEqualTo(7);
  }

  @Test
  void aDirectoryContributesEveryNestedFileSortedBySlashSeparatedPath() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model/sub"));
    Files.writeString(tmp.resolve("model/b.bin"), "b");
    Files.writeString(dir.resolve("a.json"), "{}");
    assertThat(ArtifactSource.scan(tmp.resolve("model")).files())
        .extracting(ArtifactSource.SourceFile::relativePath)
        .containsExactly("b.bin", "sub/a.json");
  }

  @Test
  void aSymbolicLinkToAFileInsideTheDirectoryIsFollowed() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    Path real = Files.writeString(dir.resolve("real.bin"), "data");
    Files.createSymbolicLink(dir.resolve("link.bin"), real);
    assertThat(ArtifactSource.scan(dir).files()).extracting(ArtifactSource.SourceFile::relativePath)
        .containsExactly("link.bin", "real.bin");
  }

  @Test
  void aSymbolicLinkLeadingOutsideTheDirectoryIsRejectedNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(dir.resolve("ok.bin"), "x");
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "password");
    Files.createSymbolicLink(dir.resolve("escape.bin"), secret);
    assertThatThrownBy(() -> ArtifactSource.scan(dir))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("escape.bin")
        .hasMessageContaining("outside the artifact directory");
  }

  @Test
  void aSymbolicLinkToADirectoryIsRejected() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model/inner"));
    Files.writeString(dir.resolve("x.bin"), "x");
    Files.createSymbolicLink(tmp.resolve("model/loop"), tmp.resolve("model"));
    assertThatThrownBy(() -> ArtifactSource.scan(tmp.resolve("model")))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void missingAndEmptySourcesAreRejected() throws IOException {
    assertThatThrownBy(() -> ArtifactSource.scan(tmp.resolve("nope")))
        .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("does not exist");
    Path empty = Files.createDirectories(tmp.resolve("empty/deeper"));
    assertThatThrownBy(() -> ArtifactSource.scan(empty.getParent()))
        .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("no files");
  }
}

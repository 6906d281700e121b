package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deleting a tree under the registry root never follows a symbolic link, with secure directory
 * streams (Linux, macOS) and without them (the path-by-path fallback, run here on every platform).
 */
class DurableFilesTest {

  @TempDir Path tmp;

  private void deleteTree(boolean secure, Path base, Path path) throws IOException {
    if (secure) {
      DurableFiles.deleteTree(base, path);
    } else {
      DurableFiles.deleteTreeByPath(base, path);
    }
  }

  private static List<Path> under(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.toList();
    }
  }

  @ParameterizedTest(name = "secure streams: {0}")
  @ValueSource(booleans = {true, false})
  void aTreeIsDeletedAndAMissingOneIsFine(boolean secure) throws IOException {
    Path base = Files.createDirectories(tmp.resolve("root/staging"));
    Files.createDirectories(base.resolve("stage/artifact/sub"));
    Files.writeString(base.resolve("stage/artifact/sub/w.bin"), "w");
    Files.writeString(base.resolve("stage/version.json"), "{}");
    deleteTree(secure, tmp.resolve("root"), base.resolve("stage"));
    assertThat(base).isEmptyDirectory();
    deleteTree(secure, tmp.resolve("root"), base.resolve("stage"));
  }

  @ParameterizedTest(name = "secure streams: {0}")
  @ValueSource(booleans = {true, false})
  void aLinkInsideTheTreeIsReportedAndWhatItLeadsToIsKept(boolean secure) throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "keep");
    Path stage = Files.createDirectories(tmp.resolve("root/staging/stage/artifact"));
    Files.createSymbolicLink(stage.resolve("link"), outside);
    assertThatThrownBy(() -> deleteTree(secure, tmp.resolve("root"), tmp.resolve("root/staging/stage")))
        .isInstanceOfSatisfying(RegistryLayoutException.class,
            e -> assertThat(e.path()).isEqualTo(stage.resolve("link")));
    assertThat(under(outside)).containsExactly(outside, outside.resolve("keep.txt"));
  }

  @ParameterizedTest(name = "secure streams: {0}")
  @ValueSource(booleans = {true, false})
  void aLinkOnTheWayFromTheBaseIsReportedAndNothingBehindItIsDeleted(boolean secure) throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside/stage"));
    Files.writeString(outside.resolve("keep.txt"), "keep");
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createSymbolicLink(root.resolve("staging"), outside.getParent());
    assertThatThrownBy(() -> deleteTree(secure, root, root.resolve("staging/stage")))
        .isInstanceOfSatisfying(RegistryLayoutException.class,
            e -> assertThat(e.path()).isEqualTo(root.resolve("staging")));
    assertThat(outside.resolve("keep.txt")).exists();
  }

  @ParameterizedTest(name = "secure streams: {0}")
  @ValueSource(booleans = {true, false})
  void theEntryToDeleteBeingALinkIsReportedNotRemoved(boolean secure) throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep");
    Path root = Files.createDirectories(tmp.resolve("root/staging")).getParent();
    Path link = Files.createSymbolicLink(root.resolve("staging/x.tmp"), outside);
    assertThatThrownBy(() -> deleteTree(secure, root, link)).isInstanceOf(RegistryLayoutException.class);
    assertThat(link).isSymbolicLink();
    assertThat(outside).hasContent("keep");
  }
}

package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry directory changed by hand, or by an attacker who may write into it: symbolic links
 * where the registry keeps its own directories and files. The registry reports each with a {@link
 * RegistryLayoutException} naming the entry, and never follows, deletes or "repairs" anything,
 * least of all the files a link leads to.
 */
class TamperedLayoutTest {

  @TempDir Path tmp;

  private Path root;
  /** Files outside the registry that a link will lead to; none may change. */
  private Path elsewhere;

  @BeforeEach
  void registerOneVersion() throws IOException {
    root = tmp.resolve("registry");
    try (FileModelRegistry registry = open()) {
      registry.register(Artifacts.request(tmp, "churn", "weights"));
    }
    elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    // What a staging cleanup would take for debris: a temporary file, an abandoned stage with its
    // free lock file, and a directory nobody owns.
    Files.writeString(elsewhere.resolve("notes.tmp"), "keep me");
    Files.writeString(elsewhere.resolve("dead.lock"), "");
    Files.createDirectories(elsewhere.resolve("dead/artifact"));
    Files.writeString(elsewhere.resolve("dead/artifact/model.onnx"), "keep me");
    Files.createDirectories(elsewhere.resolve("photos"));
    Files.writeString(elsewhere.resolve("photos/cat.jpg"), "keep me");
  }

  private FileModelRegistry open() {
    return FileModelRegistry.builder().root(root).pollInterval(Duration.ZERO).open();
  }

  /** Every file and directory under a tree with its content ("" for directories). */
  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        found.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "" : Files.readString(p));
      }
    }
    return found;
  }

  /** Moves {@code root/relative} aside and puts a link to {@code target} in its place. */
  private Path replaceByLink(String relative, Path target) throws IOException {
    Path entry = root.resolve(relative);
    Files.move(entry, tmp.resolve("moved-aside-" + entry.getFileName()));
    return Files.createSymbolicLink(entry, target);
  }

  @Test
  void aStagingDirectoryLinkedElsewhereIsReportedAndNothingThereIsDeleted() throws IOException {
    Map<String, String> before = contents(elsewhere);
    Path link = replaceByLink("staging", elsewhere);
    assertThatThrownBy(this::open).isInstanceOfSatisfying(RegistryLayoutException.class,
        e -> assertThat(e.path()).isEqualTo(link)).hasMessageContaining(link.toString())
        .hasMessageContaining("symbolic link");
    // The read-only route of `mlops models list` opens the registry the same way.
    assertThatThrownBy(() -> ModelRegistries.open("file:" + root).listModels(PageRequest.first()))
        .isInstanceOf(RegistryLayoutException.class);
    assertThat(contents(elsewhere)).isEqualTo(before);
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void aStagingDirectoryLinkedElsewhereWhileOpenIsReportedByTheNextRegistration() throws IOException {
    try (FileModelRegistry registry = open()) {
      Map<String, String> before = contents(elsewhere);
      replaceByLink("staging", elsewhere);
      assertThatThrownBy(() -> registry.register(Artifacts.request(tmp, "churn", "v2")))
          .isInstanceOf(RegistryLayoutException.class).hasMessageContaining("staging");
      assertThat(contents(elsewhere)).isEqualTo(before);
    }
  }

  @Test
  void linksInsideStagingAreReportedNotFollowedOrRemoved() throws IOException {
    Path staging = root.resolve("staging");
    Map<String, String> before = contents(elsewhere);
    // A directory link with no owner, an abandoned stage whose directory is a link, a link named
    // like a temporary file, and a lock file that is a link.
    for (String name : List.of("orphan", "abandoned", "x.tmp", "y.lock")) {
      Files.createSymbolicLink(staging.resolve(name), name.equals("x.tmp") ? elsewhere.resolve("notes.tmp")
          : name.equals("y.lock") ? elsewhere.resolve("dead.lock") : elsewhere);
      Files.writeString(staging.resolve("abandoned.lock"), "");
      assertThatThrownBy(this::open).as(name).isInstanceOfSatisfying(RegistryLayoutException.class,
          e -> assertThat(e.path()).isEqualTo(staging.resolve(name)));
      assertThat(contents(elsewhere)).isEqualTo(before);
      Files.delete(staging.resolve(name));
      Files.delete(staging.resolve("abandoned.lock"));
    }
  }

  @Test
  void aLinkDeepInsideAnAbandonedStageIsReportedAndItsTargetKept() throws IOException {
    Path stage = Files.createDirectories(root.resolve("staging/dead/artifact"));
    Files.writeString(stage.resolve("model.onnx"), "half");
    Files.createSymbolicLink(stage.resolve("photos"), elsewhere.resolve("photos"));
    Map<String, String> before = contents(elsewhere);
    assertThatThrownBy(this::open).isInstanceOfSatisfying(RegistryLayoutException.class,
        e -> assertThat(e.path()).isEqualTo(stage.resolve("photos")));
    assertThat(contents(elsewhere)).isEqualTo(before);
  }

  @Test
  void aModelsDirectoryLinkedElsewhereIsReported() throws IOException {
    Path link = replaceByLink("models", elsewhere);
    assertThatThrownBy(this::open).isInstanceOfSatisfying(RegistryLayoutException.class,
        e -> assertThat(e.path()).isEqualTo(link));
  }

  @Test
  void aModelDirectoryLinkedElsewhereIsReportedByReadsAndWritesAndNothingIsWrittenThere() throws IOException {
    Path models = root.resolve("models");
    Path copy = tmp.resolve("copy-of-churn");
    Files.move(models.resolve("churn"), copy);
    Path link = Files.createSymbolicLink(models.resolve("churn"), copy);
    Map<String, String> before = contents(copy);
    try (FileModelRegistry registry = open()) {
      assertThatThrownBy(() -> registry.getModel("churn")).isInstanceOfSatisfying(RegistryLayoutException.class,
          e -> assertThat(e.path()).isEqualTo(link));
      assertThatThrownBy(() -> registry.listModels(PageRequest.first()))
          .isInstanceOf(RegistryLayoutException.class);
      assertThatThrownBy(() -> registry.setModelTag("churn", "team", "growth"))
          .isInstanceOf(RegistryLayoutException.class);
      assertThatThrownBy(() -> registry.register(Artifacts.request(tmp, "churn", "v2")))
          .isInstanceOf(RegistryLayoutException.class);
    }
    assertThat(contents(copy)).isEqualTo(before);
  }

  @Test
  void aVersionDirectoryLinkedElsewhereIsReportedByReadsAndWrites() throws IOException {
    Path versions = root.resolve("models/churn/versions");
    Path copy = tmp.resolve("copy-of-version-1");
    Files.move(versions.resolve("1"), copy);
    Path link = Files.createSymbolicLink(versions.resolve("1"), copy);
    Map<String, String> before = contents(copy);
    try (FileModelRegistry registry = open()) {
      assertThatThrownBy(() -> registry.getVersion("churn", 1)).isInstanceOfSatisfying(
          RegistryLayoutException.class, e -> assertThat(e.path()).isEqualTo(link));
      assertThatThrownBy(() -> registry.setVersionTag("churn", 1, "ok", "yes"))
          .isInstanceOf(RegistryLayoutException.class);
      assertThatThrownBy(() -> registry.openArtifact("churn", 1)).isInstanceOf(RegistryLayoutException.class);
    }
    assertThat(contents(copy)).isEqualTo(before);
  }

  @Test
  void aVersionsDirectoryLinkedElsewhereGetsNoNewVersion() throws IOException {
    Path copy = tmp.resolve("copy-of-versions");
    Files.move(root.resolve("models/churn/versions"), copy);
    Files.createSymbolicLink(root.resolve("models/churn/versions"), copy);
    Map<String, String> before = contents(copy);
    try (FileModelRegistry registry = open()) {
      assertThatThrownBy(() -> registry.register(Artifacts.request(tmp, "churn", "v2")))
          .isInstanceOf(RegistryLayoutException.class).hasMessageContaining("versions");
      assertThat(registry.auditLog(null, PageRequest.first()).items()).hasSize(1);
    }
    assertThat(contents(copy)).isEqualTo(before);
  }

  @Test
  void anArtifactSubdirectoryLinkedElsewhereIsReportedWhenOpened() throws IOException {
    Path source = Files.createDirectories(tmp.resolve("layered/sub"));
    Files.writeString(source.resolve("vocab.txt"), "v");
    Files.writeString(source.getParent().resolve("weights.bin"), "w");
    try (FileModelRegistry registry = open()) {
      registry.register(RegistrationRequest.builder("layered").artifact(source.getParent())
          .format(Artifacts.OPAQUE).build());
      Path nested = root.resolve("models/layered/versions/1/artifact/sub");
      Path copy = tmp.resolve("copy-of-sub");
      Files.move(nested, copy);
      Files.createSymbolicLink(nested, copy);
      assertThatThrownBy(() -> registry.openArtifact("layered", 1)).isInstanceOfSatisfying(
          RegistryLayoutException.class, e -> assertThat(e.path()).isEqualTo(nested));
    }
  }

  @Test
  void anAuditLogReplacedByALinkIsReportedAndNeverAppendedThrough() throws IOException {
    Path outside = Files.writeString(tmp.resolve("somebody-elses.log"), "keep me\n");
    try (FileModelRegistry registry = open()) {
      Path link = replaceByLink("audit.jsonl", outside);
      assertThatThrownBy(() -> registry.setModelTag("churn", "team", "growth"))
          .isInstanceOfSatisfying(RegistryLayoutException.class, e -> assertThat(e.path()).isEqualTo(link));
      assertThatThrownBy(() -> registry.getModel("churn")).isInstanceOf(RegistryLayoutException.class);
    }
    assertThatThrownBy(this::open).isInstanceOf(RegistryLayoutException.class).hasMessageContaining("audit.jsonl");
    assertThat(Files.readString(outside)).isEqualTo("keep me\n");
  }

  @Test
  void aJournalThatIsALinkIsReportedAndItsTargetNeitherReadIntoTheRegistryNorDeleted() throws IOException {
    Path outside = Files.writeString(tmp.resolve("not-a-journal.json"), "{\"entry\": {\"seq");
    Path link = Files.createSymbolicLink(root.resolve("journal.json"), outside);
    assertThatThrownBy(this::open).isInstanceOfSatisfying(RegistryLayoutException.class,
        e -> assertThat(e.path()).isEqualTo(link));
    assertThat(outside).exists();
    assertThat(link).isSymbolicLink();
  }

  @Test
  void aJournalWhoseWritesLeadThroughALinkIsReportedAndWritesNothingThere() throws IOException {
    Path copy = tmp.resolve("copy-of-churn");
    Files.move(root.resolve("models/churn"), copy);
    Files.createSymbolicLink(root.resolve("models/churn"), copy);
    Map<String, String> before = contents(copy);
    ModelFile model = JsonCodec.read(copy.resolve("model.json"), ModelFile.class);
    AuditLine entry = new AuditLine(2, Instant.parse("2026-03-01T10:00:00Z"), "crashed", AuditAction.SET_TAG,
        "churn", null, "stage", null, "canary", null);
    Files.write(root.resolve("journal.json"), JsonCodec.pretty(new JournalFile(entry, null, List.of(
        new JournalFile.Write("models/churn/model.json", JsonCodec.tree(model.withTag("stage", "canary",
            entry.timestamp())))))));
    assertThatThrownBy(this::open).isInstanceOf(RegistryLayoutException.class)
        .hasMessageContaining(root.resolve("models/churn").toString());
    assertThat(contents(copy)).isEqualTo(before);
    assertThat(root.resolve("journal.json")).exists();
  }

  @Test
  void aLockFileThatIsADanglingLinkIsReportedAndItsTargetNotCreated() throws IOException {
    Path target = tmp.resolve("created-by-nobody");
    Files.delete(root.resolve("registry.lock"));
    Files.createSymbolicLink(root.resolve("registry.lock"), target);
    assertThatThrownBy(this::open).isInstanceOf(RegistryLayoutException.class)
        .hasMessageContaining("registry.lock");
    assertThat(target).doesNotExist();
  }

  @Test
  void anUntamperedRegistryStillWorksAfterTheChecks() {
    try (ModelRegistry registry = open()) {
      registry.register(Artifacts.request(tmp, "churn", "v2"));
      registry.setAlias("churn", "prod", 2, AliasPrecondition.absent(), null);
      assertThat(registry.resolve("models:/churn@prod").version()).isEqualTo(2);
      try (var artifact = registry.openArtifact("churn", 2)) {
        assertThat(artifact.directory()).isDirectory();
      }
    }
  }
}

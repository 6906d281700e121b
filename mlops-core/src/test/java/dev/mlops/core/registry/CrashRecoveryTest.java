package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM registering a large artifact is killed with SIGKILL at each step of publication. The
 * registry must then open, list only complete versions (the half-written one is invisible before
 * the journal is durable, and completed after), clean its staging area, and accept new versions.
 */
class CrashRecoveryTest {

  private static final long FILE_SIZE = 2L << 20;

  @TempDir Path tmp;

  private Path root;
  private Path artifact;

  private void prepare() throws IOException {
    root = tmp.resolve("registry");
    artifact = tmp.resolve("big-model");
    for (int i = 0; i < 3; i++) {
      Artifacts.randomFile(artifact.resolve("part-" + i + ".bin"), FILE_SIZE, i);
    }
    try (FileModelRegistry registry = open()) {
      registry.register(Artifacts.request(tmp, "big", "the version before the crash"));
    }
  }

  private FileModelRegistry open() {
    return FileModelRegistry.builder().root(root).pollInterval(Duration.ZERO).open();
  }

  @ParameterizedTest
  @EnumSource(PublishStep.class)
  @Timeout(120)
  void aRegistrationKilledAtAnyStepLeavesOnlyCompleteVersions(PublishStep step) throws Exception {
    prepare();
    try (ChildJvm child = ChildJvm.start(tmp, CrashingRegistrant.class, root.toString(), step.name(),
        artifact.toString())) {
      child.awaitLine("reached " + step, Duration.ofSeconds(60));
      if (step.compareTo(PublishStep.JOURNAL_WRITTEN) < 0) {
        // The child is alive, copying: opening the registry now must not delete its staging directory.
        try (FileModelRegistry registry = open()) {
          assertThat(stagingEntries()).isNotEmpty();
          assertThat(registry.listVersions("big", PageRequest.first()).items()).hasSize(1);
        }
      }
      child.kill();
    }

    boolean committed = step.compareTo(PublishStep.JOURNAL_WRITTEN) >= 0;
    try (FileModelRegistry registry = open()) {
      assertRecovered(registry, committed ? 2 : 1);
      if (committed) {
        try (ModelArtifact a = registry.openArtifact("big", 2)) {
          assertThat(a.files()).hasSize(3);
          assertThat(Files.mismatch(a.file("part-1.bin"), artifact.resolve("part-1.bin"))).isEqualTo(-1L);
        }
      }
    }
  }

  @Test
  @Timeout(120)
  void aRegistrationKilledAtAnArbitraryMomentOfALargeCopyLeavesOnlyCompleteVersions() throws Exception {
    prepare();
    Path huge = Artifacts.randomFile(tmp.resolve("huge/weights.bin"), 32L << 20, 7);
    try (ChildJvm child = ChildJvm.start(tmp, CrashingRegistrant.class, root.toString(), "NONE", huge.toString())) {
      child.awaitLine("started", Duration.ofSeconds(60));
      // Kill as soon as a partial copy shows up in staging (or, if we miss it, whenever).
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && !partialCopyVisible() && child.lines().size() < 2) {
        Thread.sleep(1);
      }
      child.kill();
    }
    try (FileModelRegistry registry = open()) {
      int versions = registry.getModel("big").latestVersion();
      assertThat(versions).isBetween(1, 2);
      assertRecovered(registry, versions);
    }
  }

  private void assertRecovered(FileModelRegistry registry, int versions) throws IOException {
    List<ModelVersion> listed = registry.listVersions("big", PageRequest.first()).items();
    assertThat(listed).extracting(ModelVersion::version)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, versions).boxed().toList());
    for (ModelVersion v : listed) {
      registry.openArtifact("big", v.version()).close();
    }
    List<AuditEntry> audit = registry.auditLog(null, PageRequest.first()).items();
    assertThat(audit).extracting(AuditEntry::sequence)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, versions).mapToObj(i -> (long) i).toList());
    assertThat(audit).allMatch(e -> e.action() == AuditAction.REGISTER_VERSION);
    assertThat(stagingEntries()).isEmpty();
    assertThat(root.resolve("journal.json")).doesNotExist();
    assertThat(registry.register(Artifacts.request(tmp, "big", "after")).version()).isEqualTo(versions + 1);
  }

  private List<Path> stagingEntries() throws IOException {
    try (Stream<Path> entries = Files.list(root.resolve("staging"))) {
      return entries.toList();
    }
  }

  private boolean partialCopyVisible() throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("staging"))) {
      return files.anyMatch(p -> p.getFileName().toString().equals("weights.bin"));
    } catch (java.io.UncheckedIOException e) {
      return false; // a directory vanished while walking
    }
  }
}

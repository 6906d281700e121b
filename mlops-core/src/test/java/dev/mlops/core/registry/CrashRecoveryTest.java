package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM registering a large artifact is killed with SIGKILL at each step of publication, and
 * once at an arbitrary moment of a large copy. The registry must then open, list only complete
 * versions (the half-written one is invisible before the journal is durable, and completed after),
 * clean its staging area, and accept new versions. The children start together, each on its own
 * registry, so that their start-up overlaps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CrashRecoveryTest {

  private static final long PART_SIZE = 2L << 20;
  private static final long HUGE_SIZE = 32L << 20;

  private Path tmp;
  private Path artifact;
  private Path huge;
  private final Map<PublishStep, ChildJvm> stopped = new EnumMap<>(PublishStep.class);
  private ChildJvm runThrough;

  @BeforeAll
  void startChildren(@TempDir Path dir) throws IOException {
    tmp = dir;
    artifact = tmp.resolve("big-model");
    for (int i = 0; i < 3; i++) {
      Artifacts.randomFile(artifact.resolve("part-" + i + ".bin"), PART_SIZE, i);
    }
    huge = Artifacts.randomFile(tmp.resolve("huge/weights.bin"), HUGE_SIZE, 7);
    for (PublishStep step : PublishStep.values()) {
      stopped.put(step, ChildJvm.start(tmp, CrashingRegistrant.class, prepare(step.name()).toString(),
          step.name(), artifact.toString()));
    }
    runThrough = ChildJvm.start(tmp, CrashingRegistrant.class, prepare("arbitrary").toString(), "NONE",
        huge.toString());
  }

  @AfterAll
  void killLeftovers() {
    stopped.values().forEach(ChildJvm::close);
    runThrough.close();
  }

  /** A registry with one version in it, published before any crash. */
  private Path prepare(String name) {
    Path root = tmp.resolve(name);
    try (FileModelRegistry registry = open(root)) {
      registry.register(Artifacts.request(tmp, "big", "the version before the crash"));
    }
    return root;
  }

  private static FileModelRegistry open(Path root) {
    return FileModelRegistry.builder().root(root).pollInterval(Duration.ZERO).open();
  }

  @ParameterizedTest
  @EnumSource(PublishStep.class)
  void aRegistrationKilledAtAnyStepLeavesOnlyCompleteVersions(PublishStep step) throws Exception {
    Path root = tmp.resolve(step.name());
    ChildJvm child = stopped.get(step);
    child.awaitLine("reached " + step, Duration.ofSeconds(90));
    if (step.compareTo(PublishStep.JOURNAL_WRITTEN) < 0) {
      // The child is alive, copying: opening the registry now must not delete its staging directory.
      try (FileModelRegistry registry = open(root)) {
        assertThat(stagingEntries(root)).isNotEmpty();
        assertThat(registry.listVersions("big", PageRequest.first()).items()).hasSize(1);
      }
    }
    child.kill();

    boolean committed = step.compareTo(PublishStep.JOURNAL_WRITTEN) >= 0;
    try (FileModelRegistry registry = open(root)) {
      assertRecovered(root, registry, committed ? 2 : 1);
      if (committed) {
        try (ModelArtifact a = registry.openArtifact("big", 2)) {
          assertThat(a.files()).hasSize(3);
          assertThat(Files.mismatch(a.file("part-1.bin"), artifact.resolve("part-1.bin"))).isEqualTo(-1L);
        }
      }
    }
  }

  @Test
  void aRegistrationKilledAtAnArbitraryMomentOfALargeCopyLeavesOnlyCompleteVersions() throws Exception {
    Path root = tmp.resolve("arbitrary");
    runThrough.awaitLine("started", Duration.ofSeconds(90));
    // Kill as soon as a partial copy shows up in staging (or, if that moment is missed, whenever).
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !partialCopyVisible(root) && runThrough.lines().size() < 2) {
      Thread.sleep(1);
    }
    runThrough.kill();
    try (FileModelRegistry registry = open(root)) {
      int versions = registry.getModel("big").latestVersion();
      assertThat(versions).isBetween(1, 2);
      assertRecovered(root, registry, versions);
    }
  }

  private void assertRecovered(Path root, FileModelRegistry registry, int versions) throws IOException {
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
    assertThat(stagingEntries(root)).isEmpty();
    assertThat(root.resolve("journal.json")).doesNotExist();
    assertThat(registry.register(Artifacts.request(tmp, "big", "after")).version()).isEqualTo(versions + 1);
  }

  private static List<Path> stagingEntries(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root.resolve("staging"))) {
      return entries.toList();
    }
  }

  private static boolean partialCopyVisible(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("staging"))) {
      return files.anyMatch(p -> p.getFileName().toString().equals("weights.bin"));
    } catch (UncheckedIOException e) {
      return false; // a directory vanished while walking
    }
  }
}

package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs with several threads each register into one directory at the same moment: the
 * inter-process lock must hand out every number exactly once, in order, and lose nothing.
 */
class MultiProcessRegistrationTest {

  private static final int PROCESSES = 3;
  private static final int THREADS = 3;
  private static final int PER_THREAD = 4;
  private static final int TOTAL = PROCESSES * THREADS * PER_THREAD;

  @TempDir Path tmp;

  @Test
  @Timeout(180)
  void threadsInSeveralProcessesGetDistinctConsecutiveVersionsAndNoneIsLost() throws Exception {
    Path root = tmp.resolve("registry");
    Path go = tmp.resolve("go");
    List<RegistryEvent> heard = new CopyOnWriteArrayList<>();
    try (FileModelRegistry follower = FileModelRegistry.builder().root(root).pollInterval(Duration.ofMillis(50)).open()) {
      follower.subscribe(heard::add);
      List<ChildJvm> children = new ArrayList<>();
      try {
        for (int p = 0; p < PROCESSES; p++) {
          children.add(ChildJvm.start(tmp, ConcurrentRegistrant.class, root.toString(), "p" + p,
              Integer.toString(THREADS), Integer.toString(PER_THREAD), go.toString()));
        }
        for (ChildJvm child : children) {
          child.awaitLine("ready", Duration.ofSeconds(60));
        }
        Files.createFile(go);
        for (ChildJvm child : children) {
          assertThat(child.awaitExit(Duration.ofSeconds(90))).as(child.stderr()).isZero();
        }
      } finally {
        for (ChildJvm child : children) {
          child.close();
        }
      }

      Map<Integer, String> writerOf = new HashMap<>();
      Map<String, List<Integer>> perThread = new HashMap<>();
      for (ChildJvm child : children) {
        for (String line : child.lines()) {
          if (line.startsWith("registered ")) {
            String[] parts = line.split(" ");
            int version = Integer.parseInt(parts[1]);
            assertThat(writerOf.put(version, parts[2])).as("version %d handed out twice", version).isNull();
            String thread = parts[2].substring(0, parts[2].lastIndexOf("-i"));
            perThread.computeIfAbsent(thread, k -> new ArrayList<>()).add(version);
          }
        }
      }
      assertThat(writerOf.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
      assertThat(perThread).hasSize(PROCESSES * THREADS);
      perThread.values().forEach(versions -> assertThat(versions).isSorted());

      List<ModelVersion> stored = follower.listVersions("shared", PageRequest.first(1000)).items();
      assertThat(stored).extracting(ModelVersion::version)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
      for (ModelVersion v : stored) {
        assertThat(v.tags()).containsEntry("writer", writerOf.get(v.version()));
        try (ModelArtifact artifact = follower.openArtifact("shared", v.version())) {
          assertThat(artifact.file("model.onnx")).hasContent(writerOf.get(v.version()));
        }
      }
      List<AuditEntry> audit = follower.auditLog(null, PageRequest.first(1000)).items();
      assertThat(audit).extracting(AuditEntry::sequence)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).mapToObj(i -> (long) i).toList());
      assertThat(audit).allMatch(e -> e.action() == AuditAction.REGISTER_VERSION);
      assertThat(audit).extracting(AuditEntry::after)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).mapToObj(Integer::toString).toList());

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (heard.size() < TOTAL && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(heard).extracting(e -> ((RegistryEvent.VersionRegistered) e).version().version())
          .as("the follower in this process hears every registration made by the others, in order")
          .containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
    }
  }
}

package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.VersionConflictException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once: version numbers stay distinct and consecutive, compare-and-set has exactly
 * one winner, no tag update is lost, readers never see half a version, and an alias never ends up
 * on an archived version.
 */
abstract class ConcurrencyContract extends ContractGroup {

  private static final long TASK_TIMEOUT_SECONDS = 120;

  ConcurrencyContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void concurrentRegistrationsGetDistinctConsecutiveVersionsAndKeepTheirOwnArtifacts() throws Exception {
    int threads = 8;
    int perThread = 10;
    Map<Integer, String> checksumByVersion = new ConcurrentHashMap<>();
    List<List<Path>> sources = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Path> files = new ArrayList<>();
      for (int j = 0; j < perThread; j++) {
        files.add(newFile("model.onnx", bytes("thread " + t + " registration " + j)));
      }
      sources.add(files);
    }

    List<List<Integer>> numbersByThread = runConcurrently(threads, t -> () -> {
      List<Integer> mine = new ArrayList<>();
      for (Path file : sources.get(t)) {
        ModelVersion v = registry().register(
            RegistrationRequest.builder("churn").artifact(file).format(OPAQUE).build());
        mine.add(v.version());
        checksumByVersion.put(v.version(), sha256(ArtifactContract.read(file)));
      }
      return mine;
    });

    List<Integer> expected = IntStream.rangeClosed(1, threads * perThread).boxed().toList();
    assertThat(numbersByThread.stream().flatMap(List::stream).sorted().toList()).isEqualTo(expected);
    for (List<Integer> mine : numbersByThread) {
      assertThat(mine).isSorted();
    }
    List<ModelVersion> listed = versions("churn");
    assertThat(listed).extracting(ModelVersion::version).isEqualTo(expected);
    for (ModelVersion v : listed) {
      assertThat(v.artifacts().get(0).sha256()).as("version " + v.version())
          .isEqualTo(checksumByVersion.get(v.version()));
    }
    List<Integer> audited = auditLog("churn").stream().map(e -> Integer.valueOf(e.after())).toList();
    assertThat(audited).containsExactlyInAnyOrderElementsOf(expected);
    for (List<Integer> mine : numbersByThread) {
      assertThat(audited.stream().filter(mine::contains).toList())
          .as("one thread's registrations are audited in the order it made them").isEqualTo(mine);
    }
  }

  @Test
  void concurrentRegistrationsOfSeveralModelsNumberEachModelFromOne() throws Exception {
    int threads = 6;
    int perThread = 6;
    List<String> models = List.of("alpha", "bravo", "charlie");

    runConcurrently(threads, t -> () -> {
      for (int j = 0; j < perThread; j++) {
        register(models.get((t + j) % models.size()));
      }
      return null;
    });

    List<Integer> twelve = IntStream.rangeClosed(1, threads * perThread / models.size()).boxed().toList();
    for (String model : models) {
      assertThat(versions(model)).as(model).extracting(ModelVersion::version).isEqualTo(twelve);
    }
  }

  @Test
  void concurrentCompareAndSetOnOneAliasHasExactlyOneWinnerPerRound() throws Exception {
    int versions = 5;
    registerVersions("churn", versions);
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    int current = 1;

    for (int round = 0; round < 10; round++) {
      int expected = current;
      List<Integer> targets = IntStream.rangeClosed(1, versions).filter(v -> v != expected).boxed().toList();
      String reason = "round " + round;
      List<Integer> outcomes = runConcurrently(targets.size(), i -> () -> {
        try {
          registry().setAlias(
              "churn", "production", targets.get(i), AliasPrecondition.pointsTo(expected), reason);
          return targets.get(i);
        } catch (VersionConflictException e) {
          return -Objects.requireNonNull(e.actualVersion(), "the alias's version");

        }
      });

      List<Integer> winners = outcomes.stream().filter(o -> o > 0).toList();
      assertThat(winners).as(reason + " winners among " + outcomes).hasSize(1);
      int winner = winners.get(0);
      assertThat(outcomes.stream().filter(o -> o < 0).toList()).as(reason + ": losers see the winner")
          .containsOnly(-winner);
      assertThat(registry().getModel("churn").aliases().get("production")).isEqualTo(winner);
      current = winner;
    }
    assertThat(auditLog("churn")).filteredOn(e -> e.action() == AuditAction.SET_ALIAS).hasSize(11);
  }

  @Test
  void concurrentWritersOfOneTagLoseNoUpdate() throws Exception {
    register("churn");
    int threads = 8;
    int perThread = 10;

    runConcurrently(threads, t -> () -> {
      for (int j = 0; j < perThread; j++) {
        registry().setModelTag("churn", "owner", "writer " + t + " value " + j);
      }
      return null;
    });

    List<AuditEntry> writes = auditLog("churn").stream()
        .filter(e -> e.action() == AuditAction.SET_TAG && "owner".equals(e.key()))
        .toList();
    assertThat(writes).hasSize(threads * perThread);
    assertThat(writes.get(0).before()).isNull();
    for (int i = 1; i < writes.size(); i++) {
      assertThat(writes.get(i).before())
          .as("entry " + writes.get(i).sequence() + " starts where the previous ended")
          .isEqualTo(writes.get(i - 1).after());
    }
    assertThat(registry().getModel("churn").tags().get("owner"))
        .isEqualTo(writes.get(writes.size() - 1).after());
  }

  @Test
  void concurrentWritersOfDifferentTagsAllLand() throws Exception {
    registerVersions("churn", 2);
    int threads = 8;
    int perThread = 5;

    runConcurrently(threads, t -> () -> {
      for (int j = 0; j < perThread; j++) {
        registry().setModelTag("churn", "model-" + t + "-" + j, "m" + j);
        registry().setVersionTag("churn", t % 2 + 1, "version-" + t + "-" + j, "v" + j);
      }
      return null;
    });

    assertThat(registry().getModel("churn").tags()).hasSize(threads * perThread);
    assertThat(registry().getVersion("churn", 1).tags()).hasSize(threads * perThread / 2);
    assertThat(registry().getVersion("churn", 2).tags()).hasSize(threads * perThread / 2);
    assertThat(auditLog("churn")).filteredOn(e -> e.action() == AuditAction.SET_TAG)
        .hasSize(2 * threads * perThread);
  }

  @Test
  void readersNeverSeeAHalfPublishedVersion() throws Exception {
    int writers = 3;
    int perWriter = 6;
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < writers * perWriter; i++) {
      sources.add(newDirectory(
          Map.of("a.bin", randomBytes(20_000, i), "b/c.bin", randomBytes(5_000, 100 + i))));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();

    ExecutorService readerThread = Executors.newSingleThreadExecutor();
    try {
      Future<?> reader = readerThread.submit(() -> {
        while (writing.get() || reads.get() == 0) {
          readLatestCompletely();
          reads.incrementAndGet();
        }
        return null;
      });
      runConcurrently(writers, w -> () -> {
        for (int j = 0; j < perWriter; j++) {
          registry().register(RegistrationRequest.builder("churn")
              .artifact(sources.get(w * perWriter + j)).format(OPAQUE).build());
        }
        return null;
      });
      writing.set(false);
      reader.get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      writing.set(false);
      readerThread.shutdownNow();
    }

    assertThat(versions("churn")).hasSize(writers * perWriter)
        .allSatisfy(v -> assertThat(v.artifacts()).hasSize(2));
  }

  @Test
  void anAliasNeverEndsUpOnAnArchivedVersion() throws Exception {
    register("churn");
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);

    for (int round = 0; round < 10; round++) {
      int candidate = register("churn").version();
      List<String> outcomes = runConcurrently(2, i -> () -> {
        try {
          if (i == 0) {
            registry().setAlias("churn", "production", candidate, AliasPrecondition.any(), null);
            return "moved";
          }
          registry().archiveVersion("churn", candidate, null);
          return "archived";
        } catch (ModelStateException e) {
          return "refused";
        }
      });

      assertThat(outcomes).as("round " + round).containsExactlyInAnyOrder(
          outcomes.contains("moved") ? "moved" : "refused",
          outcomes.contains("moved") ? "refused" : "archived");
      ModelVersion target = registry().resolve(ModelUri.alias("churn", "production"));
      assertThat(target.status()).isEqualTo(ModelVersionStatus.READY);
      assertThat(registry().getVersion("churn", candidate).status()).isEqualTo(
          outcomes.contains("moved") ? ModelVersionStatus.READY : ModelVersionStatus.ARCHIVED);
    }
  }

  /** Reads the newest version and its whole artifact, checking every file against its checksum. */
  private void readLatestCompletely() {
    ModelVersion latest;
    try {
      latest = registry().resolve(ModelUri.latest("churn"));
    } catch (ModelNotFoundException notYet) {
      return;
    }
    assertThat(latest.artifacts()).hasSize(2);
    try (ModelArtifact artifact = registry().openArtifact("churn", latest.version())) {
      for (var ref : artifact.files()) {
        assertThat(sha256(ArtifactContract.read(artifact.file(ref.path())))).isEqualTo(ref.sha256());
      }
    }
  }

  /**
   * Runs one task per thread, all released at the same moment, and returns their results in
   * thread order; rethrows the first failure.
   */
  static <T> List<T> runConcurrently(int threads, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<T> body = task.apply(t);
        futures.add(pool.submit(() -> {
          start.await();
          return body.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

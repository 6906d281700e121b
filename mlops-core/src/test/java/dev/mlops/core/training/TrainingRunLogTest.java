package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunLogTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  static TrainingRun succeeded(String model, String runId) {
    ModelSignature signature = new ModelSignature(
        List.of(FieldSpec.scalar("age", DataType.FLOAT64),
            FieldSpec.categorical("plan", List.of("basic", "pro"))),
        List.of(FieldSpec.categorical("churned", List.of("no", "yes"))),
        List.of(Map.of("age", 42.5, "plan", "pro")));
    Lineage lineage = Lineage.builder().datasetFingerprint("a".repeat(64)).codeVersion("1.0")
        .configHash("b".repeat(64)).parentVersion(1).seed(7).runId(runId)
        .trainingTime(T0, T0.plusSeconds(3)).environment("java.version", "17")
        .property("dataSource", "memory:x").build();
    ModelVersion version = new ModelVersion(model, 2, new ModelFormat("test-logreg"),
        List.of(new ArtifactRef("model.json", 10, "c".repeat(64))), signature,
        Map.of("accuracy", 0.9), Map.of("epochs", "10"), Map.of("team", "ml"), lineage,
        ModelVersionStatus.READY, Set.of(), "a note", T0.plusSeconds(4), "tester");
    return new TrainingRun(runId, model, TrainingRun.Status.SUCCEEDED, version,
        Map.of("accuracy", 0.9), null, T0, T0.plusSeconds(5));
  }

  static TrainingRun failed(String model, String runId) {
    return new TrainingRun(runId, model, TrainingRun.Status.FAILED, null, Map.of("accuracy", 0.4),
        "Checking metric floors: accuracy 0.4 is below the floor 0.7", T0, T0.plusSeconds(1));
  }

  abstract static class Contract {

    abstract TrainingRunLog log();

    @Test
    void keepsRunsInTheOrderTheyWereRecordedPerModel() {
      TrainingRunLog log = log();
      log.record(succeeded("churn", "r1"));
      log.record(failed("fraud", "r2"));
      log.record(failed("churn", "r3"));

      assertThat(log.runs("churn")).extracting(TrainingRun::runId).containsExactly("r1", "r3");
      assertThat(log.runs()).extracting(TrainingRun::runId).containsExactly("r1", "r2", "r3");
      assertThat(log.lastRun("churn")).map(TrainingRun::runId).contains("r3");
      assertThat(log.runs("other")).isEmpty();
      assertThat(log.lastRun("other")).isEmpty();
    }

    @Test
    void keepsEveryFieldOfARun() {
      TrainingRunLog log = log();
      TrainingRun original = succeeded("churn", "r1");
      log.record(original);
      log.record(failed("churn", "r2"));

      TrainingRun read = log.runs("churn").get(0);
      assertThat(read.status()).isEqualTo(TrainingRun.Status.SUCCEEDED);
      assertThat(read.metrics()).isEqualTo(original.metrics());
      assertThat(read.startedAt()).isEqualTo(original.startedAt());
      assertThat(read.finishedAt()).isEqualTo(original.finishedAt());
      ModelVersion v = read.registered();
      assertThat(v).isNotNull();
      assertThat(v.version()).isEqualTo(2);
      assertThat(v.format()).isEqualTo(new ModelFormat("test-logreg"));
      assertThat(v.lineage()).isEqualTo(original.registered().lineage());
      assertThat(v.signature().inputs()).isEqualTo(original.registered().signature().inputs());
      assertThat(v.signature().inputExample()).hasSize(1);
      assertThat(v.params()).containsEntry("epochs", "10");
      assertThat(v.createdAt()).isEqualTo(original.registered().createdAt());
      TrainingRun failedRun = log.runs("churn").get(1);
      assertThat(failedRun.failure()).isEqualTo(failed("churn", "r2").failure());
      assertThat(failedRun.registered()).isNull();
    }

    @Test
    void concurrentRecordsAreAllKept() throws Exception {
      TrainingRunLog log = log();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              log.record(failed("churn", thread + "-" + i));
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(log.runs("churn")).hasSize(40)
          .extracting(TrainingRun::runId).doesNotHaveDuplicates();
    }
  }

  @Nested
  class InMemory extends Contract {
    @Override
    TrainingRunLog log() {
      return TrainingRunLog.inMemory();
    }
  }

  @Nested
  class JsonLines extends Contract {
    @TempDir Path tmp;

    @Override
    TrainingRunLog log() {
      return TrainingRunLog.jsonLines(tmp.resolve("logs/runs.jsonl"));
    }

    @Test
    void writesOneJsonObjectPerLineAndAnotherInstanceReadsThem() throws IOException {
      Path file = tmp.resolve("logs/runs.jsonl");
      TrainingRunLog.jsonLines(file).record(succeeded("churn", "r1"));
      TrainingRunLog.jsonLines(file).record(failed("churn", "r2"));

      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith("{").contains("\"runId\":\"r1\"")
          .contains("\"startedAt\":\"2026-03-01T09:00:00Z\"");
      assertThat(TrainingRunLog.jsonLines(file).runs("churn")).hasSize(2);
    }

    @Test
    void aTornLastLineIsIgnoredWhenReadingAndRemovedByTheNextAppend() throws IOException {
      Path file = tmp.resolve("runs.jsonl");
      TrainingRunLog log = TrainingRunLog.jsonLines(file);
      log.record(succeeded("churn", "r1"));
      Files.writeString(file, "{\"runId\":\"r2\",\"modelName\":\"ch", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);

      assertThat(log.runs("churn")).extracting(TrainingRun::runId).containsExactly("r1");

      log.record(failed("churn", "r3"));
      assertThat(log.runs("churn")).extracting(TrainingRun::runId).containsExactly("r1", "r3");
      assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void aCorruptCompleteLineIsReportedWithItsNumber() throws IOException {
      Path file = tmp.resolve("runs.jsonl");
      TrainingRunLog log = TrainingRunLog.jsonLines(file);
      log.record(failed("churn", "r1"));
      Files.writeString(file, "not json\n", StandardOpenOption.APPEND);
      log.record(failed("churn", "r2"));

      assertThatThrownBy(() -> log.runs("churn"))
          .isInstanceOf(TrainingRunLogException.class)
          .hasMessageContaining("Line 2 of the training run log " + file);
    }

    @Test
    void aLogThatDoesNotExistYetIsEmpty() {
      assertThat(TrainingRunLog.jsonLines(tmp.resolve("none.jsonl")).runs()).isEmpty();
    }
  }
}

package dev.mlops.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.training.DataSources;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.core.training.TrainingPipeline;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.TrainingRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL trainer inside mlops-core's TrainingPipeline: reproducible runs, complete lineage. */
class DjlTrainingPipelineTest {

  private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

  @Test
  void runningThePipelineTwiceGivesIdenticalMetricsAndACompleteLineage(@TempDir Path dir) {
    TabularDataset data = tabular(SyntheticTables.linearlySeparable(400, 31));
    DjlTabularTrainer trainer = DjlTabularTrainer.builder().hiddenLayers(8).epochs(8).build();
    SteppingClock clock = new SteppingClock(START, Duration.ofSeconds(1));
    try (FileModelRegistry registry = FileModelRegistry.open(dir.resolve("registry"))) {
      TrainingPipeline pipeline = TrainingPipeline.builder(registry, "churn")
          .dataSource(DataSources.of(data, "synthetic churn")).trainer(trainer).seed(17)
          .codeVersion("trainer-test-1").clock(clock).workDirectory(dir).build();

      TrainingRun first = pipeline.run();
      assertThat(first.failure()).isNull();
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      TrainingRun second = pipeline.run();

      assertThat(second.succeeded()).isTrue();
      assertThat(second.metrics()).isEqualTo(first.metrics()).containsKey("accuracy");
      assertThat(first.metrics().get("accuracy")).isGreaterThan(0.8);

      ModelVersion v1 = registry.getVersion("churn", 1);
      ModelVersion v2 = registry.getVersion("churn", 2);
      assertThat(v2.format()).isEqualTo(ModelFormat.DJL);
      Lineage l1 = v1.lineage();
      Lineage l2 = v2.lineage();
      assertThat(l2.datasetFingerprint()).isEqualTo(data.fingerprint())
          .isEqualTo(l1.datasetFingerprint()).matches("[0-9a-f]{64}");
      assertThat(l2.codeVersion()).isEqualTo("trainer-test-1");
      assertThat(l2.configHash()).isNotBlank().isEqualTo(l1.configHash());
      assertThat(l1.parentVersion()).isNull();
      assertThat(l2.parentVersion()).isEqualTo(1);
      assertThat(l2.seed()).isEqualTo(17L);
      assertThat(l2.runId()).isEqualTo(second.runId()).isNotEqualTo(l1.runId());
      assertThat(l2.environment()).containsEntry("djl.version", "0.36.0")
          .containsEntry("engine", "PyTorch")
          .containsEntry("java.version", System.getProperty("java.version"))
          .containsKey("engine.version");
      assertThat(l2.environment().get("engine.version")).matches("\\d+\\.\\d+.*");
      Instant trainingStarted = Objects.requireNonNull(l2.trainingStartedAt());
      Instant trainingFinished = Objects.requireNonNull(l2.trainingFinishedAt());
      assertThat(trainingStarted).isAfter(second.startedAt()).isBefore(trainingFinished);
      assertThat(trainingFinished).isBefore(second.finishedAt());
      assertThat(first.finishedAt()).isBefore(second.startedAt());
      assertThat(v2.params()).containsEntry("model", "mlp").containsEntry("hidden_layers", "8")
          .containsEntry("epochs", "8");

      // A different trainer configuration hashes differently.
      TrainingRun other = TrainingPipeline.builder(registry, "churn")
          .dataSource(DataSources.of(data, "synthetic churn"))
          .trainer(DjlTabularTrainer.builder().hiddenLayers(8).epochs(9).build()).seed(17)
          .codeVersion("trainer-test-1").clock(clock).workDirectory(dir).build().run();
      assertThat(registry.getVersion("churn", other.registered().version()).lineage()
          .configHash()).isNotEqualTo(l1.configHash());

      // The registered artifact (with its reference profile) serves what the run evaluated.
      try (Predictor<Map<String, Object>, Prediction> served =
          DjlPredictors.builder().registry(registry).build().load(v2.uri())) {
        Map<String, Object> row = new LinkedHashMap<>();
        data.features(0).forEach((k, v) -> {
          if (v != null) {
            row.put(k, v);
          }
        });
        double sum = served.predict(row).scores().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  private static TabularDataset tabular(TableDataset table) {
    TabularDataset.Builder b = TabularDataset.builder(table.features(), table.target());
    for (int r = 0; r < table.size(); r++) {
      b.addRow(table.features(r), table.target(r));
    }
    return b.build();
  }

  /** A clock that moves on by a fixed step each time it is read, so that every instant differs. */
  private static final class SteppingClock extends Clock {
    private Instant now;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plus(step);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}

package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.estimation.ReferenceScores;
import dev.mlops.core.metrics.MetricDirection;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.training.DataSource;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingException;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPipelineTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  @TempDir Path tmp;

  private FileModelRegistry registry;
  private Path work;
  private final TabularDataset churn = SyntheticData.churn(400, 11);

  @BeforeEach
  void openRegistry() {
    registry = FileModelRegistry.builder().root(tmp.resolve("registry"))
        .pollInterval(Duration.ZERO).open();
    work = tmp.resolve("work");
  }

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  private TrainingPipeline.Builder pipeline(DataSource source, Trainer trainer) {
    return TrainingPipeline.builder(registry, "churn")
        .dataSource(source)
        .trainer(trainer)
        .seed(42)
        .codeVersion("test-1.0")
        .workDirectory(work)
        .clock(new TestClock(T0, Duration.ofSeconds(1)));
  }

  private TrainingPipeline churnPipeline() {
    return pipeline(DataSources.of(churn, "memory:churn"), new GradientDescentTrainer()).build();
  }

  private List<ModelVersion> versions() {
    try {
      return registry.listVersions("churn", PageRequest.first(100)).items();
    } catch (dev.mlops.registry.ModelNotFoundException e) {
      return List.of();
    }
  }

  private boolean workIsEmpty() throws IOException {
    if (!Files.exists(work)) {
      return true;
    }
    try (Stream<Path> files = Files.list(work)) {
      return files.findAny().isEmpty();
    }
  }

  @Nested
  class ASuccessfulRun {

    @Test
    void registersAVersionWithHoldoutMetricsThatPassTheFloor() {
      TrainingPipeline pipeline = pipeline(DataSources.of(churn), new GradientDescentTrainer())
          .floor(MetricNames.ACCURACY, 0.6).build();

      TrainingRun run = pipeline.run();

      assertThat(run.status()).isEqualTo(TrainingRun.Status.SUCCEEDED);
      assertThat(run.failure()).isNull();
      ModelVersion v = run.registered();
      assertThat(v.version()).isEqualTo(1);
      assertThat(v.format()).isEqualTo(GradientDescentTrainer.LOGREG);
      assertThat(run.metrics().get(MetricNames.ACCURACY)).isGreaterThan(0.6);
      assertThat(run.metrics()).containsKeys(MetricNames.ROC_AUC, MetricNames.LOG_LOSS);
      assertThat(registry.getVersion("churn", 1).metrics()).isEqualTo(run.metrics());
      assertThat(run.startedAt()).isEqualTo(T0);
      assertThat(run.finishedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void recordsEveryLineageField() {
      TrainingRun run = churnPipeline().run();

      Lineage lineage = run.registered().lineage();
      assertThat(lineage.datasetFingerprint()).isEqualTo(churn.fingerprint());
      assertThat(lineage.codeVersion()).isEqualTo("test-1.0");
      assertThat(lineage.configHash()).isEqualTo(ConfigHash.of(Map.of(
          "model", "gradient-descent", "epochs", "150", "learning_rate", "0.5",
          "pipeline.holdout_fraction", "0.2", "pipeline.seed", "42",
          "pipeline.trainer", GradientDescentTrainer.class.getName())));
      assertThat(lineage.parentVersion()).isNull();
      assertThat(lineage.seed()).isEqualTo(42L);
      assertThat(lineage.runId()).isEqualTo(run.runId());
      assertThat(lineage.trainingStartedAt()).isEqualTo(T0.plusSeconds(1));
      assertThat(lineage.trainingFinishedAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(lineage.environment())
          .containsEntry("test-trainer", "1.0")
          .containsEntry("java.version", System.getProperty("java.version"));
      assertThat(lineage.properties())
          .containsEntry("dataSource", "memory:churn")
          .containsEntry("trainRows", "320")
          .containsEntry("holdoutRows", "80");
    }

    @Test
    void recordsTheTrainerConfigurationModelParametersAndPipelineSettingsAsParams() {
      ModelVersion v = churnPipeline().run().registered();

      assertThat(v.params())
          .containsEntry("epochs", "150")
          .containsEntry("learning_rate", "0.5")
          .containsEntry("encoded_width", "5")
          .containsEntry("pipeline.holdout_fraction", "0.2")
          .containsEntry("pipeline.seed", "42")
          .containsEntry("pipeline.trainer", GradientDescentTrainer.class.getName());
    }

    @Test
    void storesASignatureWithAnInputExampleOfTrainingRows() {
      ModelVersion v = churnPipeline().run().registered();

      assertThat(v.signature().inputNames()).containsExactly("age", "calls", "plan", "paperless");
      List<Map<String, Object>> example = v.signature().inputExample();
      assertThat(example).hasSize(TrainingPipeline.INPUT_EXAMPLE_ROWS);
      HoldoutSplit split = HoldoutSplit.of(churn, 0.2, 42);
      Map<String, Object> firstTrainingRow = churn.features(split.training()[0]);
      assertThat(example.get(0).keySet()).isEqualTo(firstTrainingRow.keySet());
      assertThat(((Number) example.get(0).get("age")).doubleValue())
          .isEqualTo(firstTrainingRow.get("age"));
      assertThat(example.get(0).get("plan")).isEqualTo(firstTrainingRow.get("plan"));
    }

    @Test
    void storesTheModelAndAReferenceProfileOfTheTrainingRowsInTheArtifact() {
      ModelVersion v = churnPipeline().run().registered();

      assertThat(v.artifacts()).extracting(ArtifactRef::path)
          .containsExactly("model.json", ReferenceProfiles.FILE_NAME, ReferenceScores.FILE_NAME);
      DatasetProfile profile = ReferenceProfiles.read(registry, "churn", 1).orElseThrow();
      assertThat(profile.features()).containsExactly("age", "calls", "plan", "paperless");
      assertThat(profile.rows()).isEqualTo(320);
      assertThat(profile.numeric("age").count()).isEqualTo(320);
      assertThat(profile.numeric("calls").max()).isEqualTo(5);
      assertThat(profile.categorical("plan").counts().keySet()).containsOnly("basic", "pro");
      assertThat(profile.categorical("paperless").counts().keySet())
          .containsOnly("true", "false");
    }

    @Test
    void storesTheHoldOutScoresOfAClassifierForPerformanceEstimation() {
      ModelVersion v = churnPipeline().run().registered();

      ReferenceScores scores = ReferenceScores.read(registry, "churn", v.version()).orElseThrow();
      assertThat(scores.rows()).isEqualTo(80);
      assertThat(scores.classes()).isEqualTo(churn.target().categories());
      assertThat(scores.binaryEstimator(0.5).threshold()).isEqualTo(0.5);
    }

    @Test
    void addsTheDescriptionAndTagsAndRecordsTheRunInTheLog() {
      TrainingRunLog log = TrainingRunLog.jsonLines(tmp.resolve("runs.jsonl"));
      TrainingPipeline pipeline = pipeline(DataSources.of(churn), new GradientDescentTrainer())
          .description("weekly retrain").tag("team", "growth").runLog(log).build();

      TrainingRun run = pipeline.run();

      assertThat(run.registered().description()).isEqualTo("weekly retrain");
      assertThat(run.registered().tags()).containsEntry("team", "growth");
      assertThat(log.runs("churn")).singleElement().satisfies(logged -> {
        assertThat(logged.runId()).isEqualTo(run.runId());
        assertThat(logged.registered().version()).isEqualTo(1);
      });
      assertThat(pipeline.runLog()).isSameAs(log);
    }

    @Test
    void cleansUpItsTemporaryDirectory() throws IOException {
      churnPipeline().run();

      assertThat(workIsEmpty()).isTrue();
    }

    @Test
    void picksTheRegressionEvaluatorForANumericTarget() {
      TrainingPipeline pipeline = TrainingPipeline.builder(registry, "houses")
          .dataSource(DataSources.of(SyntheticData.houses(300, 3)))
          .trainer(new GradientDescentTrainer(300, 0.1))
          .floor(MetricNames.R2, 0.9)
          .workDirectory(work)
          .build();

      TrainingRun run = pipeline.run();

      assertThat(run.succeeded()).as(String.valueOf(run.failure())).isTrue();
      assertThat(run.registered().format()).isEqualTo(GradientDescentTrainer.LINREG);
      assertThat(run.metrics()).containsKeys(MetricNames.MAE, MetricNames.RMSE, MetricNames.R2);
    }
  }

  @Nested
  class Reproducibility {

    @Test
    void runningTwiceOnTheSameDataAndSeedGivesTheSameMetricsFingerprintAndConfigHash() {
      TrainingPipeline pipeline = churnPipeline();

      TrainingRun first = pipeline.run();
      TrainingRun second = pipeline.run();

      assertThat(second.registered().version()).isEqualTo(2);
      assertThat(second.metrics()).isEqualTo(first.metrics());
      Lineage a = first.registered().lineage();
      Lineage b = second.registered().lineage();
      assertThat(b.datasetFingerprint()).isEqualTo(a.datasetFingerprint());
      assertThat(b.configHash()).isEqualTo(a.configHash());
      assertThat(b.runId()).isNotEqualTo(a.runId());
      assertThat(second.registered().artifacts()).isEqualTo(first.registered().artifacts());
    }

    @Test
    void theSameRowsReadFromCsvGiveTheSameFingerprintAndMetrics() throws IOException {
      Path file = tmp.resolve("churn.csv");
      StringBuilder csv = new StringBuilder("age,calls,plan,paperless,churned\n");
      for (int r = 0; r < churn.size(); r++) {
        Map<String, Object> row = churn.features(r);
        csv.append(row.get("age")).append(',').append(row.get("calls")).append(',')
            .append(row.get("plan")).append(',').append(row.get("paperless")).append(',')
            .append(churn.target(r)).append('\n');
      }
      Files.writeString(file, csv);

      TrainingRun fromMemory = churnPipeline().run();
      TrainingRun fromCsv = pipeline(CsvDataSource.of(file, SyntheticData.CHURN),
          new GradientDescentTrainer()).build().run();

      assertThat(fromCsv.registered().lineage().datasetFingerprint())
          .isEqualTo(fromMemory.registered().lineage().datasetFingerprint());
      assertThat(fromCsv.metrics()).isEqualTo(fromMemory.metrics());
      assertThat(fromCsv.registered().lineage().properties().get("dataSource"))
          .isEqualTo(file.toUri().toString());
    }

    @Test
    void theConfigHashChangesWithTheTrainerConfigurationAndTheSeed() {
      String base = churnPipeline().run().registered().lineage().configHash();
      String otherEpochs = pipeline(DataSources.of(churn), new GradientDescentTrainer(100, 0.5))
          .build().run().registered().lineage().configHash();
      String otherSeed = TrainingPipeline.builder(registry, "churn")
          .dataSource(DataSources.of(churn)).trainer(new GradientDescentTrainer()).seed(43)
          .workDirectory(work).build().run().registered().lineage().configHash();

      assertThat(otherEpochs).isNotEqualTo(base);
      assertThat(otherSeed).isNotEqualTo(base).isNotEqualTo(otherEpochs);
    }
  }

  @Nested
  class ParentVersion {

    @Test
    void isTheVersionTheProductionAliasPointsToWhenTheRunStarts() {
      TrainingPipeline pipeline = churnPipeline();
      pipeline.run();
      pipeline.run();
      registry.setAlias("churn", "production", 1, AliasPrecondition.any(), "test");

      ModelVersion third = pipeline.run().registered();

      assertThat(third.lineage().parentVersion()).isEqualTo(1);
    }

    @Test
    void isAbsentWithoutTheAliasAndFollowsAnotherAliasIfAsked() {
      TrainingPipeline pipeline = churnPipeline();
      assertThat(pipeline.run().registered().lineage().parentVersion()).isNull();
      pipeline.run();
      registry.setAlias("churn", "staging", 2, AliasPrecondition.any(), "test");

      ModelVersion next = pipeline(DataSources.of(churn), new GradientDescentTrainer())
          .parentAlias("staging").build().run().registered();

      assertThat(pipeline.run().registered().lineage().parentVersion()).isNull();
      assertThat(next.lineage().parentVersion()).isEqualTo(2);
    }

    @Test
    void canBeFixed() {
      ModelVersion v = pipeline(DataSources.of(churn), new GradientDescentTrainer())
          .parentVersion(7).build().run().registered();

      assertThat(v.lineage().parentVersion()).isEqualTo(7);
    }
  }

  @Nested
  class AFailedRun {

    private TrainingRun runAndExpectFailure(TrainingPipeline pipeline) throws IOException {
      List<ModelVersion> before = versions();
      TrainingRun run = pipeline.run();

      assertThat(run.status()).isEqualTo(TrainingRun.Status.FAILED);
      assertThat(run.registered()).isNull();
      assertThat(versions()).isEqualTo(before);
      assertThat(pipeline.runLog().runs("churn")).last().isEqualTo(run);
      assertThat(workIsEmpty()).isTrue();
      return run;
    }

    @Test
    void badDataFromTheSourceRegistersNothing() throws IOException {
      Path file = tmp.resolve("bad.csv");
      Files.writeString(file, "age,calls,plan,paperless,churned\n40,1,basic,true,no\n"
          + "41,x,pro,false,yes\n");

      TrainingRun run = runAndExpectFailure(pipeline(CsvDataSource.of(file, SyntheticData.CHURN),
          new GradientDescentTrainer()).build());

      assertThat(run.failure()).startsWith("Fetching data: CSV file " + file)
          .contains("line 3, column 2 ('calls'): 'x' is not an integer");
      assertThat(run.metrics()).isEmpty();
    }

    @Test
    void dataWithOneClassIsRejected() throws IOException {
      int[] noes = java.util.stream.IntStream.range(0, churn.size())
          .filter(r -> churn.target(r).equals("no")).toArray();

      TrainingRun run = runAndExpectFailure(pipeline(
          DataSources.of(churn.subset(noes), "memory:noes"), new GradientDescentTrainer()).build());

      assertThat(run.failure()).startsWith("Validating data: All " + noes.length
          + " rows of the data from memory:noes have the class [no] of 'churned'");
    }

    @Test
    void anEmptyDatasetIsRejected() throws IOException {
      TrainingRun run = runAndExpectFailure(pipeline(
          DataSources.of(churn.subset(new int[0]), "memory:empty"),
          new GradientDescentTrainer()).build());

      assertThat(run.failure()).isEqualTo("Validating data: The data from memory:empty has no rows");
    }

    @Test
    void tooFewRowsToHoldSomeOutIsRejected() throws IOException {
      TrainingRun run = runAndExpectFailure(pipeline(
          DataSources.of(churn.subset(new int[] {0, 1}), "memory:two"),
          new GradientDescentTrainer()).build());

      assertThat(run.failure()).startsWith("Splitting into training and hold-out rows: Cannot split");
    }

    @Test
    void aTrainingExceptionFromTheTrainerIsTheReason() throws IOException {
      Trainer throwing = new Trainer() {
        @Override
        public TrainedModel train(Dataset training, long seed) {
          throw new TrainingException("Loss became NaN at epoch 3");
        }

        @Override
        public Map<String, String> configuration() {
          return Map.of("model", "throwing");
        }
      };

      TrainingRun run = runAndExpectFailure(pipeline(DataSources.of(churn), throwing).build());

      assertThat(run.failure()).isEqualTo("Training: Loss became NaN at epoch 3");
    }

    @Test
    void aModelWhoseLossDivergedIsNotRegistered() throws IOException {
      Trainer nanLoss = new Trainer() {
        @Override
        public TrainedModel train(Dataset training, long seed) {
          TrainedModel model = new GradientDescentTrainer().train(training, seed);
          return (TrainedModel) Proxy.newProxyInstance(TrainedModel.class.getClassLoader(),
              new Class<?>[] {TrainedModel.class}, (proxy, method, args) -> {
                if (method.getName().equals("trainingMetrics")) {
                  return Map.of("loss", Double.NaN);
                }
                try {
                  return method.invoke(model, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        }

        @Override
        public Map<String, String> configuration() {
          return Map.of("model", "nan-loss");
        }
      };

      TrainingRun run = runAndExpectFailure(pipeline(DataSources.of(churn), nanLoss).build());

      assertThat(run.failure())
          .startsWith("Training: Training diverged: the training metric 'loss' is NaN");
    }

    @Test
    void anEvaluationBelowAFloorIsNotRegisteredButItsMetricsAreRecorded() throws IOException {
      TrainingRun run = runAndExpectFailure(pipeline(DataSources.of(churn),
          new GradientDescentTrainer())
          .floor(MetricNames.ACCURACY, 0.99)
          .floor(MetricNames.LOG_LOSS, 0.01)
          .build());

      assertThat(run.failure())
          .startsWith("Checking metric floors: accuracy ")
          .contains("is below the floor 0.99")
          .contains("log_loss ")
          .contains("is above the ceiling 0.01");
      assertThat(run.metrics()).containsKey(MetricNames.ACCURACY);
    }

    @Test
    void aFloorOnAMetricTheEvaluatorDoesNotReportFails() throws IOException {
      TrainingRun run = runAndExpectFailure(pipeline(DataSources.of(churn),
          new GradientDescentTrainer())
          .floor("lift", 2.0, MetricDirection.HIGHER_IS_BETTER).build());

      assertThat(run.failure()).contains("the evaluator reported no 'lift'");
    }

    @Test
    void aRegistryErrorRegistersNothing() throws IOException {
      ModelRegistry failing = (ModelRegistry) Proxy.newProxyInstance(
          ModelRegistry.class.getClassLoader(), new Class<?>[] {ModelRegistry.class},
          (proxy, method, args) -> {
            if (method.getName().equals("register")) {
              RegistrationRequest request = (RegistrationRequest) args[0];
              assertThat(Files.exists(request.artifact().resolve("model.json"))).isTrue();
              throw new RegistryStorageException("disk full", new IOException("ENOSPC"));
            }
            try {
              return method.invoke(registry, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      TrainingPipeline pipeline = TrainingPipeline.builder(failing, "churn")
          .dataSource(DataSources.of(churn)).trainer(new GradientDescentTrainer())
          .workDirectory(work).build();

      TrainingRun run = runAndExpectFailure(pipeline);

      assertThat(run.failure()).isEqualTo("Registering: RegistryStorageException: disk full");
      assertThat(run.metrics()).isNotEmpty();
    }

    @Test
    void aFailingRunLogDoesNotHideTheRun() {
      TrainingRunLog broken = new TrainingRunLog() {
        @Override
        public void record(TrainingRun run) {
          throw new TrainingRunLogException("log disk gone", new IOException("EIO"));
        }

        @Override
        public List<TrainingRun> runs(String modelName) {
          return List.of();
        }

        @Override
        public List<TrainingRun> runs() {
          return List.of();
        }
      };

      TrainingRun run = pipeline(DataSources.of(churn), new GradientDescentTrainer())
          .runLog(broken).build().run();

      assertThat(run.succeeded()).isTrue();
    }
  }

  @Nested
  class Misuse {

    @Test
    void aMissingDataSourceOrTrainerIsNamed() {
      assertThatThrownBy(() -> TrainingPipeline.builder(registry, "churn")
              .trainer(new GradientDescentTrainer()).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("needs a data source");
      assertThatThrownBy(() -> TrainingPipeline.builder(registry, "churn")
              .dataSource(DataSources.of(churn)).build())
          .hasMessageContaining("needs a trainer");
    }

    @Test
    void settingsAreSetOnceAndChecked() {
      TrainingPipeline.Builder b = TrainingPipeline.builder(registry, "churn").seed(1);

      assertThatThrownBy(() -> b.seed(2)).isInstanceOf(IllegalStateException.class)
          .hasMessage("seed was already set to 1");
      assertThatThrownBy(() -> b.holdoutFraction(1.0))
          .hasMessageContaining("holdoutFraction must be strictly between 0 and 1 but was 1.0");
      assertThatThrownBy(() -> b.floor("lift", 1.0))
          .hasMessageContaining("Unknown metric 'lift'");
      b.floor(MetricNames.ACCURACY, 0.5);
      assertThatThrownBy(() -> b.floor(MetricNames.ACCURACY, 0.6))
          .hasMessageContaining("already has a floor");
      b.parentVersion(1);
      assertThatThrownBy(() -> b.parentAlias("staging"))
          .hasMessageContaining("set either a parent version or a parent alias");
      assertThatThrownBy(() -> TrainingPipeline.builder(registry, "bad name!"))
          .isInstanceOf(dev.mlops.registry.InvalidNameException.class);
    }

    @Test
    void aTrainerConfigurationKeyMayNotShadowAPipelineSetting() {
      Trainer clashing = new Trainer() {
        @Override
        public TrainedModel train(Dataset training, long seed) {
          return new GradientDescentTrainer().train(training, seed);
        }

        @Override
        public Map<String, String> configuration() {
          return Map.of(TrainingPipeline.PARAM_SEED, "9");
        }
      };

      TrainingRun run = pipeline(DataSources.of(churn), clashing).build().run();

      assertThat(run.failure()).contains("uses the key 'pipeline.seed'");
    }
  }
}

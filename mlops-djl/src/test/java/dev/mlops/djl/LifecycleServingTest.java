package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.lifecycle.CycleResult;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.lifecycle.MetricThresholdGate;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.training.ClassificationEvaluator;
import dev.mlops.core.training.DataSources;
import dev.mlops.core.training.TabularDataset;
import dev.mlops.core.training.TrainingPipeline;
import dev.mlops.djl.training.DjlTabularTrainer;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.testkit.ManualClock;
import dev.mlops.testkit.data.DriftingDataGenerator;
import dev.mlops.testkit.data.DriftingRow;
import dev.mlops.testkit.data.FeatureShift;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with real parts: a drifting stream, drift measured on it, the lifecycle controller
 * retraining through the training pipeline with the DJL trainer, the metric gate comparing hold-out
 * metrics, the production alias moved with compare-and-set, and a deployment that follows the alias
 * serving the challenger while threads call it without pause.
 */
class LifecycleServingTest {

  private static final int SHIFT_ROW = 3000;

  private final ManualClock clock = new ManualClock();
  // The label depends on x0 and x1; from row 3000 on, x0 moves by two standard deviations.
  private final DriftingDataGenerator data = DriftingDataGenerator.builder()
      .seed(5)
      .numericFeatures(3)
      .labelWeight("x0", 3.0)
      .labelWeight("x1", -2.0)
      .rowInterval(Duration.ofMinutes(1))
      .shift(FeatureShift.meanShift("x0", 2.0).fromRow(SHIFT_ROW))
      .build();

  private TabularDataset dataset(List<DriftingRow> rows) {
    TabularDataset.Builder builder = TabularDataset.builder(data.features(), data.label());
    rows.forEach(r -> builder.addRow(r.features(), r.label()));
    return builder.build();
  }

  private static DataTable table(List<DriftingRow> rows) {
    DataTable.Builder builder = DataTable.builder();
    for (String feature : List.of("x0", "x1", "x2")) {
      builder.numeric(feature, rows.stream().map(r -> (Number) r.features().get(feature)).toList());
    }
    return builder.build();
  }

  private TrainingPipeline pipeline(InMemoryModelRegistry registry, TabularDataset training, Trainer trainer,
      Path work) {
    return TrainingPipeline.builder(registry, "churn")
        .dataSource(DataSources.of(training))
        .trainer(trainer)
        .evaluator(ClassificationEvaluator.create())
        .seed(42)
        .clock(clock)
        .workDirectory(work)
        .build();
  }

  @Test
  void aBetterChallengerTrainedOnDriftedDataIsPromotedAndServedWithoutFailedCalls(@TempDir Path dir)
      throws Exception {
    try (InMemoryModelRegistry registry = InMemoryModelRegistry.builder().clock(clock).build()) {
      // A weak champion: few rows, one short epoch.
      List<DriftingRow> championRows = data.rows(0, 300);
      TrainingRun first = pipeline(registry, dataset(championRows),
          DjlTabularTrainer.builder().epochs(1).learningRate(0.0005).build(), dir.resolve("w1")).run();
      assertThat(first.succeeded()).as(String.valueOf(first.failure())).isTrue();
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first version");

      // The retraining job trains on the latest rows, drifted ones included, with a proper budget.
      List<DriftingRow> recent = data.rows(SHIFT_ROW - 1000, 3000);
      TrainingPipeline retraining = pipeline(registry, dataset(recent),
          DjlTabularTrainer.builder().hiddenLayers(16).epochs(15).learningRate(0.02).build(), dir.resolve("w2"));
      DataTable reference = table(championRows);
      LifecycleController controller = LifecycleController.builder(registry, "churn")
          .snapshots(() -> {
            DataTable current = table(data.rows(SHIFT_ROW, 500));
            return Optional.of(new MonitorSnapshot("churn", 1, clock.instant(), clock.instant(), false, 500, 0, 500,
                LatencySummary.empty(), DriftAnalyzer.builder().clock(clock).build().analyze(reference, current),
                Map.of(), Map.of(), OutcomeCounts.none()));
          })
          .retrainPolicy(RetrainPolicies.onFeatureDrift("x0", 0.3))
          .trainingJob(retraining::run)
          .gate(MetricThresholdGate.builder().minImprovement("roc_auc", 0.02).build())
          .clock(clock)
          .build();

      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(2)
          .pollInterval(Duration.ofMillis(50)).build();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      Map<Integer, AtomicLong> servedBy = new ConcurrentHashMap<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService callers = Executors.newFixedThreadPool(4);
      try (Deployment<Map<String, Object>, Prediction> deployment = predictors.deploy("models:/churn@production")) {
        List<DriftingRow> traffic = data.rows(SHIFT_ROW, 200);
        for (int t = 0; t < 4; t++) {
          int offset = t;
          callers.submit(() -> {
            for (int i = offset; running.get(); i++) {
              try {
                Prediction p = deployment.predict(traffic.get(i % traffic.size()).features());
                servedBy.computeIfAbsent(p.version(), v -> new AtomicLong()).incrementAndGet();
              } catch (RuntimeException e) {
                failures.add(e);
              }
            }
          });
        }
        await(() -> servedBy.containsKey(1) && servedBy.get(1).get() > 100);

        CycleResult cycle = controller.runOnce();

        assertThat(cycle.outcome()).as(cycle.toString()).isEqualTo(CycleResult.Outcome.PROMOTED);
        assertThat(registry.getVersion("churn", 2).metrics().get("roc_auc"))
            .isGreaterThan(registry.getVersion("churn", 1).metrics().get("roc_auc") + 0.02);
        await(() -> servedBy.containsKey(2) && servedBy.get(2).get() > 200);
        running.set(false);
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(deployment.modelVersion().version()).isEqualTo(2);
      } finally {
        running.set(false);
        callers.shutdownNow();
        controller.close();
      }
      assertThat(failures).isEmpty();
      assertThat(servedBy.get(1).get()).isPositive();
      assertThat(servedBy.get(2).get()).isGreaterThan(200);
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(10);
    }
  }
}

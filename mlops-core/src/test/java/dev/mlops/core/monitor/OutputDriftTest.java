package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.estimation.ReferenceScores;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.lifecycle.SnapshotRetrainContext;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Score drift and target drift: a classifier registered with its hold-out scores and labels; the
 * monitor compares each window's scores, and the labels joined to it, with them.
 */
class OutputDriftTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final int ROWS = 300;

  private final MutableClock clock = new MutableClock(START);
  private final Random random = new Random(17);

  @Test
  void scoresThatMoveAndLabelsThatMoveShowInTheirOwnSectionsAndRulesAndPolicies(
      @TempDir Path dir) throws IOException {
    try (FileModelRegistry registry = FileModelRegistry.builder().root(dir.resolve("registry"))
        .open()) {
      register(registry, dir.resolve("artifact"));
      ModelMonitor monitor = ModelMonitor.builder().clock(clock).registry(registry)
          .tumblingWindow(Duration.ofMinutes(1)).build();
      Predictor<Map<String, Object>, Prediction> predictor =
          monitor.wrap(new ScriptedDeployment(Models.classifier(1)));

      // Minute 0 as the reference; minute 1: inputs, so scores, shift, and labels drawn from
      // them with them; minute 2: every customer churns while the scores stay as in the
      // reference.
      for (int minute = 0; minute < 3; minute++) {
        clock.set(START.plus(Duration.ofMinutes(minute)));
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
          predictions.add(predictor.predict(DriftAndMemoryTest.row(random, minute == 1 ? 2 : 0)));
        }
        for (Prediction p : predictions) {
          boolean yes = minute == 2 || random.nextDouble() < p.scores().get(1);
          monitor.recordOutcome(p.predictionId(), yes ? "yes" : "no");
        }
      }
      clock.set(START.plus(Duration.ofMinutes(3)));
      monitor.closeElapsedWindows();
      List<MonitorSnapshot> windows = monitor.closedWindows();

      assertThat(windows).hasSize(3).allSatisfy(w -> {
        assertThat(w.scoreDrift()).isNotNull();
        assertThat(w.targetDrift()).isNotNull();
        assertThat(w.scoreDrift().features()).extracting(f -> f.feature()).containsExactly("score");
        assertThat(w.targetDrift().currentRows()).isEqualTo(ROWS);
        assertThat(MonitorSnapshotJson.fromJson(MonitorSnapshotJson.toJson(w))).isEqualTo(w);
      });
      assertThat(windows).extracting(w -> w.scoreDrift().datasetDrifted())
          .containsExactly(false, true, false);
      assertThat(windows).extracting(w -> w.targetDrift().datasetDrifted())
          .containsExactly(false, true, true);

      assertThat(AlertRules.scoreDrift().check(windows.get(1))).hasValueSatisfying(message ->
          assertThat(message).startsWith("score drift: ").contains("over 300 predictions"));
      assertThat(AlertRules.scoreDrift().check(windows.get(2))).isEmpty();
      assertThat(AlertRules.targetDrift().check(windows.get(2))).hasValueSatisfying(message ->
          assertThat(message).startsWith("target drift: ").contains("over 300 labels"));
      assertThat(AlertRules.targetDrift().check(windows.get(0))).isEmpty();

      ModelVersion champion = registry.getVersion("churn", 1);
      for (int w = 0; w < 3; w++) {
        var context = SnapshotRetrainContext.of(clock.instant(), champion, Optional.empty(),
            Optional.of(windows.get(w)), 0);
        assertThat(RetrainPolicies.onScoreDrift().evaluate(context).retrain()).isEqualTo(w == 1);
        assertThat(RetrainPolicies.onTargetDrift().evaluate(context).retrain()).isEqualTo(w > 0);
      }
    }
  }

  /** Version 1 with 2,000 hold-out scores sigmoid(x) and labels drawn with that probability. */
  private void register(FileModelRegistry registry, Path artifact) throws IOException {
    Files.createDirectories(artifact);
    Files.writeString(artifact.resolve("model.bin"), "weights");
    double[][] scores = new double[2000][];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      double yes = 1 / (1 + Math.exp(-random.nextGaussian()));
      scores[i] = new double[] {1 - yes, yes};
      labels.add(random.nextDouble() < yes ? "yes" : "no");
    }
    ReferenceScores.of(Models.CHURN_CLASSES, scores, labels).write(artifact);
    registry.register(RegistrationRequest.builder("churn").artifact(artifact)
        .format(ModelFormat.of("opaque")).signature(Models.classifier(1).signature()).build());
  }
}

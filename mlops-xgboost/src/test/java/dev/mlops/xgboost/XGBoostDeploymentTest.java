package dev.mlops.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.xgboost.XGBoostFixtures.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment follows an alias between two XGBoost versions (one saved as JSON, one as UBJ)
 * under concurrent calls: no call fails, and every answer equals XGBoost's own prediction by the
 * version it names.
 */
class XGBoostDeploymentTest {

  @TempDir Path dir;

  @Test
  void fourThreadsNeverFailWhileTheAliasMovesTwentyTimes() throws Exception {
    Task task = Task.MULTICLASS;
    Path v1 = XGBoostFixtures.save(task, 0, true, dir.resolve("v1.json"));
    Path v2 = XGBoostFixtures.save(task, 1, true, dir.resolve("v2.ubj"));
    List<Map<String, Object>> rows = XGBoostFixtures.rows(20, 3);
    Map<Integer, float[][]> expected = Map.of(1, XGBoostFixtures.predict(v1, rows, false),
        2, XGBoostFixtures.predict(v2, rows, false));
    assertThat(expected.get(1)[0]).isNotEqualTo(expected.get(2)[0]);

    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      XGBoostFixtures.register(registry, "churn", v1, task);
      XGBoostFixtures.register(registry, "churn", v2, task);
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(2).build();
      AtomicInteger swaps = new AtomicInteger();
      AtomicInteger retired = new AtomicInteger();
      try (Deployment<Map<String, Object>, Prediction> deployment =
          predictors.deploy("models:/churn@production")) {
        deployment.addListener(new DeploymentListener() {
          @Override
          public void onSwapped(ModelVersion from, ModelVersion to) {
            swaps.incrementAndGet();
          }

          @Override
          public void onRetired(ModelVersion version) {
            retired.incrementAndGet();
          }
        });
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder calls = new LongAdder();
        Map<Integer, LongAdder> byVersion = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t;
          Thread caller = new Thread(() -> {
            for (int i = offset; !stop.get(); i++) {
              int r = i % rows.size();
              try {
                Prediction p = deployment.predict(rows.get(r));
                assertThat(p.scores()).isEqualTo(
                    XGBoostPredictionTest.expectedScores(task, expected.get(p.version())[r]));
                byVersion.computeIfAbsent(p.version(), v -> new LongAdder()).increment();
                calls.increment();
              } catch (Throwable e) {
                failures.add(e);
                stop.set(true);
              }
            }
          });
          caller.start();
          callers.add(caller);
        }
        for (int move = 1; move <= 20; move++) {
          registry.setAlias("churn", "production", move % 2 == 1 ? 2 : 1,
              AliasPrecondition.any(), "move " + move);
          int wanted = move;
          await(() -> swaps.get() == wanted || !failures.isEmpty());
          long seen = calls.sum();
          await(() -> calls.sum() > seen + 8 || !failures.isEmpty());
        }
        stop.set(true);
        for (Thread caller : callers) {
          caller.join();
        }
        assertThat(failures).as("failed calls").isEmpty();
        assertThat(byVersion.keySet()).containsExactlyInAnyOrder(1, 2);
        assertThat(deployment.modelVersion().version()).isEqualTo(1);
        await(() -> retired.get() == 20);
        System.out.printf("XGBoost deployment: %d calls, %s by version%n", calls.sum(), byVersion);
      }
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Gave up waiting after 60 s");
      }
      Thread.sleep(5);
    }
  }
}

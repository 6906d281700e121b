package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.testing.MutableClock;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  private static final int PREDICTORS = 4;
  private static final int CALLS = 25_000;

  @Test
  void totalsAreExactWhenThreadsPredictAndReportOutcomesAtOnce() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelMonitor monitor = ModelMonitor.builder()
        .clock(MutableClock.at("2026-03-01T10:00:10Z")).meterRegistry(meters).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        monitor.wrap(new ScriptedDeployment(Models.classifier(1)));
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    AtomicLong outcomes = new AtomicLong();
    AtomicBoolean predicting = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(PREDICTORS + 3);
    List<Future<?>> predictorTasks = new ArrayList<>();
    for (int t = 0; t < PREDICTORS; t++) {
      predictorTasks.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < CALLS; i++) {
          try {
            Map<String, Object> row = i % 100 == 0 ? Map.of("x", 1.0, "fail", true)
                : Map.of("x", (i % 9) - 4.0, "plan", "a");
            ids.add(predictor.predict(row).predictionId());
          } catch (PredictionException e) {
            failures.incrementAndGet();
          }
        }
        return null;
      }));
    }
    List<Future<?>> others = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      others.add(pool.submit(() -> {
        start.await();
        while (predicting.get() || !ids.isEmpty()) {
          String id = ids.poll();
          if (id != null) {
            monitor.recordOutcome(id, id.hashCode() % 2 == 0 ? "yes" : "no");
            outcomes.incrementAndGet();
          }
        }
        return null;
      }));
    }
    others.add(pool.submit(() -> {
      start.await();
      while (predicting.get()) {
        assertThat(monitor.snapshot().predictions()).isBetween(0L, (long) PREDICTORS * CALLS);
      }
      return null;
    }));
    start.countDown();
    for (Future<?> task : predictorTasks) {
      task.get(60, TimeUnit.SECONDS);
    }
    predicting.set(false);
    for (Future<?> task : others) {
      task.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    MonitorSnapshot snapshot = monitor.snapshot();
    long total = (long) PREDICTORS * CALLS;
    assertThat(failures.get()).isEqualTo(total / 100);
    assertThat(snapshot.predictions()).isEqualTo(total);
    assertThat(snapshot.errors()).isEqualTo(failures.get());
    assertThat(snapshot.latency().count()).isEqualTo(total - failures.get());
    assertThat(outcomes.get()).isEqualTo(total - failures.get());
    assertThat(snapshot.outcomes()).isEqualTo(new OutcomeCounts(outcomes.get(), 0, 0, 0, 0));
    assertThat(meters.get(MonitorMeterNames.PREDICTIONS).counter().count()).isEqualTo(total);
    assertThat(meters.get(MonitorMeterNames.OUTCOMES).tag("status", "joined").counter().count())
        .isEqualTo(outcomes.get());
  }
}

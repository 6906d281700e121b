package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.monitor.MonitorMeterNames;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring store's database is stopped while two threads predict: no prediction fails, the
 * predictions' latency is printed per phase for comparison, and every sampled prediction is either
 * written once the database is back or counted as dropped.
 */
@RequiresPostgres
class StoreOutageTest {

  private static final int BUFFER = 5_000;

  @TempDir Path dir;

  @Test
  void predictionsKeepSucceedingWhileTheDatabaseIsDownAndEverySampleIsWrittenOrCounted(
      PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("outage_store");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (JdbcModelRegistry registry = pg.registry(schema).open();
        JdbcMonitorStore store = pg.monitorStore(schema).open()) {
      ScriptedChurn.register(registry, dir);
      ModelMonitor monitor = ModelMonitor.builder().registry(registry).store(store)
          .meterRegistry(meters).storeBuffer(BUFFER).storeFlushInterval(Duration.ofMillis(200))
          .joinBuffer(10_000_000, Duration.ofDays(1)).build();
      Predictor<Map<String, Object>, Prediction> predictor =
          monitor.wrap(new ScriptedChurn(registry.getVersion(ScriptedChurn.MODEL, 1), "o-"));

      Load load = new Load(predictor);
      load.start();
      try {
        load.phase("before", Duration.ofSeconds(3));
        pg.stop();
        try {
          load.phase("database down", Duration.ofSeconds(6));
        } finally {
          pg.start();
        }
        load.phase("database back", Duration.ofSeconds(3));
      } finally {
        load.stop();
      }
      Awaiting.until(() -> backlog(meters) == 0, 120_000);
      monitor.flush();

      long dropped = (long) meters.get(MonitorMeterNames.STORE_DROPPED)
          .tag(MonitorMeterNames.TAG_KIND, "prediction").counter().count();
      long stored = OutageTest.count(pg, schema + ".monitor_predictions");
      System.out.println("Predicted " + load.calls.get() + " rows: " + stored
          + " written to the store, " + dropped + " dropped (buffer " + BUFFER + ")");
      assertThat(load.failures).hasValue(0);
      assertThat(dropped).as("the outage outlasted the buffer").isPositive();
      assertThat(stored + dropped).as("every sampled prediction written or counted")
          .isEqualTo(load.calls.get());
      assertThat(monitor.fleet().currentAndLastClosed(ScriptedChurn.MODEL).stream()
          .mapToLong(s -> s.predictions()).sum())
          .as("every call counted in the partials (same hour window unless the run crossed one)")
          .isLessThanOrEqualTo(load.calls.get()).isPositive();
      monitor.close();
    }
  }

  private static double backlog(SimpleMeterRegistry meters) {
    return meters.get(MonitorMeterNames.STORE_BACKLOG).gauge().value();
  }

  /** Two threads predicting at a steady pace, timing each call, phase by phase. */
  private static final class Load {
    private final Predictor<Map<String, Object>, Prediction> predictor;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long[] latencies = new long[2_000_000];
    private final AtomicInteger recorded = new AtomicInteger();

    Load(Predictor<Map<String, Object>, Prediction> predictor) {
      this.predictor = predictor;
    }

    void start() {
      for (int t = 0; t < 2; t++) {
        List<Map<String, Object>> rows = ScriptedChurn.rows(t, 1000, 0);
        Thread thread = new Thread(() -> {
          int i = 0;
          while (!stopping) {
            long start = System.nanoTime();
            try {
              predictor.predict(rows.get(i++ % rows.size()));
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            }
            long took = System.nanoTime() - start;
            calls.incrementAndGet();
            int slot = recorded.getAndIncrement();
            long[] into = latencies;
            if (slot < into.length) {
              into[slot] = took;
            }
            // About 5,000 calls a second per thread: a steady load, not a saturating one.
            LockSupport.parkNanos(200_000);
          }
        }, "load-" + t);
        threads.add(thread);
        thread.start();
      }
    }

    /** Runs the load for a while, then prints the latency percentiles of that phase. */
    void phase(String name, Duration length) throws InterruptedException {
      CountDownLatch wait = new CountDownLatch(1);
      recorded.set(0);
      latencies = new long[2_000_000];
      wait.await(length.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      int n = Math.min(recorded.get(), latencies.length);
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      System.out.printf("%-14s %7d calls  p50 %6.1f us  p99 %7.1f us  max %8.1f us%n", name, n,
          sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3, sorted[n - 1] / 1e3);
    }

    void stop() throws InterruptedException {
      stopping = true;
      for (Thread t : threads) {
        t.join(30_000);
      }
    }
  }
}

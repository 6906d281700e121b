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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring store's database is stopped while two threads of this JVM predict (one JVM is
 * enough: what is tested is that predictions never wait for the store, which is the same in every
 * instance of a fleet): no prediction fails, no call waits anywhere near as long as a call that
 * waited for the store would, the latency percentiles stay within a wide band of those before the
 * outage, and every sampled prediction is either written once the database is back or counted as
 * dropped. The figures of each phase are printed; docs/benchmarks.md §10 records a run.
 */
@RequiresPostgres
class StoreOutageTest {

  private static final int BUFFER = 5_000;
  /**
   * What a call that waited for the store would take at least: the store's connection timeout
   * (5 seconds, {@code Database}), which is how long a connection is waited for while the
   * database is down.
   */
  private static final Duration STORE_WAIT = Duration.ofSeconds(5);
  /**
   * The band the percentiles of the outage and recovery stay in: ten times those before, plus
   * 20 ms, wide enough for a loaded two-core CI machine (where a thread preempted mid-call adds
   * milliseconds) and for the database starting and stopping on the same cores, narrow enough
   * to catch calls that wait for the store.
   */
  private static final double FACTOR = 10;
  private static final long FLOOR_NANOS = Duration.ofMillis(20).toNanos();

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
      Percentiles before;
      Percentiles down;
      Percentiles back;
      try {
        // Compiled and warm before anything is compared.
        load.phase("warm-up", Duration.ofSeconds(2));
        before = load.phase("before", Duration.ofSeconds(3));
        pg.stop();
        try {
          down = load.phase("database down", Duration.ofSeconds(6));
        } finally {
          pg.start();
        }
        back = load.phase("database back", Duration.ofSeconds(3));
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
      for (Percentiles phase : List.of(down, back)) {
        assertThat(phase.calls()).as("%s: calls went on", phase.name()).isPositive();
        assertThat(phase.maxNanos()).as("%s: no call waited for the store", phase.name())
            .isLessThan(STORE_WAIT.toNanos());
        assertThat(phase.p50Nanos()).as("%s: p50 within the band of %s", phase.name(), before)
            .isLessThanOrEqualTo(band(before.p50Nanos()));
        assertThat(phase.p99Nanos()).as("%s: p99 within the band of %s", phase.name(), before)
            .isLessThanOrEqualTo(band(before.p99Nanos()));
      }
      monitor.close();
    }
  }

  private static long band(long nanos) {
    return (long) (FACTOR * nanos) + FLOOR_NANOS;
  }

  private static double backlog(SimpleMeterRegistry meters) {
    return meters.get(MonitorMeterNames.STORE_BACKLOG).gauge().value();
  }

  /** The latency percentiles of one phase's calls. */
  record Percentiles(String name, int calls, long p50Nanos, long p99Nanos, long maxNanos) {
    @Override
    public String toString() {
      return String.format("%-14s %7d calls  p50 %6.1f us  p99 %7.1f us  max %8.1f us", name,
          calls, p50Nanos / 1e3, p99Nanos / 1e3, maxNanos / 1e3);
    }
  }

  /** The latencies of the calls made during one phase, in nanoseconds. */
  private static final class PhaseLatencies {
    private final long[] latencies = new long[1_000_000];
    private final AtomicInteger recorded = new AtomicInteger();

    void add(long nanos) {
      int slot = recorded.getAndIncrement();
      if (slot < latencies.length) {
        latencies[slot] = nanos;
      }
    }

    Percentiles percentiles(String name) {
      // A slot a thread claimed just before the phase ended may still read 0: left out.
      long[] sorted = Arrays.stream(latencies, 0, Math.min(recorded.get(), latencies.length))
          .filter(l -> l > 0).sorted().toArray();
      int n = sorted.length;
      return n == 0 ? new Percentiles(name, 0, 0, 0, 0)
          : new Percentiles(name, n, sorted[n / 2], sorted[(int) (n * 0.99)], sorted[n - 1]);
    }
  }

  /** Two threads predicting at a steady pace, timing each call, phase by phase. */
  private static final class Load {
    private final Predictor<Map<String, Object>, Prediction> predictor;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile PhaseLatencies current = new PhaseLatencies();

    Load(Predictor<Map<String, Object>, Prediction> predictor) {
      this.predictor = predictor;
    }

    void start() {
      for (int t = 0; t < 2; t++) {
        List<Map<String, Object>> rows = ScriptedChurn.rows(t, 1000, 0);
        Thread thread = new Thread(() -> {
          int i = 0;
          while (!stopping) {
            PhaseLatencies phase = current;
            long start = System.nanoTime();
            try {
              predictor.predict(rows.get(i++ % rows.size()));
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            }
            phase.add(System.nanoTime() - start);
            calls.incrementAndGet();
            // About 5,000 calls a second per thread: a steady load, not a saturating one.
            LockSupport.parkNanos(200_000);
          }
        }, "load-" + t);
        threads.add(thread);
        thread.start();
      }
    }

    /** Runs the load for a while, then prints and returns the latency percentiles of that phase. */
    Percentiles phase(String name, Duration length) throws InterruptedException {
      PhaseLatencies phase = new PhaseLatencies();
      current = phase;
      Thread.sleep(length.toMillis());
      current = new PhaseLatencies();
      Percentiles p = phase.percentiles(name);
      System.out.println(p);
      return p;
    }

    void stop() throws InterruptedException {
      stopping = true;
      for (Thread t : threads) {
        t.join(30_000);
      }
    }
  }
}

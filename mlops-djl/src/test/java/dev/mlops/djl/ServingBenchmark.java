package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.internal.TabularModelPredictor;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long-running measurements, excluded from the normal build (tag {@code benchmark}). Run with
 *
 * <pre>
 * mvn -B -ntp verify -pl mlops-djl -am -Dgroups=benchmark -Dmlops.djl.excludedGroups=none \
 *     -Dtest=ServingBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>They print their figures; the soak also fails if native memory grows. A JMH module is the
 * proper home once the project has one.
 */
@Tag("benchmark")
class ServingBenchmark {

  static InMemoryModelRegistry registry;

  @BeforeAll
  static void open() {
    registry = new InMemoryModelRegistry();
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  /** The soak: 1,000,000 single-row predictions, native arrays and RSS sampled. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"churn-v1.onnx", "churn-v1.pt"})
  @EnabledOnOs(OS.LINUX)
  void aMillionPredictionsLeaveNativeMemoryWhereItWas(String file) throws Exception {
    ModelVersion v = ChurnFixtures.register(registry, "soak-" + file.replace('.', '-'), file);
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(4).build();
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    try (TabularModelPredictor predictor = (TabularModelPredictor) predictors.load(v.uri())) {
      List<Long> rss = new ArrayList<>();
      int arrays = -1;
      long start = System.nanoTime();
      for (int block = 0; block < 10; block++) {
        MicroBatchingTest.runConcurrently(4, 25_000,
            (t, i) -> predictor.predict(rows.get((t + i) % rows.size())));
        rss.add(residentSetKb());
        if (block == 0) {
          arrays = predictor.openNativeArrays();
        }
        assertThat(predictor.openNativeArrays()).isEqualTo(arrays);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("[%s] 1,000,000 predictions on 4 threads in %.1f s (%.0f/s); RSS KB "
          + "after each 100,000: %s; open native arrays %d%n", file, seconds, 1e6 / seconds,
          rss, arrays);
      // The JVM heap moves RSS by up to ~150 MB between samples; a leak raises the floor. Even
      // 100 bytes per prediction would lift the second half's minimum by ~50 MB.
      long firstFloor = rss.subList(0, 5).stream().mapToLong(Long::longValue).min().orElseThrow();
      long lastFloor = rss.subList(5, 10).stream().mapToLong(Long::longValue).min().orElseThrow();
      assertThat(lastFloor - firstFloor).as("rise of the RSS floor, KB").isLessThan(32 * 1024);
    }
  }

  /** Throughput and latency of 16 concurrent single-row callers, with and without batching. */
  @ParameterizedTest(name = "maxRows={0}")
  @ValueSource(ints = {0, 8, 32})
  void microBatchingTradesLatencyForThroughput(int maxRows) throws Exception {
    ModelVersion v = ChurnFixtures.register(registry, "mb-" + maxRows, "churn-v1.onnx");
    DjlPredictors.Builder b = DjlPredictors.builder().registry(registry).poolSize(2);
    if (maxRows > 0) {
      b.microBatching(maxRows, Duration.ofMillis(2));
    }
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    try (TabularModelPredictor predictor = (TabularModelPredictor) b.build().load(v.uri())) {
      // Warm up, then measure for a fixed number of calls per thread.
      MicroBatchingTest.runConcurrently(16, 500, (t, i) -> predictor.predict(rows.get(0)));
      ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
      long calls0 = predictor.engineCalls();
      long start = System.nanoTime();
      MicroBatchingTest.runConcurrently(16, 3_000, (t, i) -> {
        long s = System.nanoTime();
        predictor.predict(rows.get((t + i) % rows.size()));
        latencies.add(new long[] {System.nanoTime() - s});
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] sorted = latencies.stream().mapToLong(a -> a[0]).sorted().toArray();
      System.out.printf("microBatching maxRows=%d maxDelay=2ms: %.0f predictions/s, p50 %.2f ms, "
          + "p99 %.2f ms, %.1f rows per engine call%n", maxRows, sorted.length / seconds,
          sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
          (double) sorted.length / (predictor.engineCalls() - calls0));
      assertThat(Arrays.stream(sorted).count()).isEqualTo(16 * 3_000);
    }
  }

  private static long residentSetKb() throws IOException {
    System.gc();
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("[^0-9]", ""))
        .mapToLong(Long::parseLong).findFirst().orElseThrow();
  }
}

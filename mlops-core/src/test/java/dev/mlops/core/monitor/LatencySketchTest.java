package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.monitor.LatencySummary;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

  @Test
  void theDocumentedRankErrorIsTheSketchesOwn() {
    assertThat(LatencySketch.RANK_ERROR * 100)
        .isCloseTo(ModelMonitor.LATENCY_RANK_ERROR_PERCENT, within(0.005));
  }

  @Test
  void percentilesOfMergedPanesAreWithinTheRankErrorAndTheMaximumIsExact() {
    Random random = new Random(17);
    long[] all = new long[100_000];
    LatencySketch merged = new LatencySketch();
    for (int pane = 0; pane < 10; pane++) {
      LatencySketch sketch = new LatencySketch();
      for (int i = 0; i < 10_000; i++) {
        long nanos = (long) (Math.exp(random.nextGaussian()) * 1_000_000);
        all[pane * 10_000 + i] = nanos;
        sketch.update(nanos);
      }
      sketch.mergeInto(merged);
    }
    Arrays.sort(all);

    LatencySummary summary = merged.summary();
    assertThat(summary.count()).isEqualTo(all.length);
    assertThat(summary.max()).isEqualTo(Duration.ofNanos(all[all.length - 1]));
    assertWithinRank(all, summary.p50(), 0.50);
    assertWithinRank(all, summary.p95(), 0.95);
    assertWithinRank(all, summary.p99(), 0.99);
  }

  private static void assertWithinRank(long[] sorted, Duration estimate, double rank) {
    int below = lowerBound(sorted, estimate.toNanos());
    assertThat((double) below / sorted.length).isCloseTo(rank, within(LatencySketch.RANK_ERROR));
  }

  private static int lowerBound(long[] sorted, long value) {
    int index = Arrays.binarySearch(sorted, value);
    return index >= 0 ? index : -index - 1;
  }
}

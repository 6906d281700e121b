package dev.mlops.core.monitor;

import dev.mlops.monitor.LatencySummary;
import java.time.Duration;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Latencies of one pane in bounded memory: a KLL sketch of nanoseconds with {@code k} = {@value
 * #K} (at most about 6 KiB however many calls), and the exact maximum. Percentiles are within {@link
 * #RANK_ERROR} of the true rank with 99% confidence, and exact while the sketch has not compacted
 * (up to about {@value #K} values).
 */
final class LatencySketch {

  /** The KLL parameter of the latency sketches. */
  static final int K = 200;

  /** The normalised rank error of a percentile, 99% confidence (about 1.3% at k = 200). */
  static final double RANK_ERROR = KllDoublesSketch.getNormalizedRankError(K, false);

  private final KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(K);
  private long maxNanos;

  void update(long nanos) {
    sketch.update(nanos);
    if (nanos > maxNanos) {
      maxNanos = nanos;
    }
  }

  void mergeInto(LatencySketch target) {
    if (!sketch.isEmpty()) {
      target.sketch.merge(sketch);
      target.maxNanos = Math.max(target.maxNanos, maxNanos);
    }
  }

  LatencySummary summary() {
    if (sketch.isEmpty()) {
      return LatencySummary.empty();
    }
    return new LatencySummary(sketch.getN(), quantile(0.5), quantile(0.95), quantile(0.99),
        Duration.ofNanos(maxNanos));
  }

  private Duration quantile(double rank) {
    return Duration.ofNanos(Math.round(sketch.getQuantile(rank)));
  }
}

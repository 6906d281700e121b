package dev.mlops.core.monitor;

import dev.mlops.monitor.LatencySummary;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

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

  private final KllDoublesSketch sketch;
  private long maxNanos;

  LatencySketch() {
    this.sketch = KllDoublesSketch.newHeapInstance(K);
  }

  private LatencySketch(KllDoublesSketch sketch, long maxNanos) {
    this.sketch = sketch;
    this.maxNanos = maxNanos;
  }

  /** The sketch as bytes: the maximum (8 bytes), then the KLL sketch's own serialisation. */
  byte[] toBytes() {
    byte[] kll = sketch.toByteArray();
    return ByteBuffer.allocate(8 + kll.length).putLong(maxNanos).put(kll).array();
  }

  /**
   * Restores a sketch written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException if the bytes are not such a sketch
   */
  static LatencySketch fromBytes(byte[] bytes) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException("A latency sketch needs at least 8 bytes, got "
          + bytes.length);
    }
    long max = ByteBuffer.wrap(bytes).getLong();
    try {
      KllDoublesSketch restored = KllDoublesSketch.heapify(
          Memory.wrap(Arrays.copyOfRange(bytes, 8, bytes.length)));
      return new LatencySketch(restored, max);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Corrupt latency sketch: " + e.getMessage(), e);
    }
  }

  long count() {
    return sketch.getN();
  }

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

package dev.mlops.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * Latency of the prediction calls in a window. Percentiles come from a bounded-memory sketch; their
 * rank error is stated by the monitor that computed them.
 *
 * @param count the calls measured
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param max the slowest call
 * @since 0.1
 */
public record LatencySummary(long count, Duration p50, Duration p95, Duration p99, Duration max) {

  private static final LatencySummary EMPTY =
      new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /**
   * Validates the components.
   *
   * @param count the calls measured
   * @param p50 the median
   * @param p95 the 95th percentile
   * @param p99 the 99th percentile
   * @param max the slowest call
   * @throws IllegalArgumentException if the count or a duration is negative
   */
  public LatencySummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative but was " + count);
    }
    for (Duration d : new Duration[] {p50, p95, p99, max}) {
      if (Objects.requireNonNull(d, "latency").isNegative()) {
        throw new IllegalArgumentException("latency must not be negative but was " + d);
      }
    }
  }

  /**
   * The summary of a window without calls.
   *
   * @return all zero
   */
  public static LatencySummary empty() {
    return EMPTY;
  }
}

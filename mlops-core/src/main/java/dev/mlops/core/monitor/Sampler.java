package dev.mlops.core.monitor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses which rows are sampled: row number {@code n} is kept when a SplitMix64 hash of the seed
 * and {@code n} falls below the rate, so the same seed and order of calls choose the same rows, any
 * number of threads may ask at once, and a rate of 1 costs nothing.
 */
final class Sampler {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final double rate;
  private final long seed;
  private final long threshold;
  private final AtomicLong rows = new AtomicLong();

  Sampler(double rate, long seed) {
    this.rate = rate;
    this.seed = seed;
    // Compare the hash's top 53 bits with rate * 2^53: exact for every representable rate.
    this.threshold = (long) (rate * (1L << 53));
  }

  boolean sample() {
    if (rate >= 1.0) {
      return true;
    }
    if (rate <= 0.0) {
      return false;
    }
    return sampled(rows.getAndIncrement());
  }

  /**
   * Claims the row numbers of a batch with one atomic add, so that {@link #sampled} can decide
   * later (when the batch is folded) exactly as {@link #sample} would have decided row by row.
   *
   * @param count the rows of the batch
   * @return the number of the batch's first row; 0 when the rate is 0 or 1 (no row numbers needed)
   */
  long claim(int count) {
    if (rate >= 1.0 || rate <= 0.0) {
      return 0;
    }
    return rows.getAndAdd(count);
  }

  /** Whether row number {@code n} (from {@link #claim}) is sampled. */
  boolean sampled(long n) {
    if (rate >= 1.0) {
      return true;
    }
    if (rate <= 0.0) {
      return false;
    }
    return (mix(seed + n * GOLDEN_GAMMA) >>> 11) < threshold;
  }

  /** Whether no row at all is sampled. */
  boolean none() {
    return rate <= 0.0;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

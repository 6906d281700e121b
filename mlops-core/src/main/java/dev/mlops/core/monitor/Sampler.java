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
    long n = rows.getAndIncrement();
    return (mix(seed + n * GOLDEN_GAMMA) >>> 11) < threshold;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

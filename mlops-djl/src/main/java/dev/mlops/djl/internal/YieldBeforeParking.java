package dev.mlops.djl.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a thread waiting for a micro-batch should yield its processor a few times before it
 * parks, learnt from how long yields take.
 *
 * <p>Yielding pays when the threads that get the processor are the batcher's own (the leader, or
 * callers about to join): the batcher answers rows meanwhile, and the waiter usually finds its
 * answer without the cost of a park and a wake-up. It does not pay when other busy threads or
 * processes compete for the processors: a yield then hands over a whole scheduling slice,
 * milliseconds (with three busy loops on two cores, sixteen callers got about thirty times less
 * throughput yielding than parking: docs/predictors.md). So a yield that took longer than
 * {@value #SLOW_YIELD_NANOS} ns, during which the batcher answered fewer than one row per
 * {@value #NANOS_PER_ROW} ns, stops yielding for {@value #BACK_OFF_NANOS} ns (by default): waiters
 * park at once meanwhile, as if yielding did not exist. After that one waiter alone tries a yield
 * again, and one that is quick, or during which rows were answered at that pace, opens yielding to
 * all. (A model slow enough to answer fewer rows than that waits by parking, which costs it
 * little.)
 */
final class YieldBeforeParking {

  /** The most yields in one wait, before the thread parks anyway. */
  static final int MAX_YIELDS_PER_WAIT = 32;
  /** A yield that took longer than this may have handed a slice to another process. */
  static final long SLOW_YIELD_NANOS = 50_000L;
  /** A slow yield during which the batcher answered fewer rows than one per this is wasted. */
  static final long NANOS_PER_ROW = 100_000L;
  /** How long waiters park without yielding after a slow yield. */
  static final long BACK_OFF_NANOS = 100_000_000L;

  /** Yielding is allowed. */
  private static final long OPEN = Long.MIN_VALUE;

  /** {@code OPEN}, or the {@link System#nanoTime()} until which waiters park at once. */
  private final AtomicLong parkOnlyUntil = new AtomicLong(OPEN);
  /** Rows the batcher has answered, the measure of its progress. */
  private final AtomicLong answeredRows = new AtomicLong();
  private final long backOffNanos;

  /** Backs off for {@value #BACK_OFF_NANOS} ns after a wasted yield. */
  YieldBeforeParking() {
    this(BACK_OFF_NANOS);
  }

  /**
   * Backs off for the given time after a wasted yield.
   *
   * @param backOffNanos how long waiters park without yielding, positive
   */
  YieldBeforeParking(long backOffNanos) {
    this.backOffNanos = backOffNanos;
  }

  /**
   * Whether the calling waiter may yield now. While yielding is backed off it may not, except for
   * the one waiter that first asks after the back-off has passed: it probes.
   *
   * @return true to {@link #yieldOnce()}, false to park
   */
  boolean mayYield() {
    long until = parkOnlyUntil.get();
    if (until == OPEN) {
      return true;
    }
    long now = System.nanoTime();
    // The back-off is renewed by the prober, so only one waiter probes at a time.
    return now - until >= 0 && parkOnlyUntil.compareAndSet(until, backOffFrom(now));
  }

  /**
   * Records that a batch was answered.
   *
   * @param rows its rows
   */
  void answered(int rows) {
    answeredRows.addAndGet(rows);
  }

  /**
   * Yields once and learns from how long it took and what the batcher did meanwhile.
   */
  void yieldOnce() {
    long rowsBefore = answeredRows.get();
    long start = System.nanoTime();
    Thread.yield();
    learn(System.nanoTime() - start, answeredRows.get() - rowsBefore);
  }

  /**
   * Learns from one yield: backs off after a slow one during which too few rows were answered,
   * opens yielding after any other.
   *
   * @param took how long the yield took, in nanoseconds
   * @param rows how many rows the batcher answered meanwhile
   */
  void learn(long took, long rows) {
    if (took > SLOW_YIELD_NANOS && rows * NANOS_PER_ROW < took) {
      parkOnlyUntil.set(backOffFrom(System.nanoTime()));
    } else if (parkOnlyUntil.get() != OPEN) {
      parkOnlyUntil.set(OPEN);
    }
  }

  /**
   * Whether yielding is backed off at this moment (for tests).
   *
   * @return true while waiters park without yielding
   */
  boolean backedOff() {
    return parkOnlyUntil.get() != OPEN;
  }

  private long backOffFrom(long now) {
    long until = now + backOffNanos;
    return until == OPEN ? until + 1 : until;
  }
}

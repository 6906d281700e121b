package dev.mlops.djl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces concurrent single-row calls into one engine call. There is no background thread: the
 * first caller to arrive leads a batch, waits, takes the batch (the next caller to arrive leads the
 * next one), scores it and hands every caller its own row of scores, or the engine's error.
 *
 * <p>Up to {@code aloneUpTo} callers in flight (the engine's parallelism), with no batch forming,
 * each caller is scored alone on its own thread at once, without taking the batcher's lock: the
 * engine serves them side by side, and making one wait for the other would leave a processor idle
 * (two callers on two cores, batched, got 0.029 calls per µs from a model whose call costs 23 µs,
 * against 0.069 scored alone).
 *
 * <p>The leader takes the batch as soon as one of three things is true: the batch holds {@code
 * maxRows} rows; every caller in flight (from its arrival until it leaves with its answer, so
 * including callers whose batch the engine is scoring and answered callers still waiting for a
 * processor) waits in this batch, so nobody else can join it before one of them leaves; or {@code
 * maxDelay} has passed. The second rule means a batch never waits for callers that do not exist:
 * a lone caller is scored at once, and sixteen callers with {@code maxRows} 32 make batches of
 * sixteen instead of waiting out the delay every time. Counting answered callers in flight until
 * they run again matters on a busy machine: sixteen threads answered at once on two cores come back
 * one after another, and a batch that left when only the first had rejoined would be small.
 *
 * <p>Rows are validated and encoded on each caller's thread, counted in flight meanwhile, before
 * they join, so a bad row fails only its own caller and never a batch.
 *
 * <p>Waiting callers, the leader included, first {@linkplain Thread#yield() yield} their processor
 * a few times and only then park, as long as yielding pays ({@link YieldBeforeParking}: not when
 * other busy threads or processes hold the processors). Parking a caller and waking it again
 * costs a system call and a context switch each way, and on a virtual machine whose idle
 * processor must be woken, tens of microseconds: on two cores, sixteen callers of the churn model
 * (3 µs a call) got 0.13 calls per µs batched while every caller parked, and 0.3 to 0.5 yielding
 * first (docs/benchmarks.md, section "SDK vs anchor"). A yielding caller lets the others (the
 * leader among them) run in its place, and a batch is usually answered before its callers' yields
 * run out.
 *
 * @param <E> an encoded row
 * @param <R> one row's result
 */
final class MicroBatcher<E, R> {


  private final int maxRows;
  private final long maxDelayNanos;
  private final int aloneUpTo;
  private final Function<E, R> alone;
  private final Function<List<E>, List<R>> engine;
  private final Object lock = new Object();
  private final YieldBeforeParking yielding = new YieldBeforeParking();
  /** The batch forming, its leader first; guarded by {@code lock}. */
  private ArrayList<Pending> forming = new ArrayList<>();
  /** The size of {@code forming}, written under {@code lock}, read without it. */
  private volatile int formingRows;
  /** Callers that arrived and have not left with their answer yet. */
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Creates a batcher.
   *
   * @param maxRows the most rows per engine call
   * @param maxDelayNanos how long a batch's leader waits at most for more rows
   * @param aloneUpTo while at most this many callers are in flight and no batch is forming, a
   *     caller is scored on its own at once: the engine's parallelism, so that as few callers as
   *     it can serve side by side are not made to wait for each other
   * @param alone scores one encoded row on its own; throws on failure
   * @param engine scores the encoded rows of a batch together, returning one result per row in
   *     order; throws on failure
   */
  MicroBatcher(int maxRows, long maxDelayNanos, int aloneUpTo, Function<E, R> alone,
      Function<List<E>, List<R>> engine) {
    this.maxRows = maxRows;
    this.maxDelayNanos = maxDelayNanos;
    this.aloneUpTo = aloneUpTo;
    this.alone = alone;
    this.engine = engine;
  }

  /**
   * Encodes one row on the calling thread and scores it together with whatever other rows arrive
   * meanwhile.
   *
   * @param encode validates and encodes the caller's row
   * @return that row's result
   * @throws RuntimeException whatever {@code encode} threw for the row, or the engine for the
   *     batch
   */
  R score(Supplier<E> encode) {
    inFlight.incrementAndGet();
    try {
      E row = encode.get();
      if (formingRows == 0 && inFlight.get() <= aloneUpTo) {
        return alone.apply(row);
      }
      return joinBatch(row);
    } finally {
      // Counted out on its own thread, once it runs again: a caller that was answered but is
      // still waiting for a processor stays in flight, so the next batch waits for it to rejoin.
      // Also when its row failed to encode, whatever it threw, or every later batch would wait
      // for a caller that is gone.
      leave();
    }
  }

  /** Adds the row to the forming batch, leads it if it is the first, and waits for the answer. */
  private R joinBatch(E row) {
    Pending me = new Pending(row);
    boolean leader;
    @Nullable Thread leaderToWake = null;
    synchronized (lock) {
      forming.add(me);
      formingRows = forming.size();
      leader = forming.size() == 1;
      if (!leader && ready()) {
        leaderToWake = forming.get(0).thread;
      }
    }
    // Woken outside the lock, so that the leader does not wake only to wait for it.
    wake(leaderToWake);
    if (leader) {
      lead();
    }
    return me.await();
  }

  /** Whether the forming batch should leave now (the delay aside). Holds {@code lock}. */
  private boolean ready() {
    return forming.size() >= maxRows || forming.size() >= inFlight.get();
  }

  /**
   * A caller left (answered, or failed before joining): the forming batch may now be complete.
   * The count falls before {@code formingRows} is read, and a leader adds its row before it reads
   * the count (both volatile), so either this caller sees the batch or its leader sees the count.
   */
  private void leave() {
    inFlight.decrementAndGet();
    if (formingRows == 0) {
      return;
    }
    @Nullable Thread leaderToWake = null;
    synchronized (lock) {
      if (!forming.isEmpty() && ready()) {
        leaderToWake = forming.get(0).thread;
      }
    }
    wake(leaderToWake);
  }

  /**
   * Waits until the forming batch, which the calling thread leads, is ready or its delay passed,
   * then takes it, hands the lead of any rows beyond it to the first of them, and scores it.
   */
  private void lead() {
    long deadline = System.nanoTime() + maxDelayNanos;
    // An interrupt ends the wait and is kept for the leader, but is cleared while the batch is
    // scored: the engine's own waits (a permit of the pool) would fail the whole batch over it.
    boolean interrupted = Thread.interrupted();
    int yields = 0;
    List<Pending> batch;
    @Nullable Pending nextLeader = null;
    while (true) {
      long left;
      synchronized (lock) {
        left = deadline - System.nanoTime();
        if (ready() || left <= 0 || interrupted) {
          batch = take();
          nextLeader = forming.isEmpty() ? null : forming.get(0);
          break;
        }
      }
      if (yields < YieldBeforeParking.MAX_YIELDS_PER_WAIT && yielding.mayYield()) {
        yields++;
        yielding.yieldOnce();
      } else {
        // Woken by the caller that completes the batch, by the last one in flight leaving, or
        // when the delay has passed. An interrupt ends the wait early and is kept.
        LockSupport.parkNanos(this, left);
        interrupted |= Thread.interrupted();
      }
    }
    if (nextLeader != null) {
      // Rows beyond maxRows arrived while this batch formed: the first of them leads next.
      nextLeader.promote();
    }
    try {
      run(batch);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Removes the first {@code maxRows} rows from the forming batch. Holds {@code lock}. */
  private List<Pending> take() {
    List<Pending> batch;
    if (forming.size() <= maxRows) {
      batch = forming;
      forming = new ArrayList<>();
    } else {
      batch = new ArrayList<>(forming.subList(0, maxRows));
      forming = new ArrayList<>(forming.subList(maxRows, forming.size()));
    }
    formingRows = forming.size();
    return batch;
  }

  private void run(List<Pending> batch) {
    List<E> rows = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      rows.add(p.row);
    }
    List<R> results;
    try {
      results = engine.apply(rows);
      if (results.size() != batch.size()) {
        throw new IllegalStateException("The engine returned " + results.size()
            + " results for a batch of " + batch.size() + " rows");
      }
    } catch (Throwable e) {
      // Every caller of the batch is answered, whatever went wrong, or it would wait for good.
      yielding.answered(batch.size());
      batch.forEach(p -> p.fail(e));
      return;
    }
    yielding.answered(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).answer(results.get(i));
    }
  }

  /**
   * The rows of the batch forming now, for tests that must know a caller has joined.
   *
   * @return the number of rows
   */
  int formingRows() {
    return formingRows;
  }

  private static void wake(@Nullable Thread thread) {
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /** One caller's row, its thread, and what that thread waits for. */
  private final class Pending {
    private static final int WAITING = 0;
    private static final int LEADING = 1;
    private static final int ANSWERED = 2;

    final E row;
    final Thread thread = Thread.currentThread();
    /** {@code WAITING}, {@code LEADING} or {@code ANSWERED}; written last, after the answer. */
    private volatile int state = WAITING;
    private @Nullable R result;
    private @Nullable Throwable failure;

    Pending(E row) {
      this.row = row;
    }

    /** Makes this caller, left over from a full batch, lead the next one. */
    void promote() {
      state = LEADING;
      wake(thread);
    }

    void answer(R value) {
      result = value;
      state = ANSWERED;
      wakeUnlessSelf();
    }

    void fail(Throwable error) {
      failure = error;
      state = ANSWERED;
      wakeUnlessSelf();
    }

    private void wakeUnlessSelf() {
      if (thread != Thread.currentThread()) {
        LockSupport.unpark(thread);
      }
    }

    /** Waits, uninterruptibly (an interrupt is kept), for this row's result or for the lead. */
    R await() {
      boolean interrupted = false;
      int yields = 0;
      for (int s = state; s != ANSWERED; s = state) {
        if (s == LEADING) {
          lead();
        } else if (yields < YieldBeforeParking.MAX_YIELDS_PER_WAIT && yielding.mayYield()) {
          yields++;
          yielding.yieldOnce();
        } else {
          LockSupport.park(this);
          interrupted |= Thread.interrupted();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return result();
    }

    @SuppressWarnings("NullAway") // a null result is the engine's own answer for this row
    private R result() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException("The engine failed to score a batch", failure);
      }
      return result;
    }
  }
}

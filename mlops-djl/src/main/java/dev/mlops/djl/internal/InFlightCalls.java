package dev.mlops.djl.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Counts the calls in flight on one loaded model and lets it be retired: after {@link
 * #retire(Runnable)} no new call is admitted, and the drained hook runs exactly once, when the
 * last call in flight ends (at once if none is). One atomic integer holds both the count and the
 * retired flag, so a call can never be admitted after the hook has run.
 */
final class InFlightCalls {

  /** Set in {@link #state} once retired; the low bits count in-flight calls. */
  private static final int RETIRED = Integer.MIN_VALUE;

  private final AtomicInteger state = new AtomicInteger();
  private final Runnable defaultHook;
  private volatile @Nullable Runnable whenDrained;

  /**
   * Creates the counter.
   *
   * @param defaultHook what to run when drained if {@link #retire(Runnable)} was given no hook
   *     before the count reached zero (normally closing the model)
   */
  InFlightCalls(Runnable defaultHook) {
    this.defaultHook = defaultHook;
  }

  /**
   * Registers a call in flight, unless retired.
   *
   * @return true if the caller may call the model and must {@link #release()} after
   */
  boolean tryAcquire() {
    while (true) {
      int s = state.get();
      if (s < 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Ends a call registered with {@link #tryAcquire()}; the last call after retirement drains. */
  void release() {
    if (state.decrementAndGet() == RETIRED) {
      drained();
    }
  }

  /**
   * Stops new calls; {@code hook} runs once the calls in flight have finished. Retiring twice
   * keeps the first hook.
   *
   * @param hook what to do when drained
   */
  void retire(Runnable hook) {
    if (whenDrained == null) {
      whenDrained = hook;
    }
    int before = state.getAndUpdate(s -> s < 0 ? s : s | RETIRED);
    if (before == 0) {
      drained();
    }
  }

  /**
   * Whether {@link #retire(Runnable)} was called.
   *
   * @return true once retired
   */
  boolean isRetired() {
    return state.get() < 0;
  }

  /**
   * How many calls are in flight.
   *
   * @return the count
   */
  int count() {
    return state.get() & Integer.MAX_VALUE;
  }

  private void drained() {
    Runnable hook = whenDrained;
    (hook != null ? hook : defaultHook).run();
  }
}

package dev.mlops.djl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Coalesces concurrent single-row calls into one engine call. There is no background thread: the
 * first caller to arrive leads a batch, waits until {@code maxRows} rows have joined or
 * {@code maxDelay} has passed, takes the batch (the next caller to arrive leads the next one),
 * scores it and hands every caller its own row of scores, or the engine's error.
 *
 * <p>Rows are validated and encoded on each caller's thread before they join, so a bad row fails
 * only its own caller and never a batch.
 *
 * <p>The trade-off: a caller may wait up to {@code maxDelay} for company, in exchange for fewer,
 * larger engine calls under concurrency. A lone caller always pays the full delay.
 *
 * @param <E> an encoded row
 * @param <R> one row's result
 */
final class MicroBatcher<E, R> {

  private final int maxRows;
  private final long maxDelayNanos;
  private final Function<List<E>, List<R>> engine;
  private final Object lock = new Object();
  private List<Pending> forming = new ArrayList<>();

  /**
   * Creates a batcher.
   *
   * @param maxRows the most rows per engine call
   * @param maxDelayNanos how long a batch's leader waits for more rows
   * @param engine scores the encoded rows of a batch together, returning one result per row in
   *     order; throws on failure
   */
  MicroBatcher(int maxRows, long maxDelayNanos, Function<List<E>, List<R>> engine) {
    this.maxRows = maxRows;
    this.maxDelayNanos = maxDelayNanos;
    this.engine = engine;
  }

  /**
   * Scores one encoded row together with whatever other rows arrive meanwhile.
   *
   * @param row one valid encoded row
   * @return that row's result
   * @throws RuntimeException whatever the engine threw for the batch
   */
  R score(E row) {
    Pending me = new Pending(row);
    boolean leader;
    synchronized (lock) {
      forming.add(me);
      leader = forming.size() == 1;
      if (forming.size() >= maxRows) {
        lock.notifyAll();
      }
    }
    if (leader) {
      lead(me);
    }
    return me.await();
  }

  private void lead(Pending first) {
    List<Pending> batch;
    synchronized (lock) {
      long deadline = System.nanoTime() + maxDelayNanos;
      long left = maxDelayNanos;
      boolean interrupted = false;
      while (forming.size() < maxRows && left > 0) {
        try {
          lock.wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
        left = deadline - System.nanoTime();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      int take = Math.min(forming.size(), maxRows);
      batch = new ArrayList<>(forming.subList(0, take));
      forming = new ArrayList<>(forming.subList(take, forming.size()));
      if (!forming.isEmpty()) {
        // Rows beyond maxRows arrived while this batch formed: the first of them leads next.
        forming.get(0).promote();
      }
    }
    run(batch);
  }

  private void run(List<Pending> batch) {
    List<R> results;
    try {
      results = engine.apply(batch.stream().map(p -> p.row).toList());
    } catch (RuntimeException | Error e) {
      batch.forEach(p -> p.result.completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result.complete(results.get(i));
    }
  }

  /** One caller's row and the future its result arrives in. */
  private final class Pending {
    final E row;
    final CompletableFuture<R> result = new CompletableFuture<>();
    /** Completed with true when this caller must lead the next batch. */
    final CompletableFuture<Boolean> leadership = new CompletableFuture<>();

    Pending(E row) {
      this.row = row;
    }

    void promote() {
      leadership.complete(true);
    }

    R await() {
      // A caller left over from a full batch waits for either its scores or leadership.
      CompletableFuture.anyOf(result, leadership).join();
      if (!result.isDone()) {
        lead(this);
      }
      try {
        return result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for a batched prediction", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }
}

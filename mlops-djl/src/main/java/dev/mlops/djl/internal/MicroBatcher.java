package dev.mlops.djl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Coalesces concurrent single-row calls into one engine call. There is no background thread: the
 * first caller to arrive leads a batch, waits, takes the batch (the next caller to arrive leads the
 * next one), scores it and hands every caller its own row of scores, or the engine's error.
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
 * @param <E> an encoded row
 * @param <R> one row's result
 */
final class MicroBatcher<E, R> {

  private final int maxRows;
  private final long maxDelayNanos;
  private final Function<List<E>, List<R>> engine;
  private final Object lock = new Object();
  private List<Pending> forming = new ArrayList<>();
  /** Callers that arrived and have not left with their answer yet, guarded by {@code lock}. */
  private int inFlight;

  /**
   * Creates a batcher.
   *
   * @param maxRows the most rows per engine call
   * @param maxDelayNanos how long a batch's leader waits at most for more rows
   * @param engine scores the encoded rows of a batch together, returning one result per row in
   *     order; throws on failure
   */
  MicroBatcher(int maxRows, long maxDelayNanos, Function<List<E>, List<R>> engine) {
    this.maxRows = maxRows;
    this.maxDelayNanos = maxDelayNanos;
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
    synchronized (lock) {
      inFlight++;
    }
    E row;
    try {
      row = encode.get();
    } catch (RuntimeException | Error e) {
      answered(1);
      throw e;
    }
    Pending me = new Pending(row);
    boolean leader;
    synchronized (lock) {
      forming.add(me);
      leader = forming.size() == 1;
      if (ready()) {
        lock.notifyAll();
      }
    }
    try {
      if (leader) {
        lead(me);
      }
      return me.await();
    } finally {
      // Counted out on its own thread, once it runs again: a caller that was answered but is
      // still waiting for a processor stays in flight, so the next batch waits for it to rejoin.
      answered(1);
    }
  }

  /** Whether the forming batch should leave now (the delay aside). Holds {@code lock}. */
  private boolean ready() {
    return forming.size() >= maxRows || forming.size() >= inFlight;
  }

  /** Callers left (answered, or failed before joining): a forming batch may now be complete. */
  private void answered(int callers) {
    synchronized (lock) {
      inFlight -= callers;
      if (!forming.isEmpty() && ready()) {
        lock.notifyAll();
      }
    }
  }

  private void lead(Pending first) {
    List<Pending> batch;
    synchronized (lock) {
      long deadline = System.nanoTime() + maxDelayNanos;
      long left = maxDelayNanos;
      boolean interrupted = false;
      while (!ready() && left > 0) {
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

package dev.mlops.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs one task per feature on up to {@code parallelism} threads: the calling thread and helpers
 * from {@link ForkJoinPool#commonPool()}, each claiming the next task until none is left and
 * keeping one workspace (scratch arrays) for all the tasks it runs.
 *
 * <p>The caller works too and waits only for tasks a helper has claimed, so a busy or small
 * common pool delays nothing: a helper that starts after the last task was claimed finds nothing
 * to do. Results come back in task order; when tasks fail, the failure of the first of them in
 * task order is thrown, as a sequential loop would have thrown it.
 */
final class FeatureTasks {

  private FeatureTasks() {}

  static <W, R> List<R> run(
      int tasks, int parallelism, Supplier<W> workspace, BiFunction<W, Integer, R> task) {
    Object[] results = new Object[tasks];
    Throwable[] failures = new Throwable[tasks];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(tasks);
    Runnable worker = () -> {
      W own = null;
      for (int k = next.getAndIncrement(); k < tasks; k = next.getAndIncrement()) {
        try {
          if (own == null) {
            own = workspace.get();
          }
          results[k] = task.apply(own, k);
        } catch (RuntimeException | Error e) {
          failures[k] = e;
        } finally {
          finished.countDown();
        }
      }
    };
    for (int helper = 1; helper < Math.min(parallelism, tasks); helper++) {
      ForkJoinPool.commonPool().execute(worker);
    }
    worker.run();
    awaitUninterruptibly(finished);
    List<R> out = new ArrayList<>(tasks);
    for (int k = 0; k < tasks; k++) {
      if (failures[k] instanceof RuntimeException e) {
        throw e;
      }
      if (failures[k] instanceof Error e) {
        throw e;
      }
      @SuppressWarnings("unchecked")
      R result = (R) results[k];
      out.add(result);
    }
    return out;
  }

  /** Waits for the helpers' tasks even if interrupted: they read the caller's tables. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

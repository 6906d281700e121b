package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a batch leaves, with an engine that records its batches. Every delay here is a day: a
 * batch that waited for its delay would hang the test until its timeout.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MicroBatcherTest {

  private static final long A_DAY = TimeUnit.DAYS.toNanos(1);

  /** Scores a row, a number, as itself doubled; records the size of every batch. */
  private final List<Integer> batches = new CopyOnWriteArrayList<>();
  private final Function<List<Float>, List<Float>> doubling = batch -> {
    batches.add(batch.size());
    return batch.stream().map(value -> 2 * value).toList();
  };

  @Test
  void aLoneCallerIsScoredAtOnce() {
    MicroBatcher<Float, Float> batcher = batcher(16, 1, doubling);

    assertThat(batcher.score(() -> row(21))).isEqualTo(42f);
    assertThat(batches).containsExactly(1);
  }

  @Test
  void asManyCallersAsTheEngineServesSideBySideAreScoredAloneAndAtTheSameTime() throws Exception {
    // Both callers must be inside the engine at once to get past it.
    CyclicBarrier bothInTheEngine = new CyclicBarrier(2);
    MicroBatcher<Float, Float> batcher = batcher(16, 2, batch -> {
      try {
        bothInTheEngine.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the callers were not scored side by side", e);
      }
      return doubling.apply(batch);
    });

    List<Float> scores = concurrently(2, k -> () -> row(k), batcher);

    assertThat(scores).containsExactly(0f, 2f);
    assertThat(batches).containsExactly(1, 1);
  }

  @Test
  void callersBeyondTheEnginesParallelismAreBatched() throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(16, 2, doubling);
    CyclicBarrier allInFlight = new CyclicBarrier(3);

    List<Float> scores = concurrently(3, k -> () -> {
      await(allInFlight);
      return row(k);
    }, batcher);

    assertThat(scores).containsExactly(0f, 2f, 4f);
    assertThat(batches).containsExactly(3);
  }

  @Test
  void fewerCallersThanMaxRowsLeaveTogetherOnceAllHaveJoined() throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(32, 1, doubling);
    CyclicBarrier allInFlight = new CyclicBarrier(5);

    List<Float> scores = concurrently(5, k -> () -> {
      await(allInFlight); // while encoding: all five are in flight before any joins
      return row(k);
    }, batcher);

    assertThat(scores).containsExactly(0f, 2f, 4f, 6f, 8f);
    assertThat(batches).containsExactly(5);
  }

  @Test
  void aCallerWhoseRowIsInvalidNoLongerHoldsBackTheBatch() throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(32, 1, doubling);
    CyclicBarrier allInFlight = new CyclicBarrier(3);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Float>> calls = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        int caller = k;
        calls.add(pool.submit(() -> batcher.score(() -> {
          await(allInFlight);
          if (caller == 2) {
            throw new IllegalArgumentException("feature 'age' is missing");
          }
          return row(caller);
        })));
      }

      assertThat(calls.get(0).get()).isEqualTo(0f);
      assertThat(calls.get(1).get()).isEqualTo(2f);
      assertThatThrownBy(() -> calls.get(2).get()).hasCauseInstanceOf(IllegalArgumentException.class);
      assertThat(batches).containsExactly(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBatchWaitsForTheCallersTheEngineIsScoringThenLeavesWhenTheyAreAnswered()
      throws Exception {
    CountDownLatch engineEntered = new CountDownLatch(1);
    CountDownLatch releaseEngine = new CountDownLatch(1);
    CountDownLatch secondAndThirdEncoded = new CountDownLatch(2);
    MicroBatcher<Float, Float> batcher = batcher(32, 1, batch -> {
      if (batches.isEmpty()) {
        engineEntered.countDown();
        await(releaseEngine);
      }
      return doubling.apply(batch);
    });
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<Float> first = pool.submit(() -> batcher.score(() -> row(1)));
      engineEntered.await();
      // The first caller's batch is in the engine; two more callers arrive meanwhile. They
      // wait for the first caller (in flight) rather than leave one by one.
      Future<Float> second = pool.submit(() -> batcher.score(() -> encoded(2,
          secondAndThirdEncoded)));
      Future<Float> third = pool.submit(() -> batcher.score(() -> encoded(3,
          secondAndThirdEncoded)));
      secondAndThirdEncoded.await();
      releaseEngine.countDown();

      assertThat(first.get()).isEqualTo(2f);
      assertThat(second.get()).isEqualTo(4f);
      assertThat(third.get()).isEqualTo(6f);
      assertThat(batches).containsExactly(1, 2);
    } finally {
      releaseEngine.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aFullBatchLeavesAndTheCallersBeyondItLeadTheNext() throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(4, 1, doubling);
    CyclicBarrier allInFlight = new CyclicBarrier(10);

    List<Float> scores = concurrently(10, k -> () -> {
      await(allInFlight);
      return row(k);
    }, batcher);

    assertThat(scores).containsExactly(0f, 2f, 4f, 6f, 8f, 10f, 12f, 14f, 16f, 18f);
    assertThat(batches).allSatisfy(size -> assertThat(size).isBetween(1, 4));
    assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
  }

  @Test
  void aCallerInterruptedWhileItsBatchIsScoredStillGetsItsRowAndKeepsTheInterrupt()
      throws Exception {
    CountDownLatch engineEntered = new CountDownLatch(1);
    CountDownLatch releaseEngine = new CountDownLatch(1);
    AtomicReference<Thread> engineThread = new AtomicReference<>();
    MicroBatcher<Float, Float> batcher = batcher(2, 1, batch -> {
      engineThread.set(Thread.currentThread());
      engineEntered.countDown();
      await(releaseEngine);
      return doubling.apply(batch);
    });
    CyclicBarrier bothInFlight = new CyclicBarrier(2);
    List<Thread> callers = new ArrayList<>();
    List<CompletableFuture<String>> outcomes = new ArrayList<>();
    for (int k = 1; k <= 2; k++) {
      float value = k;
      CompletableFuture<String> outcome = new CompletableFuture<>();
      outcomes.add(outcome);
      callers.add(new Thread(() -> {
        Float score = batcher.score(() -> {
          await(bothInFlight);
          return row(value);
        });
        outcome.complete(score + " interrupted=" + Thread.currentThread().isInterrupted());
      }));
    }
    callers.forEach(Thread::start);
    engineEntered.await();
    int waiting = callers.get(0) == engineThread.get() ? 1 : 0;
    callers.get(waiting).interrupt();
    // Long enough for the interrupted caller to wake up and wait again, if it does.
    Thread.sleep(100);
    releaseEngine.countDown();

    assertThat(outcomes.get(waiting).get(1, TimeUnit.MINUTES))
        .isEqualTo((waiting + 1) * 2f + " interrupted=true");
    assertThat(outcomes.get(1 - waiting).get(1, TimeUnit.MINUTES))
        .isEqualTo((2 - waiting) * 2f + " interrupted=false");
    assertThat(batches).containsExactly(2);
  }

  @Test
  void aLeaderInterruptedWhileWaitingForACallerLeavesWithWhatItHasAndKeepsTheInterrupt()
      throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(4, 1, doubling);
    CountDownLatch secondInFlight = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      // The second caller is in flight but still encoding, so the first waits for it.
      Future<Float> second = pool.submit(() -> batcher.score(() -> {
        secondInFlight.countDown();
        await(releaseSecond);
        return row(2);
      }));
      secondInFlight.await();
      CompletableFuture<String> first = new CompletableFuture<>();
      Thread leader = new Thread(() -> {
        Float score = batcher.score(() -> row(1));
        first.complete(score + " interrupted=" + Thread.currentThread().isInterrupted());
      });
      leader.start();
      Thread.sleep(100);
      assertThat(first).isNotDone();
      leader.interrupt();

      assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("2.0 interrupted=true");
      releaseSecond.countDown();
      assertThat(second.get()).isEqualTo(4f);
      assertThat(batches).containsExactly(1, 1);
    } finally {
      releaseSecond.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aLeadersInterruptDoesNotFailTheOtherCallersOfItsBatch() throws Exception {
    // Like the pool's permit, this engine refuses to work on an interrupted thread.
    MicroBatcher<Float, Float> batcher = batcher(3, 1, batch -> {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("interrupted while waiting for a free predictor");
      }
      return doubling.apply(batch);
    });
    CountDownLatch thirdInFlight = new CountDownLatch(1);
    CountDownLatch releaseThird = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // The third caller is in flight but still encoding, so the leader waits for it.
      Future<Float> third = pool.submit(() -> batcher.score(() -> {
        thirdInFlight.countDown();
        await(releaseThird);
        return row(3);
      }));
      thirdInFlight.await();
      CompletableFuture<String> first = new CompletableFuture<>();
      Thread leader = new Thread(() -> {
        try {
          Float score = batcher.score(() -> row(1));
          first.complete(score + " interrupted=" + Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
          first.complete(e.getMessage());
        }
      });
      leader.start();
      awaitFormingRows(batcher, 1);
      Future<Float> second = pool.submit(() -> batcher.score(() -> row(2)));
      awaitFormingRows(batcher, 2);
      leader.interrupt();

      assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("2.0 interrupted=true");
      assertThat(second.get(1, TimeUnit.MINUTES)).isEqualTo(4f);
      releaseThird.countDown();
      assertThat(third.get(1, TimeUnit.MINUTES)).isEqualTo(6f);
      assertThat(batches).containsExactly(2, 1);
    } finally {
      releaseThird.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aRowWhoseEncodingThrowsACheckedExceptionIsNoLongerCountedInFlight() throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(4, 1, doubling);
    Exception checked = new java.io.IOException("feature store unreachable");

    assertThatThrownBy(() -> batcher.score(() -> sneakyThrow(checked))).isSameAs(checked);
    // Still counted in flight, it would make this lone caller wait a day for it.
    CompletableFuture<Float> lone =
        CompletableFuture.supplyAsync(() -> batcher.score(() -> row(5)));
    assertThat(lone.get(1, TimeUnit.MINUTES)).isEqualTo(10f);
    assertThat(batches).containsExactly(1);
  }

  @Test
  void anEngineThatReturnsTooFewResultsFailsEveryCallerOfTheBatch() throws Exception {
    MicroBatcher<Float, Float> batcher = batcher(2, 1, batch -> {
      batches.add(batch.size());
      return List.of(0f);
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (Future<Float> call : callsInFlightTogether(2, batcher, pool)) {
        assertThatThrownBy(() -> call.get(1, TimeUnit.MINUTES))
            .isInstanceOf(ExecutionException.class).cause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("The engine returned 1 results for a batch of 2 rows");
      }
      assertThat(batches).containsExactly(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEngineErrorReachesEveryCallerOfTheBatch() throws Exception {
    OutOfMemoryError outOfMemory = new OutOfMemoryError("Direct buffer memory");
    MicroBatcher<Float, Float> batcher = batcher(3, 1, batch -> {
      batches.add(batch.size());
      throw outOfMemory;
    });
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (Future<Float> call : callsInFlightTogether(3, batcher, pool)) {
        assertThatThrownBy(() -> call.get(1, TimeUnit.MINUTES))
            .isInstanceOf(ExecutionException.class).cause().isSameAs(outOfMemory);
      }
      assertThat(batches).containsExactly(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCheckedExceptionThrownByTheEngineFailsTheBatchInsteadOfLeavingItsCallersWaiting()
      throws Exception {
    Exception checked = new java.io.IOException("model file vanished");
    MicroBatcher<Float, Float> batcher = batcher(2, 1, batch -> {
      batches.add(batch.size());
      return sneakyThrow(checked);
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (Future<Float> call : callsInFlightTogether(2, batcher, pool)) {
        assertThatThrownBy(() -> call.get(1, TimeUnit.MINUTES))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(IllegalStateException.class)
            .hasMessage("The engine failed to score a batch")
            .cause().isSameAs(checked);
      }
      assertThat(batches).containsExactly(2);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until the batch forming holds {@code rows} rows. */
  private static void awaitFormingRows(MicroBatcher<Float, Float> batcher, int rows)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (batcher.formingRows() != rows) {
      assertThat(System.nanoTime()).as("%d rows forming", rows).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  /** Calls from {@code callers} threads, rows 0, 1, ..., all in flight before any joins. */
  private static List<Future<Float>> callsInFlightTogether(int callers,
      MicroBatcher<Float, Float> batcher, ExecutorService pool) {
    CyclicBarrier allInFlight = new CyclicBarrier(callers);
    List<Future<Float>> calls = new ArrayList<>();
    for (int k = 0; k < callers; k++) {
      float value = k;
      calls.add(pool.submit(() -> batcher.score(() -> {
        await(allInFlight);
        return row(value);
      })));
    }
    return calls;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable, R> R sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void sixteenCallersMakingThousandsOfCallsEachGetTheirOwnRowAndNoneIsLeftWaiting()
      throws Exception {
    // Every delay is a day, so a caller whose wake-up was lost would hang: each round must end
    // within the minute. Rows that encode to a negative number fail the whole batch they are in.
    for (int maxRows : new int[] {2, 3, 8, 16, 32}) {
      MicroBatcher<Float, Float> batcher = batcher(maxRows, 2, batch -> {
        if (batch.stream().anyMatch(value -> value < 0)) {
          throw new IllegalArgumentException("negative row in a batch of " + batch.size());
        }
        return doubling.apply(batch);
      });
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<Integer>> callers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          int caller = t;
          callers.add(pool.submit(() -> {
            int answered = 0;
            for (int call = 0; call < 2_000; call++) {
              float value = caller * 10_000 + call;
              boolean failing = call % 97 == 0;
              try {
                Float score = batcher.score(() -> failing ? -value : value);
                assertThat(score).isEqualTo(2 * value);
                answered++;
              } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageStartingWith("negative row");
              }
            }
            return answered;
          }));
        }
        int answered = 0;
        for (Future<Integer> caller : callers) {
          answered += caller.get(1, TimeUnit.MINUTES);
        }
        assertThat(answered).isBetween(16 * (2_000 - 21 * maxRows), 16 * 2_000 - 16 * 21);
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(batches).allSatisfy(size -> assertThat(size).isBetween(1, 32));
  }

  /** A batcher whose lone callers go through the same engine, as a batch of one. */
  private static MicroBatcher<Float, Float> batcher(int maxRows, int aloneUpTo,
      Function<List<Float>, List<Float>> engine) {
    return new MicroBatcher<>(maxRows, A_DAY, aloneUpTo, row -> engine.apply(List.of(row)).get(0),
        engine);
  }

  private static Float row(float value) {
    return value;
  }

  /** A row whose encoding counts down a latch, after which the caller only joins the batch. */
  private static Float encoded(float value, CountDownLatch done) {
    done.countDown();
    return row(value);
  }

  private static List<Float> concurrently(
      int callers, Function<Integer, Supplier<Float>> rows, MicroBatcher<Float, Float> batcher)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Float>> calls = new ArrayList<>();
      for (int k = 0; k < callers; k++) {
        Supplier<Float> row = rows.apply(k);
        calls.add(pool.submit(() -> batcher.score(row)));
      }
      List<Float> scores = new ArrayList<>();
      for (Future<Float> call : calls) {
        scores.add(call.get());
      }
      return scores;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

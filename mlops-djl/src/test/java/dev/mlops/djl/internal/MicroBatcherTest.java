package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    MicroBatcher<Float, Float> batcher = new MicroBatcher<>(16, A_DAY, doubling);

    assertThat(batcher.score(() -> row(21))).isEqualTo(42f);
    assertThat(batches).containsExactly(1);
  }

  @Test
  void fewerCallersThanMaxRowsLeaveTogetherOnceAllHaveJoined() throws Exception {
    MicroBatcher<Float, Float> batcher = new MicroBatcher<>(32, A_DAY, doubling);
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
    MicroBatcher<Float, Float> batcher = new MicroBatcher<>(32, A_DAY, doubling);
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
    MicroBatcher<Float, Float> batcher = new MicroBatcher<>(32, A_DAY, batch -> {
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
    MicroBatcher<Float, Float> batcher = new MicroBatcher<>(4, A_DAY, doubling);
    CyclicBarrier allInFlight = new CyclicBarrier(10);

    List<Float> scores = concurrently(10, k -> () -> {
      await(allInFlight);
      return row(k);
    }, batcher);

    assertThat(scores).containsExactly(0f, 2f, 4f, 6f, 8f, 10f, 12f, 14f, 16f, 18f);
    assertThat(batches).allSatisfy(size -> assertThat(size).isBetween(1, 4));
    assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
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

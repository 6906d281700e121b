package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When waiters for a micro-batch may yield, and when they park at once. */
class YieldBeforeParkingTest {

  /** Half a second: long enough that the probe below is not repeated by a stalled test thread. */
  private static final long BACK_OFF = TimeUnit.MILLISECONDS.toNanos(500);

  private final YieldBeforeParking yielding = new YieldBeforeParking(BACK_OFF);

  @Test
  void waitersMayYieldUntilAYieldIsSlowAndWasted() {
    assertThat(yielding.mayYield()).isTrue();

    yielding.learn(TimeUnit.MICROSECONDS.toNanos(10), 0);
    assertThat(yielding.backedOff()).isFalse();
    // Another process held the processor for 5 ms, while the batcher answered 10 rows.
    yielding.learn(TimeUnit.MILLISECONDS.toNanos(5), 10);

    assertThat(yielding.backedOff()).isTrue();
    assertThat(yielding.mayYield()).isFalse();
  }

  @Test
  void aSlowYieldDuringWhichTheBatcherKeptAnsweringRowsIsNotWasted() {
    // 5 ms for 60 rows: the batcher's own threads had the processor.
    yielding.learn(TimeUnit.MILLISECONDS.toNanos(5), 60);

    assertThat(yielding.backedOff()).isFalse();
    assertThat(yielding.mayYield()).isTrue();
  }

  @Test
  void afterTheBackOffOneWaiterProbesAndAQuickYieldOpensYieldingToAll() throws Exception {
    yielding.learn(TimeUnit.MILLISECONDS.toNanos(5), 0);
    assertThat(yielding.mayYield()).isFalse();

    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(BACK_OFF) + 100);
    assertThat(yielding.mayYield()).as("the prober").isTrue();
    assertThat(yielding.mayYield()).as("everyone else, while it probes").isFalse();
    yielding.learn(TimeUnit.MICROSECONDS.toNanos(3), 0);

    assertThat(yielding.backedOff()).isFalse();
    assertThat(yielding.mayYield()).isTrue();
  }
}

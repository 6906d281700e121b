package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void standsStillUntilMoved() {
    ManualClock clock = new ManualClock(T0);

    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void startsAtAFixedDocumentedInstantByDefault() {
    assertThat(new ManualClock().instant()).isEqualTo(ManualClock.DEFAULT_START)
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void advancingMovesForwardAndReturnsTheNewTime() {
    ManualClock clock = new ManualClock(T0);

    assertThat(clock.advance(Duration.ofMinutes(90))).isEqualTo(T0.plusSeconds(5400));
    assertThat(clock.advance(Duration.ZERO)).isEqualTo(T0.plusSeconds(5400));
    assertThat(clock.advance(Duration.ofNanos(1))).isEqualTo(T0.plusSeconds(5400).plusNanos(1));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5400).plusNanos(1));
  }

  @Test
  void advancingByANegativeAmountIsRefusedAndChangesNothing() {
    ManualClock clock = new ManualClock(T0);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S")
        .hasMessageContaining("setInstant");
    assertThat(clock.instant()).isEqualTo(T0);
  }

  @Test
  void setInstantMovesEitherWay() {
    ManualClock clock = new ManualClock(T0);

    clock.setInstant(T0.plusSeconds(60));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(60));
    clock.setInstant(T0.minusSeconds(3600));
    assertThat(clock.instant()).isEqualTo(T0.minusSeconds(3600));
  }

  @Test
  void aViewInAnotherZoneSharesTheTime() {
    ManualClock clock = new ManualClock(T0);
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.instant()).isEqualTo(T0.plusSeconds(3600));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    paris.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(7200));
  }

  @Test
  void clocksAreEqualWhenTheyShareTimeAndZone() {
    ManualClock clock = new ManualClock(T0);

    assertThat(clock.withZone(ZoneOffset.UTC)).isEqualTo(clock).hasSameHashCodeAs(clock);
    assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isNotEqualTo(clock);
    assertThat(new ManualClock(T0)).isNotEqualTo(clock);
  }

  @Test
  void concurrentAdvancesAreNeverLost() throws Exception {
    ManualClock clock = new ManualClock(T0);
    int threads = 8;
    int steps = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < steps; i++) {
            clock.advance(Duration.ofMillis(1));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(clock.instant()).isEqualTo(T0.plusMillis((long) threads * steps));
  }
}

package dev.mlops.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that core's tests move by hand. The testkit's {@code ManualClock} is not available to
 * them (the testkit depends on the core), so this one class serves every core test package.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;

  /**
   * A clock standing at {@code start}.
   *
   * @param start the first time it reads
   */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * A clock standing at an ISO-8601 instant such as {@code 2026-01-05T00:00:00Z}.
   *
   * @param instant the first time it reads
   * @return the clock
   */
  public static MutableClock at(String instant) {
    return new MutableClock(Instant.parse(instant));
  }

  /**
   * Moves the clock forward.
   *
   * @param d how far
   */
  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  /**
   * Sets the clock.
   *
   * @param instant the time it reads from now on
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}

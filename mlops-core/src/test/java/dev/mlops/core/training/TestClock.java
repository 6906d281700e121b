package dev.mlops.core.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves forward by a fixed step every time it is read, so each reading differs. */
final class TestClock extends Clock {

  private final AtomicReference<Instant> next;
  private final Duration step;

  TestClock(Instant start, Duration step) {
    this.next = new AtomicReference<>(start);
    this.step = step;
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
    return next.getAndUpdate(t -> t.plus(step));
  }
}

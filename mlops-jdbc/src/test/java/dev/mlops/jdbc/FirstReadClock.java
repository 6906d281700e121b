package dev.mlops.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, remembering per thread the first time read since {@link #reset()}: what a
 * monitor read to place the call the thread just made in its window.
 */
final class FirstReadClock extends Clock {

  private final ThreadLocal<Long> first = new ThreadLocal<>();

  void reset() {
    first.remove();
  }

  /** The first millisecond this thread read since the reset. */
  long firstRead() {
    return first.get();
  }

  @Override
  public long millis() {
    long now = System.currentTimeMillis();
    if (first.get() == null) {
      first.set(now);
    }
    return now;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}

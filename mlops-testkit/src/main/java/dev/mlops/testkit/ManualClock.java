package dev.mlops.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Clock} that stands still until a test moves it, so that anything driven by time
 * (timestamps, windows, schedules, expiry) can be tested without sleeping:
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * ModelRegistry registry = InMemoryModelRegistry.builder().clock(clock).build();
 * clock.advance(Duration.ofHours(1));
 * }</pre>
 *
 * <p>Thread-safe: the time can be read and moved from any thread. Clocks derived with
 * {@link #withZone(ZoneId)} share this clock's time and move with it.
 *
 * @since 0.1
 */
public final class ManualClock extends Clock {

  /** Where a clock made with {@link #ManualClock()} starts: 2025-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** Creates a clock at {@link #DEFAULT_START}, in UTC. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * Creates a clock at the given instant, in UTC.
   *
   * @param start the time the clock shows until it is moved
   */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far, zero or more
   * @return the new time
   * @throws IllegalArgumentException if the amount is negative (use {@link #setInstant(Instant)} to
   *     go back in time deliberately)
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("A clock is advanced by a positive amount but got " + amount
          + "; call setInstant(...) to move it back on purpose");
    }
    return now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Sets the time, forwards or backwards.
   *
   * @param instant the time the clock shows from now on
   */
  public void setInstant(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * The current time of this clock.
   *
   * @return the instant set or reached by advancing
   */
  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * The zone of this view of the clock.
   *
   * @return UTC unless derived with {@link #withZone(ZoneId)}
   */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * A view of this clock in another zone; it shares this clock's time and moves with it.
   *
   * @param newZone the zone
   * @return the view
   */
  @Override
  public ManualClock withZone(ZoneId newZone) {
    return new ManualClock(now, Objects.requireNonNull(newZone, "zone"));
  }

  /**
   * Equal to another view of the same time source in the same zone.
   *
   * @param other the object to compare with
   * @return true if both show the same time source in the same zone
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ManualClock c && c.now == now && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}

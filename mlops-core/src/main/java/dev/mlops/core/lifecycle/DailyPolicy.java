package dev.mlops.core.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Retrains once a day at a local time, in a zone (daylight saving handled by java.time). */
final class DailyPolicy extends CalendarPolicy {

  private final LocalTime time;
  private final ZoneId zone;

  DailyPolicy(LocalTime time, ZoneId zone) {
    this.time = time;
    this.zone = zone;
  }

  @Override
  ZonedDateTime occurrenceOnOrBefore(Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    ZonedDateTime candidate = ZonedDateTime.of(today, time, zone);
    return candidate.toInstant().isAfter(now) ? ZonedDateTime.of(today.minusDays(1), time, zone) : candidate;
  }

  @Override
  ZonedDateTime occurrenceAfter(Instant occurrence) {
    LocalDate day = occurrence.atZone(zone).toLocalDate();
    return ZonedDateTime.of(day.plusDays(1), time, zone);
  }

  @Override
  public String toString() {
    return "daily at " + time + " " + zone;
  }
}

package dev.mlops.core.lifecycle;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** Retrains once a week on a day at a local time, in a zone. */
final class WeeklyPolicy extends CalendarPolicy {

  private final DayOfWeek day;
  private final LocalTime time;
  private final ZoneId zone;

  WeeklyPolicy(DayOfWeek day, LocalTime time, ZoneId zone) {
    this.day = day;
    this.time = time;
    this.zone = zone;
  }

  @Override
  ZonedDateTime occurrenceOnOrBefore(Instant now) {
    LocalDate date = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(day));
    ZonedDateTime candidate = ZonedDateTime.of(date, time, zone);
    return candidate.toInstant().isAfter(now) ? ZonedDateTime.of(date.minusWeeks(1), time, zone) : candidate;
  }

  @Override
  ZonedDateTime occurrenceAfter(Instant occurrence) {
    LocalDate date = occurrence.atZone(zone).toLocalDate();
    return ZonedDateTime.of(date.plusWeeks(1), time, zone);
  }

  @Override
  public String toString() {
    return "weekly on " + day + " at " + time + " " + zone;
  }
}

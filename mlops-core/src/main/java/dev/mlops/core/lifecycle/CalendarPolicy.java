package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * Retrains once per calendar occurrence (a time of day, or a day of the week and a time) that has
 * passed since the last retrain: like a cron entry, but one missed while the application was down
 * is caught up at the next check instead of being lost, and several missed ones retrain only once.
 */
abstract class CalendarPolicy implements RetrainPolicy {

  @Override
  public final RetrainDecision evaluate(RetrainContext context) {
    Instant latest = latestOccurrence(context.now());
    Instant baseline = Schedules.baseline(context);
    if (latest.isAfter(baseline)) {
      return RetrainDecision.retrain("schedule " + this + ": occurrence at " + latest + " passed ("
          + Schedules.baselineText(context) + ")");
    }
    return RetrainDecision.skip("schedule " + this + ": no occurrence since " + baseline
        + "; next at " + nextOccurrence(context.now()));
  }

  /** The latest occurrence at or before {@code now}. */
  final Instant latestOccurrence(Instant now) {
    ZonedDateTime candidate = occurrenceOnOrBefore(now);
    return candidate.toInstant();
  }

  /** The first occurrence after {@code now}. */
  final Instant nextOccurrence(Instant now) {
    return occurrenceAfter(latestOccurrence(now)).toInstant();
  }

  /** The latest occurrence at or before the instant, in the schedule's zone. */
  abstract ZonedDateTime occurrenceOnOrBefore(Instant now);

  /** The occurrence following one. */
  abstract ZonedDateTime occurrenceAfter(Instant occurrence);
}

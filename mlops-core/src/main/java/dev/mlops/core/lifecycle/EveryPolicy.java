package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import java.time.Duration;
import java.time.Instant;

/** Retrains once {@code period} has passed since the last retrain (or the champion's creation). */
final class EveryPolicy implements RetrainPolicy {

  private final Duration period;

  EveryPolicy(Duration period) {
    this.period = period;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    Instant due = Schedules.baseline(context).plus(period);
    if (context.now().isBefore(due)) {
      return RetrainDecision.skip("schedule every " + period + ": next retrain due at " + due + " ("
          + Schedules.baselineText(context) + ")");
    }
    return RetrainDecision.retrain("schedule every " + period + ": due at " + due + " ("
        + Schedules.baselineText(context) + ")");
  }

  @Override
  public String toString() {
    return "every(" + period + ")";
  }
}

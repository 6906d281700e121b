package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import java.time.Instant;

/** The instant a schedule counts from: the last retrain, or the champion's registration. */
final class Schedules {

  private Schedules() {}

  static Instant baseline(RetrainContext context) {
    return context.lastRetrainAt().orElse(context.champion().createdAt());
  }

  static String baselineText(RetrainContext context) {
    return context.lastRetrainAt().isPresent()
        ? "last retrain at " + context.lastRetrainAt().get()
        : "never retrained; champion version " + context.champion().version() + " registered at "
            + context.champion().createdAt();
  }
}

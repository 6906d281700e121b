package dev.mlops.monitor.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcomes of one version's predictions in one pane, fleet-wide: the joined ones with their
 * scores (the exact accumulator of the performance metrics), and how many predictions still wait
 * or stopped waiting.
 *
 * @param version the model version
 * @param paneStart the start of the pane
 * @param paneLength the length of a pane
 * @param joined the predictions with their joined outcomes
 * @param pending predictions still waiting for their outcome
 * @param expired predictions that stopped waiting without an outcome (time or count bound)
 * @since 0.1
 */
public record PaneOutcomes(
    int version,
    Instant paneStart,
    Duration paneLength,
    List<StoredPrediction> joined,
    long pending,
    long expired) {

  /**
   * Validates and copies the components.
   *
   * @param version the model version
   * @param paneStart the start of the pane
   * @param paneLength the length of a pane
   * @param joined the joined predictions
   * @param pending predictions still waiting
   * @param expired predictions that stopped waiting
   * @throws IllegalArgumentException if a count is negative
   */
  public PaneOutcomes {
    Objects.requireNonNull(paneStart, "paneStart");
    Objects.requireNonNull(paneLength, "paneLength");
    joined = List.copyOf(joined);
    if (pending < 0 || expired < 0) {
      throw new IllegalArgumentException("Counts must not be negative: pending=" + pending
          + ", expired=" + expired);
    }
  }
}

package dev.mlops.monitor;

/**
 * What happened to the ground-truth outcomes reported for a window's predictions. Labels arrive
 * late, out of order, twice or never; none is dropped without being counted here.
 *
 * @param joined outcomes joined to their prediction and counted in the performance metrics
 * @param duplicates outcomes for a prediction that already had one; the first one counts
 * @param unknown outcomes whose prediction id was never seen, was not sampled, or had already been
 *     evicted from the join buffer
 * @param expired predictions whose outcome did not arrive before the join buffer's time limit
 * @param pending predictions still waiting for their outcome
 * @since 0.1
 */
public record OutcomeCounts(long joined, long duplicates, long unknown, long expired, long pending) {

  /**
   * Validates the counts.
   *
   * @param joined outcomes joined to their prediction
   * @param duplicates outcomes for a prediction that already had one
   * @param unknown outcomes whose prediction id was not known
   * @param expired predictions whose outcome never arrived in time
   * @param pending predictions still waiting for their outcome
   * @throws IllegalArgumentException if a count is negative
   */
  public OutcomeCounts {
    if (joined < 0 || duplicates < 0 || unknown < 0 || expired < 0 || pending < 0) {
      throw new IllegalArgumentException("Outcome counts must not be negative: joined=" + joined
          + ", duplicates=" + duplicates + ", unknown=" + unknown + ", expired=" + expired
          + ", pending=" + pending);
    }
  }

  /**
   * No outcomes at all.
   *
   * @return all zero
   */
  public static OutcomeCounts none() {
    return new OutcomeCounts(0, 0, 0, 0, 0);
  }
}

package dev.mlops.drift;

/**
 * A detector that watches a stream of values (prediction errors as 0/1, scores, latencies) and
 * signals when its distribution changes. Implementations are not thread-safe: feed each from one
 * thread, or synchronise. Updates allocate nothing and cost O(log W) or less, amortised, for a
 * window W.
 *
 * @since 0.1
 */
public interface StreamDriftDetector {

  /**
   * The detector's name, such as {@code adwin}.
   *
   * @return the name
   */
  String name();

  /**
   * Feeds one value.
   *
   * @param value the next element of the stream
   * @return the state after this element; {@link DetectorState#DRIFT} exactly at the elements
   *     where a change is detected
   * @throws IllegalArgumentException if the value is NaN or infinite, outside [0, 1] for detectors
   *     of error rates, or other than 0 and 1 for detectors that count errors; the detector then
   *     ignores it
   */
  DetectorState update(double value);

  /**
   * The state after the latest update.
   *
   * @return the state
   */
  DetectorState state();

  /**
   * How many values were fed since creation or the last {@link #reset()}.
   *
   * @return the count
   */
  long count();

  /** Forgets everything seen, as if newly created. */
  void reset();
}

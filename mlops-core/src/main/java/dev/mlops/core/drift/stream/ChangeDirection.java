package dev.mlops.core.drift.stream;

/**
 * Which changes of a stream's mean a detector reports as {@link dev.mlops.drift.DetectorState#DRIFT}.
 *
 * <p>For error rates only a rise is bad news, which is why MOA's detectors, and ours by default,
 * report increases only.
 *
 * @since 0.1
 */
public enum ChangeDirection {
  /** Only rises of the mean are reported. */
  INCREASE,
  /** Only falls of the mean are reported. */
  DECREASE,
  /** Rises and falls are reported. */
  BOTH;

  boolean reportsIncreases() {
    return this != DECREASE;
  }

  boolean reportsDecreases() {
    return this != INCREASE;
  }
}

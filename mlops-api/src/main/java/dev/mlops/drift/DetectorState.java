package dev.mlops.drift;

/**
 * What a {@link StreamDriftDetector} concluded after its latest update.
 *
 * @since 0.1
 */
public enum DetectorState {
  /** No change detected. */
  STABLE,
  /** A change may be starting (detectors without a warning level never report this). */
  WARNING,
  /** A change was detected at this element. */
  DRIFT
}

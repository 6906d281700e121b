package dev.mlops.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * A change that a streaming drift detector attached to a monitored model signalled: one element of
 * {@link MonitorSnapshot#detections()}, recorded in the window in which the detector fired.
 *
 * @param detector the name the detector was attached under, such as {@code error-adwin}
 * @param algorithm the detector's own name ({@link dev.mlops.drift.StreamDriftDetector#name()}),
 *     such as {@code adwin}
 * @param source the stream the detector watches
 * @param elementsSeen how many elements the detector had been fed when it fired, this one included
 *     ({@link dev.mlops.drift.StreamDriftDetector#count()})
 * @param detectedAt when the element that triggered it was recorded: the prediction's time for a
 *     score stream, the outcome's for an error stream
 * @since 0.1
 */
public record StreamDetection(
    String detector, String algorithm, Source source, long elementsSeen, Instant detectedAt) {

  /** The stream a detector is fed. */
  public enum Source {
    /**
     * Prediction errors, as outcomes join: 0 or 1 for a classifier, the absolute error for a
     * regression model.
     */
    ERRORS,
    /**
     * Sampled predictions' scores: a binary classifier's positive-class probability, another
     * classifier's top probability, a regression model's predicted value.
     */
    SCORES
  }

  /**
   * Validates the components.
   *
   * @param detector the name the detector was attached under
   * @param algorithm the detector's own name
   * @param source the stream it watches
   * @param elementsSeen elements fed, at least 1
   * @param detectedAt when it fired
   * @throws IllegalArgumentException if a name is blank or {@code elementsSeen} is below 1
   */
  public StreamDetection {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detectedAt, "detectedAt");
    if (detector.isBlank() || algorithm.isBlank()) {
      throw new IllegalArgumentException("A stream detection needs a detector and algorithm name"
          + " but had '" + detector + "' and '" + algorithm + "'");
    }
    if (elementsSeen < 1) {
      throw new IllegalArgumentException("Detector '" + detector
          + "' fired after at least one element, not " + elementsSeen);
    }
  }
}

package dev.mlops.core.estimation;

import java.util.Objects;

/**
 * The settings the classification estimators share, checked once: calibration, the number of
 * reference chunks that measure the sampling error, and the confidence level of the bands.
 */
record EstimatorSettings(Calibration calibration, int chunks, double level) {

  /** The defaults: isotonic calibration, 10 chunks, 95 % bands. */
  static final EstimatorSettings DEFAULT = new EstimatorSettings(Calibration.ISOTONIC, 10, 0.95);

  EstimatorSettings withCalibration(Calibration value) {
    return new EstimatorSettings(Objects.requireNonNull(value, "calibration"), chunks, level);
  }

  EstimatorSettings withChunks(int value) {
    if (value < 2) {
      throw new IllegalArgumentException("referenceChunks must be at least 2 but was " + value);
    }
    return new EstimatorSettings(calibration, value, level);
  }

  EstimatorSettings withLevel(double value) {
    if (!(value > 0.0 && value < 1.0)) {
      throw new IllegalArgumentException("confidenceLevel must be in (0, 1) but was " + value);
    }
    return new EstimatorSettings(calibration, chunks, value);
  }

  /** Fails unless the reference has at least one row per chunk. */
  void checkReferenceSize(int rows) {
    if (rows < chunks) {
      throw new IllegalArgumentException("the reference has " + rows + " rows, fewer than the "
          + chunks + " chunks that measure its sampling error; give more rows or fewer chunks");
    }
  }

  /** Fails unless a score is finite and, without calibration, a probability. */
  void checkScore(double score, String where) {
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("the score of " + where + " must be finite but was " + score);
    }
    if (calibration == Calibration.NONE && !(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("the score of " + where + " must be a probability in [0, 1]"
          + " without calibration but was " + score + "; use isotonic calibration for other scores");
    }
  }
}

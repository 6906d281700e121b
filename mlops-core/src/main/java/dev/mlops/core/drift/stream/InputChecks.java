package dev.mlops.core.drift.stream;

/** Checks the values fed to detectors; the messages say which detector refused what. */
final class InputChecks {

  private InputChecks() {}

  /** Any finite value: scores, latencies. */
  static void requireFinite(String detector, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          detector + " accepts finite values only but was given " + value);
    }
  }

  /** An error indicator or error rate in [0, 1]. */
  static void requireUnitInterval(String detector, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          detector
              + " accepts error rates in [0, 1] (1 for a wrong prediction, 0 for a right one)"
              + " but was given "
              + value);
    }
  }

  /** An error indicator: exactly 0 or 1. */
  static void requireBinary(String detector, double value) {
    if (value != 0 && value != 1) {
      throw new IllegalArgumentException(
          detector
              + " accepts 1 for a wrong prediction and 0 for a right one but was given "
              + value);
    }
  }
}

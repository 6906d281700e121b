package dev.mlops.core.drift.stream;

import dev.mlops.internal.SetOnce;
import java.util.HashMap;
import java.util.Map;

/**
 * Validates a detector builder's settings as they are made: each may be set once, and each value
 * is checked against its range, with a message that names the setting and the value.
 */
final class Parameters {

  private final String detector;
  private final Map<String, Object> settings = new HashMap<>();

  Parameters(String detector) {
    this.detector = detector;
  }

  /** Records that {@code name} is being set, failing if it was set before. */
  void once(String name, Object value) {
    settings.put(name, SetOnce.value(detector + " " + name, settings.get(name), value));
  }

  /** A probability strictly between 0 and 1, such as a confidence level. */
  double openUnitInterval(String name, double value) {
    once(name, value);
    if (!(value > 0 && value < 1)) {
      throw invalid(name, "must be in (0, 1)", value);
    }
    return value;
  }

  /** A finite value greater than zero. */
  double positive(String name, double value) {
    once(name, value);
    if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
      throw invalid(name, "must be positive and finite", value);
    }
    return value;
  }

  /** A finite value that is not negative. */
  double nonNegative(String name, double value) {
    once(name, value);
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      throw invalid(name, "must be zero or positive and finite", value);
    }
    return value;
  }

  /** An integer in [min, max]. */
  int inRange(String name, int value, int min, int max) {
    once(name, value);
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          detector + " " + name + " must be between " + min + " and " + max + " but was " + value);
    }
    return value;
  }

  /** A reference that must not be null. */
  <T> T present(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(detector + " " + name + " must not be null");
    }
    once(name, value);
    return value;
  }

  /** Fails with a message naming both settings when {@code consistent} is false. */
  void require(boolean consistent, String message) {
    if (!consistent) {
      throw new IllegalArgumentException(detector + ": " + message);
    }
  }

  private IllegalArgumentException invalid(String name, String rule, double value) {
    return new IllegalArgumentException(detector + " " + name + " " + rule + " but was " + value);
  }
}

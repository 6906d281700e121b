package dev.mlops.monitor.spi;

import java.util.Objects;

/**
 * A small record the fleet shares under a key, changed only by compare-and-set on its revision:
 * what a fleet-wide decision taken once (such as which closed windows the alert rules judged)
 * needs to remember.
 *
 * @param key the key
 * @param revision the revision, 1 for the first write and one more for each later one
 * @param value the value, such as JSON text
 * @since 0.1
 */
public record StoredState(String key, long revision, String value) {

  /**
   * Validates the components.
   *
   * @param key the key
   * @param revision the revision, at least 1
   * @param value the value
   * @throws IllegalArgumentException if the revision is below 1
   */
  public StoredState {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be at least 1 but was " + revision);
    }
  }
}

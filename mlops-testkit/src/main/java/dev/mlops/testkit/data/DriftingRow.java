package dev.mlops.testkit.data;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a {@link DriftingDataGenerator}'s stream.
 *
 * @param index the row's position in the stream, from 0
 * @param time when the row happens: the stream's start plus {@code index} row intervals
 * @param features feature name to value, in the generator's feature order: numbers as
 *     {@link Double}, categories as {@link String}; unmodifiable
 * @param label the binary label, {@link DriftingDataGenerator#POSITIVE} or
 *     {@link DriftingDataGenerator#NEGATIVE}
 * @param drifted whether any shift applies to this row
 * @since 0.1
 */
public record DriftingRow(
    long index, Instant time, Map<String, Object> features, String label, boolean drifted) {

  /**
   * Validates and copies the components.
   *
   * @param index the row's position in the stream
   * @param time when the row happens
   * @param features feature name to value
   * @param label the binary label
   * @param drifted whether any shift applies
   */
  public DriftingRow {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(label, "label");
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /**
   * Whether the label is the positive class.
   *
   * @return true for {@link DriftingDataGenerator#POSITIVE}
   */
  public boolean isPositive() {
    return label.equals(DriftingDataGenerator.POSITIVE);
  }
}

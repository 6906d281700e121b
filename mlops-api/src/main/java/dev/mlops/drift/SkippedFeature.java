package dev.mlops.drift;

import java.util.Objects;

/**
 * A feature a {@link DriftReport} could not test, such as one with no present values in either
 * sample. Skipped features are listed so that a column that went entirely missing is seen, but they
 * do not count towards the share of drifted features.
 *
 * @param feature the feature name
 * @param kind numeric or categorical
 * @param reason why it was not tested, such as {@code "no present values in the current sample
 *     (250 missing)"}
 * @param referenceCount how many reference values were present
 * @param currentCount how many current values were present
 * @param referenceMissing how many reference values were missing
 * @param currentMissing how many current values were missing
 * @since 0.1
 */
public record SkippedFeature(
    String feature,
    FeatureKind kind,
    String reason,
    long referenceCount,
    long currentCount,
    long referenceMissing,
    long currentMissing) {

  /**
   * Validates the entry.
   *
   * @param feature the feature name
   * @param kind numeric or categorical
   * @param reason why it was not tested
   * @param referenceCount how many reference values were present
   * @param currentCount how many current values were present
   * @param referenceMissing how many reference values were missing
   * @param currentMissing how many current values were missing
   * @throws IllegalArgumentException if a count is negative
   */
  public SkippedFeature {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    if (referenceCount < 0 || currentCount < 0 || referenceMissing < 0 || currentMissing < 0) {
      throw new IllegalArgumentException("Counts of feature '" + feature + "' must not be negative");
    }
  }
}

package dev.mlops.core.drift;

import dev.mlops.drift.FeatureKind;

/**
 * A bounded-memory summary of one feature's values, built in one pass and mergeable: what a
 * monitoring window keeps instead of raw rows. Profiles are mutable and not thread-safe; confine
 * each to one thread (or synchronise) and {@linkplain DatasetProfile#merge merge} per-thread
 * profiles.
 *
 * @since 0.1
 */
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {

  /**
   * The feature name.
   *
   * @return the name
   */
  String feature();

  /**
   * Numeric or categorical.
   *
   * @return the kind
   */
  FeatureKind kind();

  /**
   * How many present values were seen.
   *
   * @return the count of present values
   */
  long count();

  /**
   * How many values were missing (null, or NaN for numeric features).
   *
   * @return the count of missing values
   */
  long missing();

  /**
   * How many values were present but unusable (infinite numbers); always 0 for categorical
   * features. Drift reports count these as missing.
   *
   * @return the count of invalid values
   */
  long invalid();

  /**
   * Records a missing value.
   */
  void updateMissing();

  /**
   * An independent copy of this profile.
   *
   * @return the copy
   */
  FeatureProfile copy();
}

package dev.mlops.drift;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The drift test of one feature within a {@link DriftReport}: the test's result, which test was
 * chosen and why, and how many values each sample had and lacked.
 *
 * @param feature the feature name
 * @param kind numeric or categorical
 * @param result the statistic, p-value, threshold and verdict of the chosen test; when a rule
 *     requires an effect size, {@link DriftResult#drifted()} is the combined verdict
 * @param reason why this test and threshold were chosen, in words, such as {@code "numeric with
 *     37 distinct values and 500 reference values (<= 1000): Kolmogorov-Smirnov, drift at p <
 *     0.05"}
 * @param minEffectSize the effect size a hypothesis test also had to reach to count as drift, or
 *     null when the p-value alone decides
 * @param referenceCount how many reference values were present
 * @param currentCount how many current values were present
 * @param referenceMissing how many reference values were missing (null, NaN or infinite)
 * @param currentMissing how many current values were missing (null, NaN or infinite)
 * @param distribution the reference and current distributions, for display, or null if not kept
 * @since 0.1
 */
public record FeatureDrift(
    String feature,
    FeatureKind kind,
    DriftResult result,
    String reason,
    @Nullable Double minEffectSize,
    long referenceCount,
    long currentCount,
    long referenceMissing,
    long currentMissing,
    @Nullable FeatureDistribution distribution) {

  /**
   * Validates the entry.
   *
   * @param feature the feature name
   * @param kind numeric or categorical
   * @param result the result of the chosen test
   * @param reason why this test and threshold were chosen
   * @param minEffectSize the effect size a hypothesis test also had to reach, or null
   * @param referenceCount how many reference values were present
   * @param currentCount how many current values were present
   * @param referenceMissing how many reference values were missing
   * @param currentMissing how many current values were missing
   * @param distribution the reference and current distributions, or null
   * @throws IllegalArgumentException if the result is for another feature or a count is negative
   */
  public FeatureDrift {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(reason, "reason");
    if (!result.feature().equals(feature)) {
      throw new IllegalArgumentException(
          "Drift entry for '" + feature + "' holds a result for '" + result.feature() + "'");
    }
    if (referenceCount < 0 || currentCount < 0 || referenceMissing < 0 || currentMissing < 0) {
      throw new IllegalArgumentException("Counts of feature '" + feature + "' must not be negative");
    }
  }

  /**
   * Whether this feature drifted.
   *
   * @return the verdict of {@link #result()}
   */
  public boolean drifted() {
    return result.drifted();
  }

  /**
   * The name of the test used.
   *
   * @return such as {@code ks} or {@code wasserstein}
   */
  public String method() {
    return result.method();
  }

  /**
   * The test's statistic or distance, the score retrain policies compare.
   *
   * @return the statistic of {@link #result()}
   */
  public double score() {
    return result.statistic();
  }
}

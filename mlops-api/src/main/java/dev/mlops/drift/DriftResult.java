package dev.mlops.drift;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one drift test on one feature.
 *
 * @param feature the feature tested
 * @param method the test, such as {@code ks}, {@code chisquare}, {@code wasserstein}
 * @param statistic the test statistic or distance
 * @param pValue the p-value for hypothesis tests, or null for distances
 * @param threshold what the p-value (or, without one, the statistic) was compared with
 * @param effectSize a measure of how large the shift is, independent of sample size, or null
 * @param drifted the verdict
 * @since 0.1
 */
public record DriftResult(
    String feature,
    String method,
    double statistic,
    @Nullable Double pValue,
    double threshold,
    @Nullable Double effectSize,
    boolean drifted) {

  /**

   * Validates the names.

   *

   * @param feature the feature tested

   * @param method the test, such as {@code ks}, {@code chisquare}, {@code wasserstein}

   * @param statistic the test statistic or distance

   * @param pValue the p-value for hypothesis tests, or null for distances

   * @param threshold what the p-value (or, without one, the statistic) was compared with

   * @param effectSize a measure of how large the shift is, independent of sample size, or null

   * @param drifted the verdict

   */
  public DriftResult {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(method, "method");
  }
}

package dev.mlops.core.comparison;

import dev.mlops.core.drift.stats.internal.ContinuousDistributions;
import dev.mlops.core.drift.stats.internal.LoaderBinomial;

/**
 * McNemar's test of two classifiers scored on the same rows: only the rows where exactly one of
 * them is right carry information, and under the hypothesis of equal accuracy each such row is
 * equally likely to favour either. With {@code b} the rows only the challenger got right and
 * {@code c} those only the champion got right, {@code b} follows a binomial distribution of
 * {@code n = b + c} trials with probability 1/2. The p-values here are one-sided, for the
 * alternative that the challenger is right more often:
 *
 * <ul>
 *   <li>{@link Variant#EXACT}: {@code P(X >= b)}, scipy's {@code binomtest(b, n, 0.5,
 *       alternative="greater")}; never below the level it is compared with under the hypothesis
 *       (conservative);
 *   <li>{@link Variant#MID_P}: {@code P(X > b) + P(X = b) / 2}, less conservative, closer to the
 *       nominal level on average;
 *   <li>{@link Variant#CONTINUITY_CORRECTED}: the normal approximation {@code P(Z >= (b - c - 1) /
 *       sqrt(b + c))}, Edwards' continuity correction of McNemar's chi-square in one-sided form.
 * </ul>
 *
 * <p>With no discordant row ({@code b + c = 0}) there is no evidence: the p-value is 1.
 *
 * @since 0.1
 */
public final class McNemarTest {

  /**
   * How the p-value is computed.
   *
   * @since 0.1
   */
  public enum Variant {
    /** The exact binomial tail. */
    EXACT,
    /** The exact tail with half the probability of the observed count (mid-p). */
    MID_P,
    /** The continuity-corrected normal approximation. */
    CONTINUITY_CORRECTED
  }

  private McNemarTest() {}

  /**
   * The one-sided p-value for "the challenger is right more often than the champion".
   *
   * @param onlyChallengerRight rows the challenger classified correctly and the champion did not
   * @param onlyChampionRight rows the champion classified correctly and the challenger did not
   * @param variant how to compute it
   * @return the p-value, in [0, 1]
   * @throws IllegalArgumentException if a count is negative
   * @since 0.1
   */
  public static double pValue(long onlyChallengerRight, long onlyChampionRight, Variant variant) {
    if (onlyChallengerRight < 0 || onlyChampionRight < 0) {
      throw new IllegalArgumentException("discordant counts must not be negative but were "
          + onlyChallengerRight + " and " + onlyChampionRight);
    }
    long b = onlyChallengerRight;
    long n = b + onlyChampionRight;
    if (n == 0) {
      return 1.0;
    }
    return switch (variant) {
      case EXACT -> atLeast(b, n);
      case MID_P -> Math.min(1.0, atLeast(b + 1, n) + 0.5 * probability(b, n));
      case CONTINUITY_CORRECTED ->
          ContinuousDistributions.normalSf((b - onlyChampionRight - 1) / Math.sqrt(n));
    };
  }

  /** {@code P(X >= k)} for X ~ Bin(n, 1/2), summing the smaller tail for precision. */
  static double atLeast(long k, long n) {
    if (k <= 0) {
      return 1.0;
    }
    if (k > n) {
      return 0.0;
    }
    if (2 * k > n) {
      return upperTail(k, n);
    }
    // By symmetry P(X >= k) = 1 - P(X <= k - 1) = 1 - P(X >= n - k + 1), a small upper tail.
    return 1.0 - upperTail(n - k + 1, n);
  }

  /** {@code P(X >= k)} for k above the mean, where the terms decrease: summed until negligible. */
  private static double upperTail(long k, long n) {
    double sum = 0.0;
    for (long j = k; j <= n; j++) {
      double term = probability(j, n);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return Math.min(1.0, sum);
  }

  private static double probability(long k, long n) {
    return LoaderBinomial.pmf(k, n, n / 2.0, n / 2.0);
  }
}

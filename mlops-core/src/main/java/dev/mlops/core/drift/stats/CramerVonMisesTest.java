package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.drift.stats.internal.CramerVonMisesDistribution;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Objects;

/**
 * The two-sample Cramér-von Mises test, as {@code scipy.stats.cramervonmises_2samp(reference,
 * current)} computes it with its default {@code method='auto'}: the statistic T of Anderson
 * (1962, eq. 9) from the midranks of the values in the pooled sample, and
 *
 * <ul>
 *   <li>when both samples have at most {@value #MAX_EXACT_SIZE} values, the exact p-value from the
 *       distribution of all interleavings (Xiao, Gordon and Yakovlev 2006);
 *   <li>otherwise the asymptotic p-value: T is standardised with its exact null mean and variance
 *       and referred to the limiting Cramér-von Mises distribution (Csörgő and Faraway 1996),
 *       summed term by term as scipy sums it.
 * </ul>
 *
 * <p>Each sample needs at least two values (scipy's limit). With ties the p-values are, as scipy
 * warns, conservative. The effect size is the root-mean-square difference of the two empirical
 * distribution functions over the pooled sample (in [0, 1], at most KS D). Drift is
 * {@code p <= threshold} (Evidently's rule for its {@code cramer_von_mises} test) and the effect
 * at least the optional minimum. The default threshold is {@link DriftMethod#defaultThreshold()
 * DriftMethod.CRAMER_VON_MISES's default},
 * Evidently's. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CramerVonMisesTest implements DriftDetector {


  /** The largest sample size for which the p-value is exact, as in scipy. */
  public static final int MAX_EXACT_SIZE = 20;

  private static final String METHOD = "cramer_von_mises";

  private final double threshold;
  private final double minEffectSize;

  /** A test at its method's default threshold, without a minimum effect size. */
  public CramerVonMisesTest() {
    this(DriftMethod.CRAMER_VON_MISES.defaultThreshold(), 0.0);
  }

  /**
   * A test at the given significance level, without a minimum effect size.
   *
   * @param threshold the significance level, in (0, 1)
   * @throws IllegalArgumentException if the threshold is not in (0, 1)
   */
  public CramerVonMisesTest(double threshold) {
    this(threshold, 0.0);
  }

  /**
   * A test at the given significance level that also requires the effect size to reach a
   * minimum.
   *
   * @param threshold the significance level, in (0, 1)
   * @param minEffectSize the smallest root-mean-square ECDF difference that counts as drift; 0
   *     turns it off
   * @throws IllegalArgumentException if the threshold is not in (0, 1) or the minimum effect size
   *     is negative or not finite
   */
  public CramerVonMisesTest(double threshold, double minEffectSize) {
    this.threshold = Settings.significance(threshold);
    this.minEffectSize = Settings.minEffectSize(minEffectSize);
  }

  /**
   * The significance level.
   *
   * @return the threshold the p-value is compared with
   */
  public double threshold() {
    return threshold;
  }

  /**
   * The minimum effect size required for a drift verdict.
   *
   * @return the minimum, 0 when off
   */
  public double minEffectSize() {
    return minEffectSize;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /**
   * Tests a numeric feature.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return T as statistic, the p-value, the threshold, the effect size and the verdict
   * @throws IllegalArgumentException if the columns name different features, either is
   *     categorical, has fewer than two present values, or a non-finite value
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    double[] ref = Columns.numeric(reference, "reference", METHOD);
    double[] cur = Columns.numeric(current, "current", METHOD);
    requireTwoValues(feature, ref, "reference");
    requireTwoValues(feature, cur, "current");
    PooledSample pooled = new PooledSample(ref, cur);
    Outcome outcome = compute(pooled, Math.max(ref.length, cur.length) <= MAX_EXACT_SIZE);
    double effect = pooled.rootMeanSquareEcdfDifference();
    boolean drifted = Settings.drifted(outcome.pValue, threshold, true, effect, minEffectSize);
    return new DriftResult(feature, METHOD, outcome.statistic, outcome.pValue, threshold, effect, drifted);
  }

  /**
   * The statistic T, scipy's {@code cramervonmises_2samp(...).statistic}.
   *
   * @param reference the first sample, at least two values
   * @param current the second sample, at least two values
   * @return T
   * @throws IllegalArgumentException if a sample has fewer than two values
   */
  public static double statistic(double[] reference, double[] current) {
    return compute(checked(reference, current), false).statistic;
  }

  /**
   * The p-value scipy's {@code method='auto'} gives: exact when both samples have at most
   * {@value #MAX_EXACT_SIZE} values, asymptotic otherwise.
   *
   * @param reference the first sample, at least two values
   * @param current the second sample, at least two values
   * @return the p-value
   * @throws IllegalArgumentException if a sample has fewer than two values
   */
  public static double pValue(double[] reference, double[] current) {
    boolean exact = Math.max(reference.length, current.length) <= MAX_EXACT_SIZE;
    return compute(checked(reference, current), exact).pValue;
  }

  /**
   * The asymptotic p-value, as scipy's {@code method='asymptotic'}, at any sample size.
   *
   * @param reference the first sample, at least two values
   * @param current the second sample, at least two values
   * @return the p-value
   * @throws IllegalArgumentException if a sample has fewer than two values
   */
  public static double asymptoticPValue(double[] reference, double[] current) {
    return compute(checked(reference, current), false).pValue;
  }

  private static PooledSample checked(double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    requireTwoValues("(sample)", reference, "reference");
    requireTwoValues("(sample)", current, "current");
    return new PooledSample(reference, current);
  }

  private static void requireTwoValues(String feature, double[] values, String role) {
    if (values.length < 2) {
      throw new IllegalArgumentException("the Cramer-von Mises test needs at least two values in each sample, "
          + "but feature '" + feature + "' has " + values.length + " in the " + role + " sample");
    }
  }

  private record Outcome(double statistic, double pValue) {}

  private static Outcome compute(PooledSample pooled, boolean exact) {
    int nx = pooled.first.length;
    int ny = pooled.second.length;
    long[][] ranks = pooled.doubledMidranks();
    // U = nx sum (r_i - i)^2 + ny sum (s_j - j)^2 (Anderson 1962, eq. 10), from doubled ranks.
    double u = nx * squaredRankShifts(ranks[0]) / 4.0 + ny * squaredRankShifts(ranks[1]) / 4.0;
    double k = (double) nx * ny;
    double n = nx + ny;
    double t = u / (k * n) - (4 * k - 1) / (6 * n);
    if (exact) {
      long fourU = nx * exactSquaredRankShifts(ranks[0]) + ny * exactSquaredRankShifts(ranks[1]);
      return new Outcome(t, CramerVonMisesDistribution.exactSf(fourU, nx, ny));
    }
    // Standardise with the exact null mean and variance of T (Anderson 1962, eqs. 11 and 14).
    double mean = (1 + 1 / n) / 6;
    double variance = (n + 1) * (4 * k * n - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k)
        / (45 * n * n * 4 * k);
    double standardised = 1.0 / 6 + (t - mean) / Math.sqrt(45 * variance);
    // Below 0.003 the limiting cdf is under 1.3e-18: scipy returns 1 there.
    double p = standardised < 0.003 ? 1.0 : Math.max(0, 1.0 - CramerVonMisesDistribution.limitCdf(standardised));
    return new Outcome(t, p);
  }

  /** sum (2 r_i - 2 i)^2 over the sorted doubled ranks, in floating point for any size. */
  private static double squaredRankShifts(long[] doubledRanks) {
    double sum = 0.0;
    for (int i = 0; i < doubledRanks.length; i++) {
      double shift = doubledRanks[i] - 2.0 * (i + 1);
      sum += shift * shift;
    }
    return sum;
  }

  /** The same sum exactly, for the small samples of the exact path. */
  private static long exactSquaredRankShifts(long[] doubledRanks) {
    long sum = 0;
    for (int i = 0; i < doubledRanks.length; i++) {
      long shift = doubledRanks[i] - 2L * (i + 1);
      sum += shift * shift;
    }
    return sum;
  }

  @Override
  public String toString() {
    return "CramerVonMisesTest[threshold=" + threshold + ", minEffectSize=" + minEffectSize + "]";
  }
}

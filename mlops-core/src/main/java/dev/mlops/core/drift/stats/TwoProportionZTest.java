package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.drift.stats.internal.ContinuousDistributions;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;

/**
 * The two-proportion Z-test for features with two values, as Evidently's {@code z} test runs it:
 * the values are sorted, the share p of the second value is compared between the samples with
 * the pooled proportion P, {@code z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2))}, and the p-value
 * is two-sided, {@code 2 P(Z >= |z|)}.
 *
 * <p>Evidently evaluates {@code 2 (1 - Phi(|z|))}, which rounds to 0 below about 1e-16; this class
 * computes the same probability without that cancellation, so the two agree to 1e-15 absolute and
 * this one keeps its relative precision in the far tail. When both samples are constant at the
 * same value there is nothing to compare: statistic 0 and p-value 1, as in Evidently.
 *
 * <p>The effect size is Cohen's h, {@code |2 asin(sqrt(p1)) - 2 asin(sqrt(p2))|}, in [0, pi]
 * (0.2 is conventionally small, 0.5 medium, 0.8 large). Drift is {@code p < threshold}
 * (Evidently's rule for this test) and h at least the optional minimum. The default threshold is
 * {@link DriftMethod#defaultThreshold() DriftMethod.Z_TEST's default}. Works on categorical
 * columns and numeric ones (such as 0/1 flags).
 * Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TwoProportionZTest implements DriftDetector {


  private static final String METHOD = "z";

  private final double threshold;
  private final double minEffectSize;

  /** A test at its method's default threshold, without a minimum effect size. */
  public TwoProportionZTest() {
    this(DriftMethod.Z_TEST.defaultThreshold(), 0.0);
  }

  /**
   * A test at the given significance level, without a minimum effect size.
   *
   * @param threshold the significance level, in (0, 1)
   * @throws IllegalArgumentException if the threshold is not in (0, 1)
   */
  public TwoProportionZTest(double threshold) {
    this(threshold, 0.0);
  }

  /**
   * A test at the given significance level that also requires Cohen's h to reach a minimum.
   *
   * @param threshold the significance level, in (0, 1)
   * @param minEffectSize the smallest Cohen's h that counts as drift; 0 turns it off
   * @throws IllegalArgumentException if the threshold is not in (0, 1) or the minimum effect size
   *     is negative or not finite
   */
  public TwoProportionZTest(double threshold, double minEffectSize) {
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
   * The minimum effect size (Cohen's h) required for a drift verdict.
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
   * Tests a feature with at most two distinct values over both samples.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return z as statistic, the p-value, threshold, Cohen's h and verdict
   * @throws IllegalArgumentException if the columns name different features, are of different
   *     kinds, either has no present value, or together they hold more than two distinct values
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    CategoryCounts counts = CategoryCounts.of(reference, current, METHOD);
    if (counts.categories().size() > 2) {
      throw new IllegalArgumentException("the Z-test compares features with two values, but feature '"
          + feature + "' has " + counts.categories().size() + " distinct values; use chi-square instead");
    }
    return detectCounts(feature, counts.reference(), counts.current());
  }

  /**
   * Tests the counts of a two-valued feature computed elsewhere. Entry 0 counts the first value
   * (in sorted order), entry 1 the second; a single entry means one value only.
   *
   * @param feature the feature name
   * @param referenceCounts the reference counts, one or two entries
   * @param currentCounts the current counts, same length
   * @return the result, as {@link #detect} computes it from raw values
   * @throws IllegalArgumentException if the arrays differ in length, have more than two entries,
   *     hold a negative count, or either sums to zero
   */
  public DriftResult detectCounts(String feature, long[] referenceCounts, long[] currentCounts) {
    CategoryCounts.validate(feature, referenceCounts, currentCounts);
    if (referenceCounts.length > 2) {
      throw new IllegalArgumentException("the Z-test takes counts of two values, but feature '" + feature
          + "' has " + referenceCounts.length);
    }
    long n1 = CategoryCounts.total(referenceCounts);
    long n2 = CategoryCounts.total(currentCounts);
    long x1 = referenceCounts.length == 2 ? referenceCounts[1] : 0;
    long x2 = currentCounts.length == 2 ? currentCounts[1] : 0;
    boolean sameConstant = (x1 == 0 && x2 == 0) || (x1 == n1 && x2 == n2);
    if (sameConstant) {
      return new DriftResult(feature, METHOD, 0.0, 1.0, threshold, 0.0, false);
    }
    double z = statistic(x1, n1, x2, n2);
    double p = pValue(z);
    double h = cohensH((double) x1 / n1, (double) x2 / n2);
    boolean drifted = Settings.drifted(p, threshold, false, h, minEffectSize);
    return new DriftResult(feature, METHOD, z, p, threshold, h, drifted);
  }

  /**
   * The pooled two-proportion z statistic for x1 of n1 against x2 of n2.
   *
   * @param x1 the reference count of the value
   * @param n1 the reference size, positive
   * @param x2 the current count of the value
   * @param n2 the current size, positive
   * @return z; NaN when the pooled proportion is 0 or 1
   * @throws IllegalArgumentException if a size is not positive or a count outside [0, size]
   */
  public static double statistic(long x1, long n1, long x2, long n2) {
    if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
      throw new IllegalArgumentException("counts must satisfy 0 <= x <= n with n > 0, but were "
          + x1 + "/" + n1 + " and " + x2 + "/" + n2);
    }
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    return (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  }

  /**
   * The two-sided p-value of a z statistic, {@code 2 P(Z >= |z|)}.
   *
   * @param z the statistic
   * @return the p-value, in [0, 1]
   */
  public static double pValue(double z) {
    return Math.min(1.0, 2 * ContinuousDistributions.normalSf(Math.abs(z)));
  }

  /**
   * Cohen's h between two proportions, {@code |2 asin(sqrt(p1)) - 2 asin(sqrt(p2))|}.
   *
   * @param p1 a proportion in [0, 1]
   * @param p2 a proportion in [0, 1]
   * @return h, in [0, pi]
   */
  public static double cohensH(double p1, double p2) {
    return Math.abs(2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2)));
  }

  @Override
  public String toString() {
    return "TwoProportionZTest[threshold=" + threshold + ", minEffectSize=" + minEffectSize + "]";
  }
}

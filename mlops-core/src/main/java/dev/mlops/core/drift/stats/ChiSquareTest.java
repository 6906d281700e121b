package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.drift.stats.internal.ContinuousDistributions;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Objects;

/**
 * Pearson's chi-square goodness-of-fit test of the current category counts against the reference
 * proportions, as Evidently's {@code chisquare} test runs it: the categories are the union of those
 * seen in either sample, the expected count of each is its reference count scaled by
 * {@code current size / reference size}, and the p-value is
 * {@code scipy.stats.chisquare(observed, expected).pvalue}, with {@code k - 1} degrees of freedom
 * for k categories.
 *
 * <p>Works on categorical columns and on numeric columns with few distinct values (each distinct
 * number is a category; -0.0 and 0.0 are one category).
 *
 * <p>Edge cases, chosen to agree with scipy and Evidently on the same inputs:
 *
 * <ul>
 *   <li>A category seen only in the current sample has an expected count of 0: its term, and so
 *       the statistic, is {@link Double#POSITIVE_INFINITY} and the p-value 0 (drift), exactly as
 *       {@code scipy.stats.chisquare} returns. A category that vanished from the current sample
 *       simply contributes its expected count.
 *   <li>With a single category (both samples constant at the same value) there are no degrees of
 *       freedom: scipy returns a NaN p-value and Evidently's {@code p < threshold} is false. This
 *       class reports statistic 0 and p-value 1 instead, the same "no drift" verdict with a
 *       number that can be stored and compared.
 * </ul>
 *
 * <p>The effect size is Cramér's V of the 2 x k table of reference and current counts,
 * {@code sqrt(chi2 / N)} for the contingency chi-square over N values: in [0, 1], independent of
 * the sample size and finite even when a category is new. Drift is {@code p < threshold}
 * (Evidently's rule for this test) and V at least the optional minimum. The default threshold is
 * {@link DriftMethod#defaultThreshold() DriftMethod.CHI_SQUARE's default}. Instances are immutable
 * and thread-safe.
 *
 * @since 0.1
 */
public final class ChiSquareTest implements DriftDetector {


  private static final String METHOD = "chisquare";

  private final double threshold;
  private final double minEffectSize;

  /** A test at its method's default threshold, without a minimum effect size. */
  public ChiSquareTest() {
    this(DriftMethod.CHI_SQUARE.defaultThreshold(), 0.0);
  }

  /**
   * A test at the given significance level, without a minimum effect size.
   *
   * @param threshold the significance level, in (0, 1)
   * @throws IllegalArgumentException if the threshold is not in (0, 1)
   */
  public ChiSquareTest(double threshold) {
    this(threshold, 0.0);
  }

  /**
   * A test at the given significance level that also requires Cramér's V to reach a minimum.
   *
   * @param threshold the significance level, in (0, 1)
   * @param minEffectSize the smallest Cramér's V that counts as drift; 0 turns it off
   * @throws IllegalArgumentException if the threshold is not in (0, 1) or the minimum effect size
   *     is negative or not finite
   */
  public ChiSquareTest(double threshold, double minEffectSize) {
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
   * The minimum effect size (Cramér's V) required for a drift verdict.
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
   * Tests a categorical feature, or a numeric one whose distinct values are its categories.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return the chi-square statistic, p-value, threshold, Cramér's V and verdict
   * @throws IllegalArgumentException if the columns name different features, are of different
   *     kinds, or either has no present (or a non-finite) value
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    CategoryCounts counts = CategoryCounts.of(reference, current, METHOD);
    return detectCounts(feature, counts.reference(), counts.current());
  }

  /**
   * Tests category counts computed elsewhere, for example from frequency sketches. Entry i of
   * both arrays counts the same category; categories counted in neither sample are ignored.
   *
   * @param feature the feature name
   * @param referenceCounts the reference count of each category
   * @param currentCounts the current count of each category
   * @return the result, as {@link #detect} computes it from raw values
   * @throws IllegalArgumentException if the arrays differ in length, hold a negative count, or
   *     either sums to zero
   */
  public DriftResult detectCounts(String feature, long[] referenceCounts, long[] currentCounts) {
    CategoryCounts.validate(feature, referenceCounts, currentCounts);
    double referenceTotal = CategoryCounts.total(referenceCounts);
    double currentTotal = CategoryCounts.total(currentCounts);
    double scale = currentTotal / referenceTotal;
    int categories = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      if (referenceCounts[i] + currentCounts[i] > 0) {
        categories++;
      }
    }
    double effect = cramersV(referenceCounts, currentCounts);
    if (categories < 2) {
      return new DriftResult(feature, METHOD, 0.0, 1.0, threshold, effect, false);
    }
    long[] observed = new long[categories];
    double[] expected = new double[categories];
    int k = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      if (referenceCounts[i] + currentCounts[i] > 0) {
        observed[k] = currentCounts[i];
        expected[k] = referenceCounts[i] * scale;
        k++;
      }
    }
    double statistic = statistic(observed, expected);
    double p = survival(statistic, categories - 1);
    boolean drifted = Settings.drifted(p, threshold, false, effect, minEffectSize);
    return new DriftResult(feature, METHOD, statistic, p, threshold, effect, drifted);
  }

  /**
   * Pearson's statistic {@code sum (observed - expected)^2 / expected}. A term with expected 0
   * and a positive observed count is infinite; one with both 0 is skipped.
   *
   * @param observed the observed counts
   * @param expected the expected counts, same length
   * @return the statistic, possibly {@link Double#POSITIVE_INFINITY}
   * @throws IllegalArgumentException if the lengths differ or an expected count is negative
   */
  public static double statistic(long[] observed, double[] expected) {
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(expected, "expected");
    if (observed.length != expected.length) {
      throw new IllegalArgumentException("observed and expected counts differ in length: "
          + observed.length + " and " + expected.length);
    }
    double sum = 0.0;
    for (int i = 0; i < observed.length; i++) {
      if (!(expected[i] >= 0)) {
        throw new IllegalArgumentException("expected count " + i + " is " + expected[i]);
      }
      if (expected[i] == 0.0) {
        if (observed[i] > 0) {
          return Double.POSITIVE_INFINITY;
        }
        continue;
      }
      double difference = observed[i] - expected[i];
      sum += difference * difference / expected[i];
    }
    return sum;
  }

  /**
   * The chi-square survival function {@code P(X >= statistic)}, as
   * {@code scipy.stats.chi2.sf(statistic, degreesOfFreedom)}; an infinite statistic gives 0.
   *
   * @param statistic the statistic, non-negative
   * @param degreesOfFreedom the degrees of freedom, positive
   * @return the p-value, in [0, 1]
   * @throws IllegalArgumentException if the degrees of freedom are not positive or the statistic
   *     is NaN
   */
  public static double survival(double statistic, double degreesOfFreedom) {
    if (!(degreesOfFreedom > 0) || Double.isNaN(statistic)) {
      throw new IllegalArgumentException("chi-square survival needs positive degrees of freedom and a "
          + "statistic, but got " + degreesOfFreedom + " and " + statistic);
    }
    return ContinuousDistributions.chiSquareSf(statistic, degreesOfFreedom);
  }

  /**
   * Cramér's V of the 2 x k contingency table of reference and current counts:
   * {@code sqrt(chi2 / N)}, with chi2 the Pearson statistic of independence (no continuity
   * correction) and N the total count. 0 when fewer than two categories occur.
   *
   * @param referenceCounts the reference count of each category
   * @param currentCounts the current count of each category, same length
   * @return V, in [0, 1]
   * @throws IllegalArgumentException if the lengths differ or a count is negative
   */
  public static double cramersV(long[] referenceCounts, long[] currentCounts) {
    CategoryCounts.validate("(counts)", referenceCounts, currentCounts);
    double referenceTotal = CategoryCounts.total(referenceCounts);
    double currentTotal = CategoryCounts.total(currentCounts);
    double total = referenceTotal + currentTotal;
    double chi2 = 0.0;
    int categories = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      double column = referenceCounts[i] + currentCounts[i];
      if (column == 0) {
        continue;
      }
      categories++;
      double expectedReference = referenceTotal * column / total;
      double expectedCurrent = currentTotal * column / total;
      double dr = referenceCounts[i] - expectedReference;
      double dc = currentCounts[i] - expectedCurrent;
      chi2 += dr * dr / expectedReference + dc * dc / expectedCurrent;
    }
    return categories < 2 ? 0.0 : Math.min(1.0, Math.sqrt(chi2 / total));
  }

  @Override
  public String toString() {
    return "ChiSquareTest[threshold=" + threshold + ", minEffectSize=" + minEffectSize + "]";
  }
}

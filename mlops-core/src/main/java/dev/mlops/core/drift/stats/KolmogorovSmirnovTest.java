package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.drift.stats.internal.KolmogorovDistribution;
import dev.mlops.core.drift.stats.internal.SmirnovTwoSample;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Arrays;
import java.util.Objects;

/**
 * The two-sample Kolmogorov-Smirnov test, two-sided, for numeric features: the statistic D is the
 * largest distance between the empirical distribution functions of the two samples, and the
 * p-value is exactly what {@code scipy.stats.ks_2samp(reference, current)} returns with its
 * defaults ({@code method='auto'}).
 *
 * <ul>
 *   <li>When both samples have at most {@value #MAX_EXACT_SIZE} values, the p-value is exact: the
 *       share of equally likely interleavings of the two samples whose D is at least the observed
 *       one (lattice-path counting after Hodges 1958, in the numerically stable form of Viehmann
 *       2021). D is then reported, as scipy reports it, as the lattice value {@code h / lcm(n, m)}.
 *   <li>Otherwise the p-value is the asymptotic one scipy uses: the one-sample two-sided Kolmogorov
 *       distribution at the effective size {@code round(n m / (n + m))}.
 * </ul>
 *
 * <p>Ties are handled as scipy handles them: both distribution functions are evaluated after all
 * copies of a value, over the combined sorted sample. The exact path costs O(min(n, m)) memory and
 * O(max(n, m) * D * min(n, m)) time, well under a second at 10,000 values.
 *
 * <p>The effect size is D itself (sample-size independent, in [0, 1]). The verdict is drift when
 * the p-value is at most the threshold (Evidently's {@code p_value <= threshold} for this test)
 * and D is at least the optional minimum effect size. The default threshold is
 * {@link DriftMethod#defaultThreshold() DriftMethod.KS's default}. Instances are immutable and
 * thread-safe.
 *
 * @since 0.1
 */
public final class KolmogorovSmirnovTest implements DriftDetector {


  /** The largest sample size for which the p-value is exact, as in scipy. */
  public static final int MAX_EXACT_SIZE = 10_000;

  private static final String METHOD = "ks";

  private final double threshold;
  private final double minEffectSize;

  /** A test at its method's default threshold, without a minimum effect size. */
  public KolmogorovSmirnovTest() {
    this(DriftMethod.KS.defaultThreshold(), 0.0);
  }

  /**
   * A test at the given significance level, without a minimum effect size.
   *
   * @param threshold the significance level, in (0, 1)
   * @throws IllegalArgumentException if the threshold is not in (0, 1)
   */
  public KolmogorovSmirnovTest(double threshold) {
    this(threshold, 0.0);
  }

  /**
   * A test at the given significance level that also requires D to reach a minimum.
   *
   * @param threshold the significance level, in (0, 1)
   * @param minEffectSize the smallest D that counts as drift; 0 turns the requirement off
   * @throws IllegalArgumentException if the threshold is not in (0, 1) or the minimum effect size
   *     is negative or not finite
   */
  public KolmogorovSmirnovTest(double threshold, double minEffectSize) {
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
   * The minimum effect size (D) required for a drift verdict.
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
   * @return D as statistic and effect size, the p-value, the threshold and the verdict
   * @throws IllegalArgumentException if the columns name different features, either is
   *     categorical, or either has no present (or a non-finite) value
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    double[] ref = Columns.numeric(reference, "reference", METHOD);
    double[] cur = Columns.numeric(current, "current", METHOD);
    return fromStatistic(feature, statistic(ref, cur), ref.length, cur.length);
  }

  /**
   * Builds this test's result from a statistic computed elsewhere, for example from quantile
   * sketches: computes the p-value for the sizes and applies the threshold and minimum effect
   * size.
   *
   * @param feature the feature name
   * @param d the statistic, in [0, 1]
   * @param n the reference sample size
   * @param m the current sample size
   * @return the result
   * @throws IllegalArgumentException if d is not in [0, 1] or a size is not positive
   */
  public DriftResult fromStatistic(String feature, double d, int n, int m) {
    Objects.requireNonNull(feature, "feature");
    double p = pValue(d, n, m);
    double reported = usesExactPath(n, m) ? latticeStatistic(d, n, m) : d;
    boolean drifted = Settings.drifted(p, threshold, true, reported, minEffectSize);
    return new DriftResult(feature, METHOD, reported, p, threshold, reported, drifted);
  }

  /**
   * The two-sample Kolmogorov-Smirnov statistic: the largest absolute difference between the two
   * empirical distribution functions, each evaluated after all copies of a value (so ties across
   * the samples are handled as scipy handles them).
   *
   * @param reference the first sample, not empty
   * @param current the second sample, not empty
   * @return D, in [0, 1]
   * @throws IllegalArgumentException if a sample is empty or holds NaN
   */
  public static double statistic(double[] reference, double[] current) {
    requireSample(reference, "reference");
    requireSample(current, "current");
    double[] a = reference.clone();
    double[] b = current.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    int n = a.length;
    int m = b.length;
    int i = 0;
    int j = 0;
    double d = 0.0;
    while (i < n || j < m) {
      double next = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
      while (i < n && a[i] <= next) {
        i++;
      }
      while (j < m && b[j] <= next) {
        j++;
      }
      // The same operations as scipy (i/n - j/m) so that D agrees to the last bit.
      double difference = (double) i / n - (double) j / m;
      d = Math.max(d, Math.abs(difference));
    }
    return d;
  }

  /**
   * The two-sided p-value of a statistic for the given sample sizes, as
   * {@code scipy.stats.ks_2samp} computes it by default: exact when both sizes are at most
   * {@value #MAX_EXACT_SIZE}, else {@code kstwo.sf(d, round(n m / (n + m)))}.
   *
   * @param d the statistic, in [0, 1]
   * @param n the first sample size, positive
   * @param m the second sample size, positive
   * @return the p-value, in [0, 1]
   * @throws IllegalArgumentException if d is not in [0, 1] or a size is not positive
   */
  public static double pValue(double d, int n, int m) {
    if (!(d >= 0.0 && d <= 1.0)) {
      throw new IllegalArgumentException("the KS statistic must be in [0, 1] but was " + d);
    }
    if (n <= 0 || m <= 0) {
      throw new IllegalArgumentException("sample sizes must be positive but were " + n + " and " + m);
    }
    if (usesExactPath(n, m)) {
      double p = SmirnovTwoSample.sf(n, m, SmirnovTwoSample.latticeIndex(d, n, m));
      if (p >= 0.0 && p <= 1.0) {
        return p;
      }
      // scipy falls back to the asymptotic distribution when the exact recursion fails.
    }
    return asymptoticPValue(d, n, m);
  }

  private static double asymptoticPValue(double d, int n, int m) {
    double larger = Math.max(n, m);
    double smaller = Math.min(n, m);
    double effective = larger * smaller / (larger + smaller);
    return KolmogorovDistribution.sf((int) Math.rint(effective), d);
  }

  private static boolean usesExactPath(int n, int m) {
    return Math.max(n, m) <= MAX_EXACT_SIZE;
  }

  private static double latticeStatistic(double d, int n, int m) {
    return SmirnovTwoSample.latticeIndex(d, n, m) * 1.0 / SmirnovTwoSample.lcm(n, m);
  }

  private static void requireSample(double[] sample, String name) {
    Objects.requireNonNull(sample, name);
    if (sample.length == 0) {
      throw new IllegalArgumentException("the " + name + " sample is empty");
    }
    for (double value : sample) {
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("the " + name + " sample holds NaN; remove missing values first");
      }
    }
  }

  @Override
  public String toString() {
    return "KolmogorovSmirnovTest[threshold=" + threshold + ", minEffectSize=" + minEffectSize + "]";
  }
}

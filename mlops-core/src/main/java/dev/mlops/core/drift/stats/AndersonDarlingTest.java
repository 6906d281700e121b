package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.drift.stats.internal.QuadraticFit;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Objects;

/**
 * The Anderson-Darling k-sample test (Scholz and Stephens, "K-Sample Anderson-Darling Tests",
 * JASA 82, 1987) for two samples, as {@code scipy.stats.anderson_ksamp([reference, current])}
 * computes it: the midrank statistic A2akN (eq. 7, which allows ties), standardised by its mean
 * and variance under the null hypothesis, so the reported statistic is scipy's normalised A2.
 *
 * <p>The p-value is scipy's: the log of the significance levels 0.25 ... 0.001 of Scholz and
 * Stephens' Table 2 is fitted with a quadratic in the critical values and evaluated at A2. As
 * scipy documents, it is capped at 0.25 (the true value is larger) and floored at 0.001 (the
 * true value is smaller), so the test tells apart only p-values in that range. Compared with
 * Kolmogorov-Smirnov it weighs the tails of the distributions more.
 *
 * <p>The samples need at least four values together and at least two distinct values (scipy's
 * limits; a constant feature cannot be tested and is rejected). The effect size is the
 * root-mean-square difference of the two empirical distribution functions over the pooled sample
 * (in [0, 1], at most KS D). Drift is {@code p < threshold} (Evidently's rule for its
 * {@code anderson} test) and the effect at least the optional minimum. The default threshold is
 * {@link DriftMethod#defaultThreshold() DriftMethod.ANDERSON_DARLING's default}, Evidently's.
 * Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AndersonDarlingTest implements DriftDetector {


  /** The largest p-value the interpolation reports. */
  public static final double MAX_P_VALUE = 0.25;

  /** The smallest p-value the interpolation reports. */
  public static final double MIN_P_VALUE = 0.001;

  private static final String METHOD = "anderson";
  private static final double[] SIGNIFICANCE = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
  private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
  private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
  private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
  private static final double[] CRITICAL = criticalValues(1);
  private static final double[] LOG_SIGNIFICANCE_FIT = logSignificanceFit();

  private final double threshold;
  private final double minEffectSize;

  /** A test at its method's default threshold, without a minimum effect size. */
  public AndersonDarlingTest() {
    this(DriftMethod.ANDERSON_DARLING.defaultThreshold(), 0.0);
  }

  /**
   * A test at the given significance level, without a minimum effect size.
   *
   * @param threshold the significance level, in (0, 1)
   * @throws IllegalArgumentException if the threshold is not in (0, 1)
   */
  public AndersonDarlingTest(double threshold) {
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
  public AndersonDarlingTest(double threshold, double minEffectSize) {
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
   * @return the normalised A2, the p-value (within [0.001, 0.25]), the threshold, the effect size
   *     and the verdict
   * @throws IllegalArgumentException if the columns name different features, either is
   *     categorical or has no present (or a non-finite) value, the samples have fewer than four
   *     values together, or all values are equal
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    PooledSample pooled = new PooledSample(Columns.numeric(reference, "reference", METHOD),
        Columns.numeric(current, "current", METHOD));
    requireTestable(feature, pooled);
    double statistic = normalisedStatistic(pooled);
    double p = pValue(statistic);
    double effect = pooled.rootMeanSquareEcdfDifference();
    boolean drifted = Settings.drifted(p, threshold, false, effect, minEffectSize);
    return new DriftResult(feature, METHOD, statistic, p, threshold, effect, drifted);
  }

  /**
   * The normalised two-sample Anderson-Darling statistic, scipy's {@code anderson_ksamp(...)
   * .statistic}.
   *
   * @param reference the first sample
   * @param current the second sample
   * @return the normalised statistic A2
   * @throws IllegalArgumentException if the samples have fewer than four values together or all
   *     values are equal
   */
  public static double statistic(double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    PooledSample pooled = new PooledSample(reference, current);
    requireTestable("(sample)", pooled);
    return normalisedStatistic(pooled);
  }

  /**
   * scipy's p-value for a normalised two-sample statistic: {@code exp} of the quadratic fitted to
   * the log significance levels over the critical values, capped at 0.25 and floored at 0.001.
   *
   * @param statistic the normalised A2
   * @return the p-value, in [0.001, 0.25]
   */
  public static double pValue(double statistic) {
    if (statistic < CRITICAL[0]) {
      return MAX_P_VALUE;
    }
    if (statistic > CRITICAL[CRITICAL.length - 1]) {
      return MIN_P_VALUE;
    }
    return Math.exp(QuadraticFit.evaluate(LOG_SIGNIFICANCE_FIT, statistic));
  }

  private static void requireTestable(String feature, PooledSample pooled) {
    if (pooled.size() < 4) {
      throw new IllegalArgumentException("the Anderson-Darling test needs at least 4 values in both samples "
          + "together, but feature '" + feature + "' has " + pooled.size());
    }
    double first = pooled.first[0];
    boolean constant = pooled.first[pooled.first.length - 1] == first
        && pooled.second[0] == first && pooled.second[pooled.second.length - 1] == first;
    if (constant) {
      throw new IllegalArgumentException("the Anderson-Darling test needs at least two distinct values, but "
          + "every value of feature '" + feature + "' equals " + first + "; use chi-square or KS instead");
    }
  }

  /** Scholz and Stephens' A2akN (eq. 7, midranks), standardised by its null mean and variance. */
  private static double normalisedStatistic(PooledSample pooled) {
    double[][] samples = {pooled.first, pooled.second};
    int k = samples.length;
    double n = pooled.size();
    double a2akn = midrankStatistic(pooled);

    double harmonicSizes = 0.0;
    for (double[] sample : samples) {
      harmonicSizes += 1.0 / sample.length;
    }
    // h = sum_{i=1}^{N-1} 1/i;  g = sum_{i=1}^{N-2} sum_{j=i+1}^{N-1} 1/((N - i) j), summed as scipy does
    double tail = 0.0;
    double g = 0.0;
    int size = pooled.size();
    for (int t = 0; t <= size - 3; t++) {
      tail += 1.0 / (size - 1 - t);
      g += tail / (t + 2);
    }
    double h = tail + 1;
    double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * harmonicSizes;
    double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * harmonicSizes - 8 * h + 4 * g - 6;
    double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * harmonicSizes + 4 * h;
    double d = (2 * h + 6) * k * k - 4 * h * k;
    double variance = (a * n * n * n + b * n * n + c * n + d) / ((n - 1.0) * (n - 2.0) * (n - 3.0));
    return (a2akn - (k - 1)) / Math.sqrt(variance);
  }

  private static double midrankStatistic(PooledSample pooled) {
    double[] x = pooled.first;
    double[] y = pooled.second;
    double n = pooled.size();
    double sumX = 0.0;
    double sumY = 0.0;
    int i = 0;
    int j = 0;
    while (i < x.length || j < y.length) {
      double value = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
      int below = i + j; // pooled values strictly below this one
      int i0 = i;
      int j0 = j;
      while (i < x.length && x[i] == value) {
        i++;
      }
      while (j < y.length && y[j] == value) {
        j++;
      }
      double ties = (i - i0) + (j - j0);
      double b = below + ties / 2.0;
      double denominator = b * (n - b) - n * ties / 4.0;
      double mx = i - (i - i0) / 2.0;
      double my = j - (j - j0) / 2.0;
      sumX += ties / n * square(n * mx - b * x.length) / denominator;
      sumY += ties / n * square(n * my - b * y.length) / denominator;
    }
    return (sumX / x.length + sumY / y.length) * (n - 1.0) / n;
  }

  private static double square(double v) {
    return v * v;
  }

  private static double[] criticalValues(int m) {
    double[] critical = new double[B0.length];
    for (int i = 0; i < critical.length; i++) {
      critical[i] = B0[i] + B1[i] / Math.sqrt(m) + B2[i] / m;
    }
    return critical;
  }

  private static double[] logSignificanceFit() {
    double[] logs = new double[SIGNIFICANCE.length];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(SIGNIFICANCE[i]);
    }
    return QuadraticFit.fit(CRITICAL, logs);
  }

  @Override
  public String toString() {
    return "AndersonDarlingTest[threshold=" + threshold + ", minEffectSize=" + minEffectSize + "]";
  }
}

package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Objects;

/**
 * The Jensen-Shannon distance between the binned reference and current distributions, with
 * {@code scipy.spatial.distance.jensenshannon} semantics: both vectors are normalised to sum to
 * 1, {@code m = (p + q) / 2}, and the distance is {@code sqrt((KL(p || m) + KL(q || m)) / 2)},
 * with natural logarithms by default (in [0, sqrt(ln 2)] = [0, 0.8326]) or another base.
 *
 * <p>Bins are those of {@link PopulationStabilityIndex}: Sturges bins over both samples for a
 * numeric feature with more than 20 distinct reference values, one bin per value otherwise. Empty
 * bins are left empty, as in Evidently's {@code jensenshannon} test (the distance is finite
 * without filling them, unlike PSI). A rounding residue below zero is reported as 0, where scipy
 * would take the square root of a tiny negative number and return NaN.
 *
 * <p>Drift is {@code distance >= threshold}, by default {@link DriftMethod#defaultThreshold()
 * DriftMethod.JENSEN_SHANNON's default}. There is no
 * p-value; the effect size is the distance itself. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class JensenShannonDistance implements DriftDetector {


  private static final String METHOD = "jensenshannon";

  private final double threshold;
  private final double base;

  /** A distance with natural logarithms and its method's default threshold. */
  public JensenShannonDistance() {
    this(DriftMethod.JENSEN_SHANNON.defaultThreshold());
  }

  /**
   * A distance with natural logarithms and the given threshold.
   *
   * @param threshold the distance at and above which a feature drifts, positive
   * @throws IllegalArgumentException if the threshold is not positive and finite
   */
  public JensenShannonDistance(double threshold) {
    this(threshold, Math.E);
  }

  /**
   * A distance with logarithms to the given base (2 bounds the distance by 1).
   *
   * @param threshold the distance at and above which a feature drifts, positive
   * @param base the base of the logarithms, positive and not 1
   * @throws IllegalArgumentException if the threshold is not positive and finite, or the base is
   *     not positive, 1 or not finite
   */
  public JensenShannonDistance(double threshold, double base) {
    this.threshold = Settings.distanceThreshold(threshold);
    if (!(base > 0 && base != 1.0 && Double.isFinite(base))) {
      throw new IllegalArgumentException("base must be positive and not 1 but was " + base);
    }
    this.base = base;
  }

  /**
   * The threshold.
   *
   * @return the distance at and above which a feature drifts
   */
  public double threshold() {
    return threshold;
  }

  /**
   * The base of the logarithms.
   *
   * @return e unless another base was chosen
   */
  public double base() {
    return base;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /**
   * Computes the distance for a numeric or categorical feature.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return the distance as statistic and effect size, no p-value, the threshold and the verdict
   * @throws IllegalArgumentException if the columns name different features, are of different
   *     kinds, or either has no present (or a non-finite) value
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    BinnedCounts counts = BinnedCounts.of(reference, current, METHOD);
    return detectCounts(feature, counts.reference(), counts.current());
  }

  /**
   * Computes the distance from bin counts computed elsewhere; entry i of both arrays counts the
   * same bin.
   *
   * @param feature the feature name
   * @param referenceCounts the reference count of each bin
   * @param currentCounts the current count of each bin
   * @return the result, as {@link #detect} computes it from raw values
   * @throws IllegalArgumentException if the arrays differ in length, hold a negative count, or
   *     either sums to zero
   */
  public DriftResult detectCounts(String feature, long[] referenceCounts, long[] currentCounts) {
    CategoryCounts.validate(feature, referenceCounts, currentCounts);
    double distance = of(BinnedCounts.shares(referenceCounts), BinnedCounts.shares(currentCounts), base);
    return new DriftResult(feature, METHOD, distance, null, threshold, distance, distance >= threshold);
  }

  /**
   * The Jensen-Shannon distance with natural logarithms between two count vectors (each is
   * normalised by its total; empty bins stay empty).
   *
   * @param referenceCounts the reference count of each bin
   * @param currentCounts the current count of each bin, same length
   * @return the distance, in [0, sqrt(ln 2)]
   * @throws IllegalArgumentException if the arrays differ in length, hold a negative count, or
   *     either sums to zero
   */
  public static double ofCounts(long[] referenceCounts, long[] currentCounts) {
    CategoryCounts.validate("(counts)", referenceCounts, currentCounts);
    return of(BinnedCounts.shares(referenceCounts), BinnedCounts.shares(currentCounts), Math.E);
  }

  /**
   * The Jensen-Shannon distance with natural logarithms, as
   * {@code scipy.spatial.distance.jensenshannon(p, q)}.
   *
   * @param p non-negative weights, not all zero
   * @param q non-negative weights, not all zero, same length
   * @return the distance, in [0, sqrt(ln 2)]
   * @throws IllegalArgumentException if the lengths differ, a weight is negative or not finite,
   *     or a vector sums to zero
   */
  public static double of(double[] p, double[] q) {
    return of(p, q, Math.E);
  }

  /**
   * The Jensen-Shannon distance with logarithms to the given base, as
   * {@code scipy.spatial.distance.jensenshannon(p, q, base)}.
   *
   * @param p non-negative weights, not all zero
   * @param q non-negative weights, not all zero, same length
   * @param base the base of the logarithms
   * @return the distance
   * @throws IllegalArgumentException if the lengths differ, a weight is negative or not finite,
   *     or a vector sums to zero
   */
  public static double of(double[] p, double[] q, double base) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(q, "q");
    if (p.length != q.length) {
      throw new IllegalArgumentException("vectors differ in length: " + p.length + " and " + q.length);
    }
    double[] pn = normalised(p, "p");
    double[] qn = normalised(q, "q");
    double left = 0.0;
    double right = 0.0;
    for (int i = 0; i < pn.length; i++) {
      double m = (pn[i] + qn[i]) / 2.0;
      left += relativeEntropy(pn[i], m);
      right += relativeEntropy(qn[i], m);
    }
    double js = left + right;
    if (base != Math.E) {
      js /= Math.log(base);
    }
    return Math.sqrt(Math.max(0.0, js / 2.0));
  }

  /** scipy.special.rel_entr for the non-negative arguments that occur here. */
  private static double relativeEntropy(double x, double y) {
    return x > 0 && y > 0 ? x * Math.log(x / y) : 0.0;
  }

  private static double[] normalised(double[] weights, String name) {
    double sum = 0.0;
    for (double weight : weights) {
      if (!(weight >= 0) || !Double.isFinite(weight)) {
        throw new IllegalArgumentException("weights of " + name + " must be non-negative and finite, but one is "
            + weight);
      }
      sum += weight;
    }
    if (sum == 0.0) {
      throw new IllegalArgumentException("weights of " + name + " sum to zero");
    }
    double[] result = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      result[i] = weights[i] / sum;
    }
    return result;
  }

  @Override
  public String toString() {
    return "JensenShannonDistance[threshold=" + threshold + ", base=" + base + "]";
  }
}

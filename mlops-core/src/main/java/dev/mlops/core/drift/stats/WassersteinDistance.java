package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Wasserstein-1 (earth mover's) distance between the reference and current values of a
 * numeric feature, normalised by the reference standard deviation, as Evidently's
 * {@code wasserstein} test computes it: {@code scipy.stats.wasserstein_distance(reference,
 * current) / max(numpy.std(reference), 0.001)}, with the population standard deviation.
 *
 * <p>The raw distance is the area between the two empirical distribution functions,
 * {@code integral |F(x) - G(x)| dx}; dividing by the reference spread makes it unit-free, so the
 * statistic reads as "the distributions moved by this many reference standard deviations". A
 * constant reference has its spread floored at {@value #MIN_SPREAD}.
 *
 * <p>Drift is {@code statistic >= threshold}, by default {@link DriftMethod#defaultThreshold()
 * DriftMethod.WASSERSTEIN's default}. There is no
 * p-value; the effect size is the normalised distance itself. Instances are immutable and
 * thread-safe.
 *
 * @since 0.1
 */
public final class WassersteinDistance implements DriftDetector {


  /** The floor of the reference standard deviation used for normalising. */
  public static final double MIN_SPREAD = 0.001;

  private static final String METHOD = "wasserstein";

  private final double threshold;

  /** A normalised distance with its method's default threshold. */
  public WassersteinDistance() {
    this(DriftMethod.WASSERSTEIN.defaultThreshold());
  }

  /**
   * A normalised distance with the given threshold.
   *
   * @param threshold the normalised distance at and above which a feature drifts, positive
   * @throws IllegalArgumentException if the threshold is not positive and finite
   */
  public WassersteinDistance(double threshold) {
    this.threshold = Settings.distanceThreshold(threshold);
  }

  /**
   * The threshold.
   *
   * @return the normalised distance at and above which a feature drifts
   */
  public double threshold() {
    return threshold;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /**
   * Computes the normalised distance of a numeric feature.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return the normalised distance as statistic and effect size, no p-value, the threshold and
   *     the verdict
   * @throws IllegalArgumentException if the columns name different features, either is
   *     categorical, or either has no present (or a non-finite) value
   */
  @Override
  public DriftResult detect(FeatureColumn reference, FeatureColumn current) {
    String feature = Columns.sameFeature(reference, current);
    double[] ref = Columns.numeric(reference, "reference", METHOD);
    double[] cur = Columns.numeric(current, "current", METHOD);
    return fromDistance(feature, distance(ref, cur), populationStandardDeviation(ref));
  }

  /**
   * Builds this test's result from a raw distance and reference spread computed elsewhere (for
   * example from sketches).
   *
   * @param feature the feature name
   * @param distance the raw Wasserstein-1 distance, non-negative
   * @param referenceStandardDeviation the reference population standard deviation
   * @return the result with the normalised distance
   * @throws IllegalArgumentException if the distance or the spread is negative or not finite
   */
  public DriftResult fromDistance(String feature, double distance, double referenceStandardDeviation) {
    Objects.requireNonNull(feature, "feature");
    double statistic = normalise(distance, referenceStandardDeviation);
    return new DriftResult(feature, METHOD, statistic, null, threshold, statistic, statistic >= threshold);
  }

  /**
   * A raw distance divided by {@code max(referenceStandardDeviation, 0.001)}.
   *
   * @param distance the raw distance, non-negative
   * @param referenceStandardDeviation the reference spread, non-negative
   * @return the normalised distance
   * @throws IllegalArgumentException if either argument is negative or not finite
   */
  public static double normalise(double distance, double referenceStandardDeviation) {
    if (!(distance >= 0) || !Double.isFinite(distance)
        || !(referenceStandardDeviation >= 0) || !Double.isFinite(referenceStandardDeviation)) {
      throw new IllegalArgumentException("distance and spread must be non-negative and finite, but were "
          + distance + " and " + referenceStandardDeviation);
    }
    return distance / Math.max(referenceStandardDeviation, MIN_SPREAD);
  }

  /**
   * The Wasserstein-1 distance between two samples, as {@code scipy.stats.wasserstein_distance(u,
   * v)}.
   *
   * @param u the first sample, not empty, finite values
   * @param v the second sample, not empty, finite values
   * @return the distance, non-negative
   * @throws IllegalArgumentException if a sample is empty or holds a non-finite value
   */
  public static double distance(double[] u, double[] v) {
    return distance(u, null, v, null);
  }

  /**
   * The Wasserstein-1 distance between two weighted samples, as
   * {@code scipy.stats.wasserstein_distance(u, v, uWeights, vWeights)}: each value carries its
   * weight (for example the weight of a sketch item).
   *
   * @param u the first sample's values
   * @param uWeights their weights (non-negative, finite, positive sum), or null for equal weights
   * @param v the second sample's values
   * @param vWeights their weights, or null for equal weights
   * @return the distance, non-negative
   * @throws IllegalArgumentException if a sample is empty, a value is not finite, or the weights
   *     do not match the values or are unusable
   */
  public static double distance(
      double[] u, double @Nullable [] uWeights, double[] v, double @Nullable [] vWeights) {
    return distance(Weighted.of(u, uWeights, "u"), Weighted.of(v, vWeights, "v"));
  }

  /**
   * The Wasserstein-1 distance between two samples already sorted ascending, exactly as {@link
   * #distance(double[], double[])} computes it for the same values in any order, without sorting
   * copies: for callers that sort each sample once for several statistics.
   *
   * @param sortedU the first sample, ascending, not empty, finite values
   * @param sortedV the second sample, ascending, not empty, finite values
   * @return the distance, non-negative
   * @throws IllegalArgumentException if a sample is empty, holds a non-finite value or is not
   *     sorted
   * @since 0.1
   */
  public static double distanceOfSorted(double[] sortedU, double[] sortedV) {
    Weighted.requireSorted(sortedU, "u");
    Weighted.requireSorted(sortedV, "v");
    double[] a = sortedU;
    double[] b = sortedV;
    double totalA = a.length;
    double totalB = b.length;
    double total = 0.0;
    int i = 0;
    int j = 0;
    double previous = Math.min(a[0], b[0]);
    // The loop of distance(Weighted, Weighted) with every weight 1: the cumulative weights are the
    // counts i and j, which adding 1.0 repeatedly reaches exactly, so the sums are bit for bit the
    // same without allocating arrays of ones.
    while (i < a.length || j < b.length) {
      double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      total += Math.abs(i / totalA - j / totalB) * (next - previous);
      while (i < a.length && a[i] <= next) {
        i++;
      }
      while (j < b.length && b[j] <= next) {
        j++;
      }
      previous = next;
    }
    return total;
  }

  private static double distance(Weighted a, Weighted b) {
    double total = 0.0;
    int i = 0;
    int j = 0;
    double cumulativeA = 0.0;
    double cumulativeB = 0.0;
    double previous = Math.min(a.values[0], b.values[0]);
    while (i < a.values.length || j < b.values.length) {
      double next = j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j])
          ? a.values[i] : b.values[j];
      // Between the previous value and this one both distribution functions are constant.
      total += Math.abs(cumulativeA / a.total - cumulativeB / b.total) * (next - previous);
      while (i < a.values.length && a.values[i] <= next) {
        cumulativeA += a.weights[i++];
      }
      while (j < b.values.length && b.values[j] <= next) {
        cumulativeB += b.weights[j++];
      }
      previous = next;
    }
    return total;
  }

  /**
   * The population standard deviation (divisor n), as {@code numpy.std(values)}.
   *
   * @param values the values, not empty
   * @return the standard deviation
   * @throws IllegalArgumentException if there are no values
   */
  public static double populationStandardDeviation(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("the standard deviation of no values is undefined");
    }
    double mean = 0.0;
    for (double value : values) {
      mean += value;
    }
    mean /= values.length;
    double squares = 0.0;
    for (double value : values) {
      double d = value - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / values.length);
  }

  /** Values sorted ascending with their weights, and the total weight. */
  private static final class Weighted {
    final double[] values;
    final double[] weights;
    final double total;

    private Weighted(double[] values, double[] weights, double total) {
      this.values = values;
      this.weights = weights;
      this.total = total;
    }

    static void requireSorted(double[] sorted, String name) {
      requireFinite(sorted, name);
      for (int k = 1; k < sorted.length; k++) {
        if (sorted[k - 1] > sorted[k]) {
          throw new IllegalArgumentException("sample " + name + " is not sorted ascending at index " + k);
        }
      }
    }

    private static Weighted equallyWeighted(double[] sorted) {
      double[] ones = new double[sorted.length];
      Arrays.fill(ones, 1.0);
      return new Weighted(sorted, ones, sorted.length);
    }

    private static void requireFinite(double[] values, String name) {
      Objects.requireNonNull(values, name);
      if (values.length == 0) {
        throw new IllegalArgumentException("sample " + name + " is empty");
      }
      for (double value : values) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException("sample " + name + " holds the non-finite value " + value);
        }
      }
    }

    static Weighted of(double[] values, double @Nullable [] weights, String name) {
      requireFinite(values, name);
      if (weights == null) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return equallyWeighted(sorted);
      }
      if (weights.length != values.length) {
        throw new IllegalArgumentException("sample " + name + " has " + values.length + " values but "
            + weights.length + " weights");
      }
      Integer[] order = new Integer[values.length];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
      double[] sortedValues = new double[values.length];
      double[] sortedWeights = new double[values.length];
      double total = 0.0;
      for (int k = 0; k < order.length; k++) {
        double weight = weights[order[k]];
        if (!(weight >= 0) || !Double.isFinite(weight)) {
          throw new IllegalArgumentException("weights of " + name + " must be non-negative and finite, but one is "
              + weight);
        }
        sortedValues[k] = values[order[k]];
        sortedWeights[k] = weight;
        total += weight;
      }
      if (!(total > 0)) {
        throw new IllegalArgumentException("weights of " + name + " sum to zero");
      }
      return new Weighted(sortedValues, sortedWeights, total);
    }
  }

  @Override
  public String toString() {
    return "WassersteinDistance[threshold=" + threshold + "]";
  }
}

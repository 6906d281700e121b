package dev.mlops.core.drift.stats;

import dev.mlops.core.drift.DriftMethod;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureColumn;
import java.util.Objects;

/**
 * The Population Stability Index, {@code sum (r_i - c_i) ln(r_i / c_i)} over bins i, where r and c
 * are the reference and current shares of each bin, as Evidently's {@code psi} test computes it.
 *
 * <p>Bins: a numeric feature with more than 20 distinct reference values is cut into Sturges bins
 * over both samples together ({@link HistogramBins#sturgesEdges}); any other feature (categorical,
 * or numeric with at most 20 distinct reference values) gets one bin per value seen in either
 * sample. An empty bin would make the index infinite, so, as in Evidently, each zero share is
 * replaced by 0.0001, or by a millionth of the smallest non-zero share when that is at most
 * 0.0001 ({@link #fillEmptyBins}).
 *
 * <p>The index is symmetric in the two samples' shares and 0 for identical shares. Drift is
 * {@code psi >= threshold}, by default {@link DriftMethod#defaultThreshold() DriftMethod.PSI's
 * default} (0.1-0.25 is conventionally a
 * moderate shift, above 0.25 a large one). There is no p-value; the effect size is the index
 * itself. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class PopulationStabilityIndex implements DriftDetector {


  /** The share an empty bin counts as, unless smaller shares occur. */
  public static final double EMPTY_BIN_SHARE = 0.0001;

  private static final String METHOD = "psi";

  private final double threshold;

  /** An index with its method's default threshold. */
  public PopulationStabilityIndex() {
    this(DriftMethod.PSI.defaultThreshold());
  }

  /**
   * An index with the given threshold.
   *
   * @param threshold the index at and above which a feature drifts, positive
   * @throws IllegalArgumentException if the threshold is not positive and finite
   */
  public PopulationStabilityIndex(double threshold) {
    this.threshold = Settings.distanceThreshold(threshold);
  }

  /**
   * The threshold.
   *
   * @return the index at and above which a feature drifts
   */
  public double threshold() {
    return threshold;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /**
   * Computes the index of a numeric or categorical feature.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return the index as statistic and effect size, no p-value, the threshold and the verdict
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
   * Computes the index from bin counts computed elsewhere (for example from sketches over the
   * same edges); entry i of both arrays counts the same bin.
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
    double psi = ofCounts(referenceCounts, currentCounts);
    return new DriftResult(feature, METHOD, psi, null, threshold, psi, psi >= threshold);
  }

  /**
   * The index of two count vectors: each is turned into shares of its total, empty bins are
   * filled as {@link #fillEmptyBins} does, and {@link #of} is applied.
   *
   * @param referenceCounts the reference count of each bin
   * @param currentCounts the current count of each bin, same length
   * @return the index, non-negative
   * @throws IllegalArgumentException if the arrays differ in length, hold a negative count, or
   *     either sums to zero
   */
  public static double ofCounts(long[] referenceCounts, long[] currentCounts) {
    CategoryCounts.validate("(counts)", referenceCounts, currentCounts);
    return of(fillEmptyBins(BinnedCounts.shares(referenceCounts)), fillEmptyBins(BinnedCounts.shares(currentCounts)));
  }

  /**
   * The index of two share vectors, {@code sum (r_i - c_i) ln(r_i / c_i)}.
   *
   * @param referenceShares the reference share of each bin, all positive
   * @param currentShares the current share of each bin, all positive, same length
   * @return the index, non-negative
   * @throws IllegalArgumentException if the lengths differ or a share is not positive (fill empty
   *     bins first)
   */
  public static double of(double[] referenceShares, double[] currentShares) {
    Objects.requireNonNull(referenceShares, "referenceShares");
    Objects.requireNonNull(currentShares, "currentShares");
    if (referenceShares.length != currentShares.length) {
      throw new IllegalArgumentException("share vectors differ in length: " + referenceShares.length
          + " and " + currentShares.length);
    }
    double psi = 0.0;
    for (int i = 0; i < referenceShares.length; i++) {
      double r = referenceShares[i];
      double c = currentShares[i];
      if (!(r > 0) || !(c > 0)) {
        throw new IllegalArgumentException("PSI needs positive shares, but bin " + i + " has " + r
            + " and " + c + "; fill empty bins first");
      }
      psi += (r - c) * Math.log(r / c);
    }
    return psi;
  }

  /**
   * Evidently's replacement of empty bins: each zero share becomes {@value #EMPTY_BIN_SHARE}, or
   * a millionth of the smallest non-zero share when that is at most {@value #EMPTY_BIN_SHARE}.
   *
   * @param shares the shares of one sample, at least one positive
   * @return a copy with no zero share
   * @throws IllegalArgumentException if every share is zero
   */
  public static double[] fillEmptyBins(double[] shares) {
    double smallest = Double.POSITIVE_INFINITY;
    for (double share : shares) {
      if (share != 0.0) {
        smallest = Math.min(smallest, share);
      }
    }
    if (smallest == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("every bin is empty");
    }
    double fill = smallest <= EMPTY_BIN_SHARE ? smallest / 1e6 : EMPTY_BIN_SHARE;
    double[] filled = shares.clone();
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == 0.0) {
        filled[i] = fill;
      }
    }
    return filled;
  }

  @Override
  public String toString() {
    return "PopulationStabilityIndex[threshold=" + threshold + "]";
  }
}

package dev.mlops.core.drift;

import dev.mlops.drift.FeatureKind;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.jspecify.annotations.Nullable;

/**
 * A bounded-memory profile of a numeric feature: an Apache DataSketches KLL sketch of the
 * quantiles, exact count, minimum, maximum, mean and variance, counts of missing (NaN) and invalid
 * (infinite) values, and exact counts per value while the feature has at most {@value
 * #TRACKED_VALUES_LIMIT} distinct values.
 *
 * <p>Memory is bounded by the sketch parameter {@code k}: about 14 KiB at the default {@value
 * #DEFAULT_K}, whatever the number of values. The sketch is exact while it holds fewer than about
 * {@code k} values; beyond that, any rank (a CDF value) it reports is within {@link
 * #normalizedRankError()} of the true rank with 99% confidence (0.46% at the default {@code k}).
 * Count, minimum, maximum, mean and variance are exact (up to floating-point rounding) and merge
 * exactly.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class NumericProfile implements FeatureProfile {

  /**
   * The default KLL parameter. At 600 the normalised rank error of one sketch is 0.46% (99%
   * confidence), so a Kolmogorov-Smirnov statistic computed from two sketches stays within 0.01 of
   * the exact one.
   */
  public static final int DEFAULT_K = 600;

  /**
   * How many distinct values are counted exactly before the profile keeps only the sketch: 20,
   * the number up to which the exact binned distances (PSI, Jensen-Shannon) give each value of a
   * numeric feature its own bin, as Evidently does.
   */
  public static final int TRACKED_VALUES_LIMIT = 20;

  private final String feature;
  private final KllDoublesSketch sketch;
  private long count;
  private long missing;
  private long invalid;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double mean;
  private double sumSquaredDeviations;
  private @Nullable TreeMap<Double, Long> valueCounts = new TreeMap<>();

  private NumericProfile(String feature, KllDoublesSketch sketch) {
    this.feature = Objects.requireNonNull(feature, "feature");
    this.sketch = sketch;
  }

  /**
   * An empty profile with the default sketch size.
   *
   * @param feature the feature name
   * @return the profile
   */
  public static NumericProfile create(String feature) {
    return create(feature, DEFAULT_K);
  }

  /**
   * An empty profile with a chosen sketch size: larger {@code k} is more accurate and uses more
   * memory (roughly 24 bytes per unit of {@code k}).
   *
   * @param feature the feature name
   * @param k the KLL parameter, from 8 to 65535
   * @return the profile
   * @throws IllegalArgumentException if {@code k} is out of range
   */
  public static NumericProfile create(String feature, int k) {
    if (k < 8 || k > KllSketch.MAX_K) {
      throw new IllegalArgumentException(
          "k of feature '" + feature + "' must be in [8, " + KllSketch.MAX_K + "] but was " + k);
    }
    return new NumericProfile(feature, KllDoublesSketch.newHeapInstance(k));
  }

  static NumericProfile restore(
      String feature,
      KllDoublesSketch sketch,
      long count,
      long missing,
      long invalid,
      double min,
      double max,
      double mean,
      double sumSquaredDeviations,
      @Nullable SortedMap<Double, Long> valueCounts) {
    if (count < 0 || missing < 0 || invalid < 0 || sketch.getN() != count) {
      throw new IllegalArgumentException(
          "Inconsistent counts for feature '" + feature + "': count " + count + ", sketch "
              + sketch.getN() + ", missing " + missing + ", invalid " + invalid);
    }
    if (count > 0 && !(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
      throw new IllegalArgumentException(
          "Inconsistent extremes for feature '" + feature + "': min " + min + ", max " + max);
    }
    if (valueCounts != null
        && valueCounts.values().stream().mapToLong(Long::longValue).sum() != count) {
      throw new IllegalArgumentException(
          "The value counts of feature '" + feature + "' do not add up to its count " + count);
    }
    NumericProfile profile = new NumericProfile(feature, sketch);
    profile.count = count;
    profile.missing = missing;
    profile.invalid = invalid;
    if (count > 0) {
      profile.min = min;
      profile.max = max;
      profile.mean = mean;
      profile.sumSquaredDeviations = sumSquaredDeviations;
    }
    profile.valueCounts = valueCounts == null ? null : new TreeMap<>(valueCounts);
    return profile;
  }

  /**
   * Adds one value: NaN counts as missing, infinities as invalid, anything else is profiled.
   *
   * @param value the value
   */
  public void update(double value) {
    if (Double.isNaN(value)) {
      missing++;
      return;
    }
    if (Double.isInfinite(value)) {
      invalid++;
      return;
    }
    // -0.0 and 0.0 are one value, as in pandas' nunique and in the exact tests
    double v = value == 0.0 ? 0.0 : value;
    count++;
    min = Math.min(min, v);
    max = Math.max(max, v);
    // Welford's update keeps the variance accurate for large counts
    double delta = v - mean;
    mean += delta / count;
    sumSquaredDeviations += delta * (v - mean);
    sketch.update(v);
    trackValue(v, 1);
  }

  @Override
  public void updateMissing() {
    missing++;
  }

  /**
   * Adds another profile of the same feature, as if its values had been added to this one.
   * Counts, extremes, mean and variance merge exactly; the sketches merge within their error.
   *
   * @param other the other profile, left unchanged
   * @throws IllegalArgumentException if it profiles another feature
   */
  public void merge(NumericProfile other) {
    if (!other.feature.equals(feature)) {
      throw new IllegalArgumentException(
          "Cannot merge the profile of '" + other.feature + "' into that of '" + feature + "'");
    }
    missing += other.missing;
    invalid += other.invalid;
    if (other.count == 0) {
      return;
    }
    long total = count + other.count;
    // Chan et al.'s pairwise combination of means and sums of squared deviations
    double delta = other.mean - mean;
    double mergedMean = mean + delta * other.count / total;
    sumSquaredDeviations +=
        other.sumSquaredDeviations + delta * delta * ((double) count * other.count / total);
    mean = mergedMean;
    count = total;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    sketch.merge(other.sketch);
    if (other.valueCounts == null) {
      valueCounts = null;
    } else {
      for (Map.Entry<Double, Long> entry : other.valueCounts.entrySet()) {
        trackValue(entry.getKey(), entry.getValue());
      }
    }
  }

  @Override
  public NumericProfile copy() {
    return restore(
        feature,
        KllDoublesSketch.heapify(Memory.wrap(sketch.toByteArray())),
        count,
        missing,
        invalid,
        min,
        max,
        mean,
        sumSquaredDeviations,
        valueCounts);
  }

  @Override
  public String feature() {
    return feature;
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.NUMERIC;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long missing() {
    return missing;
  }

  @Override
  public long invalid() {
    return invalid;
  }

  /**
   * The smallest value seen.
   *
   * @return the minimum, or NaN if no value was seen
   */
  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  /**
   * The largest value seen.
   *
   * @return the maximum, or NaN if no value was seen
   */
  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /**
   * The mean of the values.
   *
   * @return the mean, or NaN if no value was seen
   */
  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /**
   * The population variance of the values (divided by the count, as numpy's default).
   *
   * @return the variance, or NaN if no value was seen
   */
  public double variance() {
    return count == 0 ? Double.NaN : Math.max(0.0, sumSquaredDeviations / count);
  }

  /**
   * The population standard deviation of the values.
   *
   * @return the standard deviation, or NaN if no value was seen
   */
  public double standardDeviation() {
    return Math.sqrt(variance());
  }

  /**
   * An estimated quantile.
   *
   * @param rank the normalised rank, in [0, 1]
   * @return the smallest value whose estimated rank is at least {@code rank}, or NaN if no value
   *     was seen
   * @throws IllegalArgumentException if the rank is outside [0, 1]
   */
  public double quantile(double rank) {
    if (!(rank >= 0 && rank <= 1)) {
      throw new IllegalArgumentException("rank must be in [0, 1] but was " + rank);
    }
    return count == 0 ? Double.NaN : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
  }

  /**
   * The estimated share of values at or below {@code value} (the empirical CDF).
   *
   * @param value the value
   * @return the share, in [0, 1], or NaN if no value was seen
   */
  public double cdf(double value) {
    return count == 0 ? Double.NaN : sketch.getRank(value, QuantileSearchCriteria.INCLUSIVE);
  }

  /**
   * Exact counts per value, while the feature has had at most {@value #TRACKED_VALUES_LIMIT}
   * distinct values.
   *
   * @return value to count in increasing order of value, or empty once there were more distinct
   *     values
   */
  public Optional<SortedMap<Double, Long>> valueCounts() {
    return valueCounts == null
        ? Optional.empty()
        : Optional.of(Collections.unmodifiableSortedMap(new TreeMap<>(valueCounts)));
  }

  /**
   * The KLL parameter of the sketch.
   *
   * @return k
   */
  public int k() {
    return sketch.getK();
  }

  /**
   * The sketch's normalised rank error at 99% confidence: how far any estimated CDF value may be
   * from the true one.
   *
   * @return the error, such as 0.0046 for k = 600
   */
  public double normalizedRankError() {
    return sketch.getNormalizedRankError(false);
  }

  KllDoublesSketch sketch() {
    return sketch;
  }

  double sumSquaredDeviations() {
    return sumSquaredDeviations;
  }

  @Override
  public String toString() {
    return "NumericProfile[" + feature + ", count=" + count + ", missing=" + missing
        + ", invalid=" + invalid + ", k=" + sketch.getK() + "]";
  }

  private void trackValue(double value, long times) {
    TreeMap<Double, Long> counts = valueCounts;
    if (counts == null) {
      return;
    }
    counts.merge(value, times, Long::sum);
    if (counts.size() > TRACKED_VALUES_LIMIT) {
      valueCounts = null;
    }
  }
}

package dev.mlops.core.drift.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * Histogram bins as numpy builds them, for the binned distances ({@link PopulationStabilityIndex},
 * {@link JensenShannonDistance}) and for callers that bin sketches the same way.
 *
 * <p>{@link #sturgesEdges} reproduces {@code numpy.histogram_bin_edges(values, bins="sturges")}
 * bit for bit: {@code ceil(range / (range / (log2(N) + 1)))} equal-width bins from the minimum to
 * the maximum of all values ({@code [v - 0.5, v + 0.5]}, one bin, when all values equal v), with
 * the edges of {@code numpy.linspace}. {@link #counts} reproduces {@code numpy.histogram(values,
 * edges)[0]}: bins are half-open {@code [e_i, e_(i+1))} except the last, which is closed; values
 * outside the edges are not counted.
 *
 * @since 0.1
 */
public final class HistogramBins {

  private HistogramBins() {}

  /**
   * Sturges bin edges over all values of the given samples together, as numpy computes them for
   * their concatenation.
   *
   * @param samples one or more samples; together at least one value, all finite
   * @return the edges, ascending, one more than the number of bins
   * @throws IllegalArgumentException if there is no value or a value is not finite
   */
  public static double[] sturgesEdges(double[]... samples) {
    Objects.requireNonNull(samples, "samples");
    long size = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] sample : samples) {
      for (double value : sample) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException("cannot bin the non-finite value " + value);
        }
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      size += sample.length;
    }
    return sturgesEdges(min, max, size);
  }

  /**
   * Sturges bin edges for {@code size} values from {@code min} to {@code max}, exactly as {@link
   * #sturgesEdges(double[]...)} chooses them for values with these extremes: for callers that
   * know the extremes already.
   *
   * @param min the smallest value, finite
   * @param max the largest value, finite, at least {@code min}
   * @param size how many values, positive
   * @return the edges, ascending, one more than the number of bins
   * @throws IllegalArgumentException if there is no value, an extreme is not finite, or min
   *     exceeds max
   * @since 0.1
   */
  public static double[] sturgesEdges(double min, double max, long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("cannot choose bins for an empty sample");
    }
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException("cannot choose bins from " + min + " to " + max);
    }
    double range = max - min;
    double first = min;
    double last = max;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    double width = range / (log2(size) + 1.0);
    int bins = width != 0.0 ? (int) Math.ceil((last - first) / width) : 1;
    return linspace(first, last, bins);
  }

  /**
   * How many values fall in each bin: {@code [e_i, e_(i+1))}, the last bin closed.
   *
   * @param values the values
   * @param edges the bin edges, ascending, at least two
   * @return the count of each bin, {@code edges.length - 1} entries
   * @throws IllegalArgumentException if there are fewer than two edges
   */
  public static long[] counts(double[] values, double[] edges) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(edges, "edges");
    if (edges.length < 2) {
      throw new IllegalArgumentException("bins need at least two edges, but got " + edges.length);
    }
    int bins = edges.length - 1;
    long[] counts = new long[bins];
    for (double value : values) {
      // The last edge <= value; with repeated edges numpy also counts the value in the highest bin.
      int index = upperBound(edges, value) - 1;
      if (index < 0) {
        continue;
      }
      if (index >= bins) {
        if (value != edges[bins]) {
          continue;
        }
        // The last bin is closed: the top edge itself belongs to it, as in numpy.
        index = bins - 1;
      }
      counts[index]++;
    }
    return counts;
  }

  /**
   * How many values fall in each bin, exactly as {@link #counts} counts them, for values already
   * sorted ascending: one sweep over values and edges instead of a binary search per value.
   *
   * @param sortedValues the values, ascending
   * @param edges the bin edges, ascending, at least two
   * @return the count of each bin, {@code edges.length - 1} entries
   * @throws IllegalArgumentException if there are fewer than two edges or the values are not
   *     sorted
   * @since 0.1
   */
  public static long[] countsOfSorted(double[] sortedValues, double[] edges) {
    Objects.requireNonNull(sortedValues, "sortedValues");
    Objects.requireNonNull(edges, "edges");
    if (edges.length < 2) {
      throw new IllegalArgumentException("bins need at least two edges, but got " + edges.length);
    }
    int bins = edges.length - 1;
    long[] counts = new long[bins];
    int below = 0; // the number of edges <= the current value, which only grows as values do
    for (int k = 0; k < sortedValues.length; k++) {
      double value = sortedValues[k];
      if (Double.isNaN(value)) {
        continue; // outside every bin, as in counts; Arrays.sort puts NaNs last
      }
      if (k > 0 && sortedValues[k - 1] > value) {
        throw new IllegalArgumentException("values are not sorted ascending at index " + k);
      }
      while (below < edges.length && edges[below] <= value) {
        below++;
      }
      int index = below - 1;
      if (index < 0 || (index >= bins && value != edges[bins])) {
        continue;
      }
      counts[Math.min(index, bins - 1)]++;
    }
    return counts;
  }

  /** The number of edges <= value (edges ascending). */
  private static int upperBound(double[] edges, double value) {
    int low = 0;
    int high = edges.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (edges[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** numpy.linspace(first, last, bins + 1): i * step + first, the last edge exactly last. */
  private static double[] linspace(double first, double last, int bins) {
    double[] edges = new double[bins + 1];
    double delta = last - first;
    double step = delta / bins;
    for (int i = 0; i <= bins; i++) {
      edges[i] = step == 0.0 ? (double) i / bins * delta + first : i * step + first;
    }
    edges[bins] = last;
    return edges;
  }

  /**
   * log2 of a count: exact for powers of two, where the bin count would otherwise depend on the
   * last bit (numpy's C log2 is exact there too); elsewhere log2(N) is far from an integer and a
   * rounding difference cannot change the number of bins.
   */
  private static double log2(long n) {
    if (Long.bitCount(n) == 1) {
      return Long.numberOfTrailingZeros(n);
    }
    return Math.log(n) / Math.log(2.0);
  }

  /** The number of distinct values of a sample. */
  static int distinct(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    return distinct;
  }
}

package dev.mlops.core.drift;

import java.util.Arrays;

/**
 * Histogram bins for profiles, as {@link dev.mlops.core.drift.stats.HistogramBins} makes them for
 * raw values ({@code numpy.histogram_bin_edges(values, bins="sturges")} over both samples
 * combined), but from what a profile knows exactly: the extremes and the count. Bin i holds {@code
 * [edges[i], edges[i+1])}, the last bin closed, as in {@code numpy.histogram}.
 */
final class Binning {

  private Binning() {}

  /**
   * Sturges' equal-width bin edges for {@code count} values spanning [min, max], computed as
   * numpy does: width {@code (max - min) / (log2(count) + 1)}, {@code ceil((max - min) / width)}
   * bins, edges {@code min + i * step} with the last edge exactly {@code max}; a constant sample
   * gets one bin [min - 0.5, max + 0.5].
   *
   * @param min the smallest value, finite
   * @param max the largest value, finite, at least min
   * @param count how many values, at least 1
   * @return the edges, at least two
   */
  static double[] sturgesEdges(double min, double max, long count) {
    double first = min;
    double last = max;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    double width = (max - min) / (log2(count) + 1.0);
    int bins = width > 0 ? (int) Math.ceil((last - first) / width) : 1;
    // numpy.linspace(first, last, bins + 1)
    double[] edges = new double[bins + 1];
    double delta = last - first;
    double step = delta / bins;
    for (int i = 0; i < bins; i++) {
      edges[i] = step == 0.0 ? (double) i / bins * delta + first : i * step + first;
    }
    edges[bins] = last;
    return edges;
  }

  /**
   * The bin of a value.
   *
   * @return the index of the bin holding the value, or -1 if it is outside the edges
   */
  static int binOf(double[] edges, double value) {
    int last = edges.length - 1;
    if (value < edges[0] || value > edges[last]) {
      return -1;
    }
    if (value == edges[last]) {
      return last - 1;
    }
    int position = Arrays.binarySearch(edges, value);
    return position >= 0 ? position : -position - 2;
  }

  /** log2 as C's log2 gives it: exact for powers of two, so whole bin counts stay whole. */
  private static double log2(long count) {
    if (Long.bitCount(count) == 1) {
      return 63 - Long.numberOfLeadingZeros(count);
    }
    return Math.log(count) / Math.log(2);
  }
}

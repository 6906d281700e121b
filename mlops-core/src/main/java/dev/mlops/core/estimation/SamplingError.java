package dev.mlops.core.estimation;

import dev.mlops.core.drift.stats.internal.ContinuousDistributions;

/**
 * The sampling error of realized metrics, measured on the reference the way NannyML's chunked
 * results suggest: the reference is cut, in its row order, into {@code k} consecutive chunks of
 * {@code floor(j n / k)} to {@code floor((j + 1) n / k)} rows, each chunk's realized metrics are
 * computed, and their sample standard deviation {@code s} (divisor {@code k - 1}, over the
 * chunks where the metric is defined) is scaled to a set of {@code n'} rows as {@code s
 * sqrt((n / k) / n')}, the square-root law of a mean. The band is the estimate plus and minus
 * {@code z} standard errors, {@code z} the two-sided normal quantile of the confidence level,
 * clipped to the metric's range.
 */
final class SamplingError {

  /** Computes realized metrics over rows {@code [from, to)} of the reference. */
  @FunctionalInterface
  interface ChunkMetrics {
    double[] of(int from, int to);
  }

  private final double[] deviations;
  private final double chunkRows;
  private final double z;

  private SamplingError(double[] deviations, double chunkRows, double z) {
    this.deviations = deviations;
    this.chunkRows = chunkRows;
    this.z = z;
  }

  /**
   * Measures the sampling error on the reference.
   *
   * @param rows the reference's row count
   * @param chunks the number of chunks, at least 2 and at most {@code rows}
   * @param metricCount how many metrics {@code metrics} returns
   * @param level the confidence level of the band, in (0, 1)
   * @param metrics the realized metrics of a chunk
   * @return the sampling error
   */
  static SamplingError measure(int rows, int chunks, int metricCount, double level, ChunkMetrics metrics) {
    double[][] values = new double[chunks][];
    for (int j = 0; j < chunks; j++) {
      int from = (int) ((long) j * rows / chunks);
      int to = (int) ((long) (j + 1) * rows / chunks);
      values[j] = metrics.of(from, to);
    }
    double[] deviations = new double[metricCount];
    for (int m = 0; m < metricCount; m++) {
      deviations[m] = standardDeviation(values, m);
    }
    return new SamplingError(deviations, (double) rows / chunks, twoSidedQuantile(level));
  }

  /** The sample standard deviation of metric m over the chunks where it is defined. */
  private static double standardDeviation(double[][] values, int m) {
    int count = 0;
    double sum = 0.0;
    for (double[] chunk : values) {
      if (!Double.isNaN(chunk[m])) {
        sum += chunk[m];
        count++;
      }
    }
    if (count < 2) {
      return Double.NaN;
    }
    double mean = sum / count;
    double squares = 0.0;
    for (double[] chunk : values) {
      if (!Double.isNaN(chunk[m])) {
        double d = chunk[m] - mean;
        squares += d * d;
      }
    }
    return Math.sqrt(squares / (count - 1));
  }

  /**
   * The estimate of metric m over {@code rows} rows with its band, clipped to {@code [min, max]}.
   */
  EstimatedMetric band(int m, double value, long rows, double min, double max) {
    double standardError = deviations[m] * Math.sqrt(chunkRows / rows);
    if (Double.isNaN(standardError)) {
      return new EstimatedMetric(value, Double.NaN, Double.NaN, Double.NaN);
    }
    // The value itself stays inside, also when rounding put it a hair beyond the range.
    double lower = Math.min(value, Math.max(min, value - z * standardError));
    double upper = Math.max(value, Math.min(max, value + z * standardError));
    return new EstimatedMetric(value, standardError, lower, upper);
  }

  /**
   * The z with {@code P(|Z| <= z) = level}, by bisection on the normal survival function (to the
   * last bit: the interval is halved until it stops shrinking).
   */
  static double twoSidedQuantile(double level) {
    double tail = (1.0 - level) / 2.0;
    double lo = 0.0;
    double hi = 40.0;
    while (true) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        return mid;
      }
      if (ContinuousDistributions.normalSf(mid) > tail) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
  }
}

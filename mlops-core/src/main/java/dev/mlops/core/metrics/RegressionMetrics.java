package dev.mlops.core.metrics;

import java.util.Objects;

/**
 * Accumulates predicted and actual values and reports the regression metrics over all of them
 * ({@link RegressionReport} says how each is computed).
 *
 * <p>Every row is kept, in primitive arrays, so that R² is computed in two passes (accurately even
 * when the values are large relative to their spread) and so that {@link #merge merging}
 * accumulators gives exactly the report of one accumulator fed all their rows: memory is O(rows),
 * 16 bytes a row, and callers bound it by the size of their window or data set.
 *
 * <p>Not thread-safe: confine an accumulator to one thread, or merge per-thread accumulators.
 *
 * @since 0.1
 */
public final class RegressionMetrics {

  private final GrowableDoubleArray predictions = new GrowableDoubleArray();
  private final GrowableDoubleArray actuals = new GrowableDoubleArray();

  /**
   * Creates an empty accumulator.
   *
   * @since 0.1
   */
  public RegressionMetrics() {}

  /**
   * Adds a labelled prediction.
   *
   * @param predicted the predicted value, finite
   * @param actual the actual value, finite
   * @throws IllegalArgumentException if either value is NaN or infinite; nothing is added then
   * @since 0.1
   */
  public void add(double predicted, double actual) {
    if (!Double.isFinite(predicted)) {
      throw new IllegalArgumentException(
          "the predicted value must be finite but was " + predicted + " (actual " + actual + ")");
    }
    if (!Double.isFinite(actual)) {
      throw new IllegalArgumentException(
          "the actual value must be finite but was " + actual + " (predicted " + predicted + ")");
    }
    predictions.add(predicted);
    actuals.add(actual);
  }

  /**
   * Adds all rows of another accumulator, after the rows of this one. The report is then exactly
   * that of one accumulator fed this one's rows followed by the other's.
   *
   * @param other another accumulator; may be this
   * @since 0.1
   */
  public void merge(RegressionMetrics other) {
    Objects.requireNonNull(other, "other");
    predictions.addAll(other.predictions);
    actuals.addAll(other.actuals);
  }

  /**
   * The number of rows added.
   *
   * @return the count
   * @since 0.1
   */
  public long count() {
    return actuals.size();
  }

  /**
   * Computes every metric over the rows added so far; see {@link RegressionReport} for the
   * definitions.
   *
   * @return the report; every metric NaN when no row was added
   * @since 0.1
   */
  public RegressionReport report() {
    int n = actuals.size();
    if (n == 0) {
      return new RegressionReport(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double absoluteSum = 0.0;
    double squaredSum = 0.0;
    double percentageSum = 0.0;
    int percentageRows = 0;
    double actualSum = 0.0;
    for (int row = 0; row < n; row++) {
      double actual = actuals.get(row);
      double error = actual - predictions.get(row);
      absoluteSum += Math.abs(error);
      squaredSum += error * error;
      if (actual != 0.0) {
        percentageSum += Math.abs(error) / Math.abs(actual);
        percentageRows++;
      }
      actualSum += actual;
    }
    double mape = percentageRows == 0 ? Double.NaN : percentageSum / percentageRows;
    return new RegressionReport(
        n, absoluteSum / n, Math.sqrt(squaredSum / n), mape, r2(squaredSum, actualSum / n));
  }

  private double r2(double residualSquares, double actualMean) {
    int n = actuals.size();
    if (n < 2) {
      return Double.NaN;
    }
    double totalSquares = 0.0;
    for (int row = 0; row < n; row++) {
      double deviation = actuals.get(row) - actualMean;
      totalSquares += deviation * deviation;
    }
    if (totalSquares == 0.0) {
      return residualSquares == 0.0 ? 1.0 : 0.0;
    }
    return 1.0 - residualSquares / totalSquares;
  }
}

package dev.mlops.core.estimation;

import java.util.Arrays;

/**
 * Isotonic regression of a 0/1 label on a score, with scikit-learn's semantics for {@code
 * IsotonicRegression(out_of_bounds="clip", increasing=True)} (version 1.2) so that calibrated
 * probabilities can be reproduced by an independent implementation:
 *
 * <ol>
 *   <li>rows are sorted by score, then label;
 *   <li>tied scores are pooled into one point whose value is the mean label and whose weight is
 *       the row count; as in scikit-learn, a score closer than 1e-15 to the first score of the
 *       current group joins that group;
 *   <li>the pool-adjacent-violators algorithm fits a non-decreasing sequence to the pooled points
 *       (adjacent blocks are merged while the earlier mean is not below the later one);
 *   <li>a score is mapped by linear interpolation between the fitted points, after clipping it to
 *       the range of the fitted scores.
 * </ol>
 *
 * <p>Immutable and thread-safe once fitted.
 */
final class IsotonicCalibrator {

  /** {@code numpy.finfo(float64).resolution}, scikit-learn's tolerance for equal scores. */
  private static final double TIE_TOLERANCE = 1e-15;

  private final double[] x;
  private final double[] y;

  private IsotonicCalibrator(double[] x, double[] y) {
    this.x = x;
    this.y = y;
  }

  /**
   * Fits the calibration.
   *
   * @param scores finite scores, at least one
   * @param labels the 0/1 label of each score
   * @return the fitted calibration
   */
  static IsotonicCalibrator fit(double[] scores, boolean[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int byScore = Double.compare(scores[a] + 0.0, scores[b] + 0.0);
      return byScore != 0 ? byScore : Boolean.compare(labels[a], labels[b]);
    });
    double[] uniqueX = new double[n];
    double[] meanY = new double[n];
    double[] weight = new double[n];
    int groups = 0;
    double currentX = scores[order[0]] + 0.0;
    double sumY = 0.0;
    double sumW = 0.0;
    for (int k = 0; k < n; k++) {
      double score = scores[order[k]] + 0.0;
      double label = labels[order[k]] ? 1.0 : 0.0;
      if (score - currentX >= TIE_TOLERANCE) {
        uniqueX[groups] = currentX;
        meanY[groups] = sumY / sumW;
        weight[groups] = sumW;
        groups++;
        currentX = score;
        sumY = 0.0;
        sumW = 0.0;
      }
      sumY += label;
      sumW += 1.0;
    }
    uniqueX[groups] = currentX;
    meanY[groups] = sumY / sumW;
    weight[groups] = sumW;
    groups++;
    double[] fitted = Arrays.copyOf(meanY, groups);
    poolAdjacentViolators(fitted, Arrays.copyOf(weight, groups));
    return new IsotonicCalibrator(Arrays.copyOf(uniqueX, groups), fitted);
  }

  /**
   * Fits a non-decreasing sequence in place, as scikit-learn's {@code
   * _inplace_contiguous_isotonic_regression}: blocks are kept as index pairs ({@code target[i] = j}
   * and {@code target[j] = i} for the block {@code [i, j]}), and merging backtracks one block so
   * that one pass suffices.
   */
  private static void poolAdjacentViolators(double[] y, double[] w) {
    int n = y.length;
    int[] target = new int[n];
    for (int i = 0; i < n; i++) {
      target[i] = i;
    }
    int i = 0;
    while (i < n) {
      int k = target[i] + 1;
      if (k == n) {
        break;
      }
      if (y[i] < y[k]) {
        i = k;
        continue;
      }
      double sumWy = w[i] * y[i];
      double sumW = w[i];
      while (true) {
        double previous = y[k];
        sumWy += w[k] * y[k];
        sumW += w[k];
        k = target[k] + 1;
        if (k == n || previous < y[k]) {
          y[i] = sumWy / sumW;
          w[i] = sumW;
          target[i] = k - 1;
          target[k - 1] = i;
          if (i > 0) {
            i = target[i - 1];
          }
          break;
        }
      }
    }
    i = 0;
    while (i < n) {
      int k = target[i] + 1;
      Arrays.fill(y, i + 1, k, y[i]);
      i = k;
    }
  }

  /**
   * The calibrated probability of a score: clipped to the fitted range, then interpolated linearly
   * between the fitted points, as {@code numpy.interp} does (a score equal to a fitted point gets
   * that point's value).
   *
   * @param score a finite score
   * @return the probability, in [0, 1]
   */
  double apply(double score) {
    if (x.length == 1) {
      return y[0];
    }
    double t = Math.min(Math.max(score + 0.0, x[0]), x[x.length - 1]);
    int j = Arrays.binarySearch(x, t);
    if (j >= 0) {
      return y[j];
    }
    int hi = -j - 1;
    int lo = hi - 1;
    double slope = (y[hi] - y[lo]) / (x[hi] - x[lo]);
    return slope * (t - x[lo]) + y[lo];
  }
}

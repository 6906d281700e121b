package dev.mlops.core.estimation;

import java.util.Arrays;

/**
 * The classification metrics of confidence-based performance estimation, from the expected
 * confusion matrix and the expected ROC curve. With {@code p} the probability that a row is
 * positive: expected TP is the sum of {@code p} over rows predicted positive, FP the sum of {@code
 * 1 - p} over them, FN the sum of {@code p} over rows predicted negative, TN the sum of {@code 1 -
 * p} over them. Given each row's actual label as {@code p} (1 or 0), the same formulas are the
 * realized metrics, which is how realized metrics are computed here, so that estimated and
 * realized values are comparable by construction.
 *
 * <p>A ratio whose denominator is zero is 0, as scikit-learn's {@code zero_division=0}; ROC AUC
 * is NaN when the expected positives or negatives sum to zero.
 */
final class ExpectedMetrics {

  /** Indices into the arrays these methods return. */
  static final int ACCURACY = 0;
  static final int PRECISION = 1;
  static final int RECALL = 2;
  static final int F1 = 3;
  static final int ROC_AUC = 4;
  static final int COUNT = 5;

  private ExpectedMetrics() {}

  /**
   * The five binary metrics of rows {@code [from, to)}.
   *
   * @param scores the raw scores, which rank rows for the ROC curve
   * @param predictedPositive whether each row is predicted positive
   * @param p the probability of each row being positive
   * @return accuracy, precision, recall, F1, ROC AUC (indexed by the constants)
   */
  static double[] binary(double[] scores, boolean[] predictedPositive, double[] p, int from, int to) {
    double[] counts = confusion(predictedPositive, p, from, to);
    return fromConfusion(counts[0], counts[1], counts[2], counts[3], to - from,
        rocAuc(scores, p, from, to));
  }

  /**
   * The five binary metrics from an expected confusion matrix over {@code rows} rows and an ROC
   * AUC computed elsewhere.
   */
  static double[] fromConfusion(double tp, double fp, double fn, double tn, long rows,
      double rocAuc) {
    double[] metrics = new double[COUNT];
    metrics[ACCURACY] = (tp + tn) / rows;
    metrics[PRECISION] = ratio(tp, tp + fp);
    metrics[RECALL] = ratio(tp, tp + fn);
    metrics[F1] = ratio(tp, tp + 0.5 * (fp + fn));
    metrics[ROC_AUC] = rocAuc;
    return metrics;
  }

  /**
   * Expected TP, FP, FN and TN of rows {@code [from, to)}, summed in row order.
   */
  static double[] confusion(boolean[] predictedPositive, double[] p, int from, int to) {
    double tp = 0.0;
    double fp = 0.0;
    double fn = 0.0;
    double tn = 0.0;
    for (int i = from; i < to; i++) {
      if (predictedPositive[i]) {
        tp += p[i];
        fp += 1.0 - p[i];
      } else {
        fn += p[i];
        tn += 1.0 - p[i];
      }
    }
    return new double[] {tp, fp, fn, tn};
  }

  static double ratio(double numerator, double denominator) {
    return denominator == 0.0 ? 0.0 : numerator / denominator;
  }

  /**
   * The area under the expected ROC curve of rows {@code [from, to)}: rows by score descending,
   * tied scores grouped, the expected TPR and FPR after each group from the cumulative sums of
   * {@code p} and {@code 1 - p}, the area by trapezoids from (0, 0) to (1, 1).
   */
  static double rocAuc(double[] scores, double[] p, int from, int to) {
    int n = to - from;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = from + i;
    }
    // Stable, so that tied rows are summed in row order.
    Arrays.sort(order, (a, b) -> Double.compare(scores[b] + 0.0, scores[a] + 0.0));
    double positives = 0.0;
    double negatives = 0.0;
    for (int i = from; i < to; i++) {
      positives += p[i];
      negatives += 1.0 - p[i];
    }
    if (positives == 0.0 || negatives == 0.0) {
      return Double.NaN;
    }
    double[] groupP = new double[n];
    double[] groupQ = new double[n];
    int groups = 0;
    int k = 0;
    while (k < n) {
      double score = scores[order[k]] + 0.0;
      while (k < n && scores[order[k]] + 0.0 == score) {
        groupP[groups] += p[order[k]];
        groupQ[groups] += 1.0 - p[order[k]];
        k++;
      }
      groups++;
    }
    return trapezoids(groupP, groupQ, groups, positives, negatives);
  }

  /**
   * The area under the ROC curve through the points after each group, groups given from the
   * highest score down with their sums of {@code p} and {@code 1 - p}, by trapezoids from (0, 0).
   */
  static double trapezoids(double[] groupP, double[] groupQ, int groups, double positives,
      double negatives) {
    double area = 0.0;
    double cumP = 0.0;
    double cumQ = 0.0;
    double tpr = 0.0;
    double fpr = 0.0;
    for (int g = 0; g < groups; g++) {
      cumP += groupP[g];
      cumQ += groupQ[g];
      double nextTpr = cumP / positives;
      double nextFpr = cumQ / negatives;
      area += (nextFpr - fpr) * (nextTpr + tpr) / 2.0;
      tpr = nextTpr;
      fpr = nextFpr;
    }
    return area;
  }
}

package dev.mlops.core.estimation;

/**
 * Macro-averaged one-vs-rest metrics of a multi-class classifier from per-class probabilities,
 * with {@link ExpectedMetrics}'s binary definitions per class (see {@link
 * MulticlassPerformanceEstimator}).
 */
final class OneVsRest {

  private OneVsRest() {}

  /**
   * The five metrics of rows {@code [from, to)}.
   *
   * @param scores raw scores, {@code [row][class]}: the predicted class and the ROC ranking
   * @param p probabilities, {@code [class][row]}
   * @return accuracy, macro precision, recall, F1 and ROC AUC (indexed as {@link ExpectedMetrics})
   */
  static double[] metrics(double[][] scores, double[][] p, int from, int to) {
    int k = p.length;
    int[] predicted = new int[scores.length];
    for (int i = from; i < to; i++) {
      predicted[i] = argmax(scores[i]);
    }
    double truePositives = 0.0;
    double[] sums = new double[ExpectedMetrics.COUNT];
    int aucClasses = 0;
    double[] column = new double[scores.length];
    boolean[] isPredicted = new boolean[scores.length];
    for (int c = 0; c < k; c++) {
      for (int i = from; i < to; i++) {
        column[i] = scores[i][c];
        isPredicted[i] = predicted[i] == c;
      }
      double[] counts = ExpectedMetrics.confusion(isPredicted, p[c], from, to);
      double tp = counts[0];
      double fp = counts[1];
      double fn = counts[2];
      truePositives += tp;
      sums[ExpectedMetrics.PRECISION] += ExpectedMetrics.ratio(tp, tp + fp);
      sums[ExpectedMetrics.RECALL] += ExpectedMetrics.ratio(tp, tp + fn);
      sums[ExpectedMetrics.F1] += ExpectedMetrics.ratio(tp, tp + 0.5 * (fp + fn));
      double auc = ExpectedMetrics.rocAuc(column, p[c], from, to);
      if (!Double.isNaN(auc)) {
        sums[ExpectedMetrics.ROC_AUC] += auc;
        aucClasses++;
      }
    }
    double[] metrics = new double[ExpectedMetrics.COUNT];
    metrics[ExpectedMetrics.ACCURACY] = truePositives / (to - from);
    metrics[ExpectedMetrics.PRECISION] = sums[ExpectedMetrics.PRECISION] / k;
    metrics[ExpectedMetrics.RECALL] = sums[ExpectedMetrics.RECALL] / k;
    metrics[ExpectedMetrics.F1] = sums[ExpectedMetrics.F1] / k;
    metrics[ExpectedMetrics.ROC_AUC] =
        aucClasses == 0 ? Double.NaN : sums[ExpectedMetrics.ROC_AUC] / aucClasses;
    return metrics;
  }

  /** The probabilities of the actual classes: 1 for a row's class, 0 for the others. */
  static double[][] oneHot(int[] labels, int classes) {
    double[][] p = new double[classes][labels.length];
    for (int i = 0; i < labels.length; i++) {
      p[labels[i]][i] = 1.0;
    }
    return p;
  }

  /** The index of the highest score, the first on ties. */
  static int argmax(double[] scores) {
    int best = 0;
    for (int c = 1; c < scores.length; c++) {
      if (scores[c] > scores[best]) {
        best = c;
      }
    }
    return best;
  }
}

package dev.mlops.core.metrics;

import java.util.Arrays;

/**
 * ROC AUC and average precision of one binary ranking, from the scores of the positive rows and of
 * the negative rows. Both walk the distinct scores of the two sorted samples, so ties are handled
 * exactly.
 */
final class RankingMetrics {

  private RankingMetrics() {}

  /**
   * The Mann–Whitney statistic: the probability that a random positive outscores a random negative,
   * ties counting one half. Equal to the rank-sum formula with average ranks for ties.
   */
  static double rocAuc(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    double[] pos = sorted(positives);
    double[] neg = sorted(negatives);
    // Twice the U statistic, accumulated in integers where rows allow it to stay exact.
    double twiceU = 0.0;
    int i = 0;
    int j = 0;
    while (i < pos.length) {
      double score = pos[i];
      while (j < neg.length && neg[j] < score) {
        j++;
      }
      long negativesBelow = j;
      int tiedNegatives = 0;
      while (j + tiedNegatives < neg.length && neg[j + tiedNegatives] == score) {
        tiedNegatives++;
      }
      long tiedPositives = 0;
      while (i < pos.length && pos[i] == score) {
        tiedPositives++;
        i++;
      }
      twiceU += (double) tiedPositives * (2L * negativesBelow + tiedNegatives);
    }
    return twiceU / 2.0 / ((double) pos.length * neg.length);
  }

  /**
   * Average precision as scikit-learn computes it: the sum over the distinct scores, from the
   * highest down, of the recall gained at that threshold times the precision there.
   */
  static double averagePrecision(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    double[] pos = sorted(positives);
    double[] neg = sorted(negatives);
    int i = pos.length - 1;
    int j = neg.length - 1;
    long truePositives = 0;
    long falsePositives = 0;
    double sum = 0.0;
    while (i >= 0) {
      double score = j >= 0 ? Math.max(pos[i], neg[j]) : pos[i];
      long gained = 0;
      while (i >= 0 && pos[i] == score) {
        gained++;
        i--;
      }
      while (j >= 0 && neg[j] == score) {
        falsePositives++;
        j--;
      }
      truePositives += gained;
      if (gained > 0) {
        sum += (double) gained * truePositives / (truePositives + falsePositives);
      }
    }
    return sum / pos.length;
  }

  private static double[] sorted(double[] scores) {
    double[] copy = scores.clone();
    Arrays.sort(copy);
    return copy;
  }
}

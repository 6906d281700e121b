package dev.mlops.core.drift.stats;

import java.util.Arrays;

/**
 * Two numeric samples sorted and merged, with what the rank-based tests need: the midranks of
 * each sample's values in the pooled sample, and the distance between the two empirical
 * distribution functions.
 */
final class PooledSample {

  final double[] first;
  final double[] second;

  PooledSample(double[] first, double[] second) {
    this.first = first.clone();
    this.second = second.clone();
    Arrays.sort(this.first);
    Arrays.sort(this.second);
  }

  int size() {
    return first.length + second.length;
  }

  /**
   * Twice the midrank (1-based, ties averaged) of each value of both samples in the pooled sample,
   * in sorted order: an integer, since midranks are multiples of 1/2.
   *
   * @return {ranks of the first sample, ranks of the second}
   */
  long[][] doubledMidranks() {
    long[] firstRanks = new long[first.length];
    long[] secondRanks = new long[second.length];
    int i = 0;
    int j = 0;
    long position = 1; // 1-based position of the next pooled value
    while (i < first.length || j < second.length) {
      double value = j >= second.length || (i < first.length && first[i] <= second[j]) ? first[i] : second[j];
      int i0 = i;
      int j0 = j;
      while (i < first.length && first[i] == value) {
        i++;
      }
      while (j < second.length && second[j] == value) {
        j++;
      }
      long ties = (i - i0) + (j - j0);
      long doubledRank = 2 * position + ties - 1;
      Arrays.fill(firstRanks, i0, i, doubledRank);
      Arrays.fill(secondRanks, j0, j, doubledRank);
      position += ties;
    }
    return new long[][] {firstRanks, secondRanks};
  }

  /**
   * The root-mean-square difference of the two empirical distribution functions over the pooled
   * sample, each evaluated after all copies of a value: an effect size in [0, 1], never above the
   * Kolmogorov-Smirnov D, that does not grow with the sample sizes.
   */
  double rootMeanSquareEcdfDifference() {
    int n = first.length;
    int m = second.length;
    int i = 0;
    int j = 0;
    double sum = 0.0;
    while (i < n || j < m) {
      double value = j >= m || (i < n && first[i] <= second[j]) ? first[i] : second[j];
      int i0 = i;
      int j0 = j;
      while (i < n && first[i] == value) {
        i++;
      }
      while (j < m && second[j] == value) {
        j++;
      }
      double difference = (double) i / n - (double) j / m;
      sum += ((i - i0) + (j - j0)) * difference * difference;
    }
    return Math.sqrt(sum / (n + m));
  }
}

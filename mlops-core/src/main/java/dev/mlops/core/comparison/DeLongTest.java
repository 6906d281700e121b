package dev.mlops.core.comparison;

import dev.mlops.core.drift.stats.internal.ContinuousDistributions;
import java.util.Arrays;
import java.util.Objects;

/**
 * DeLong's test for the difference of two ROC AUCs (DeLong, DeLong and Clarke-Pearson, 1988),
 * computed with the midrank algorithm of Sun and Xu (2014) in O(n log n).
 *
 * <p>Each AUC is the Mann-Whitney statistic ({@code P(score of a positive > score of a negative)},
 * ties one half). Its structural components are, for each positive row, the share of negatives it
 * outscores ({@code V10}), and for each negative row, the share of positives that outscore it
 * ({@code V01}); the variance of an AUC is {@code var(V10) / m + var(V01) / n} (sample variances,
 * {@code m} positives and {@code n} negatives), and for two AUCs on the same rows ({@link #paired})
 * the covariance follows likewise, so that {@code var(AUC2 - AUC1) = var1 + var2 - 2 cov}. For AUCs
 * on different rows ({@link #unpaired}, such as the two sides of a canary) the covariance is 0. The
 * statistic {@code z = (AUC2 - AUC1) / sqrt(var)} is compared with the standard normal distribution.
 *
 * @since 0.1
 */
public final class DeLongTest {

  private DeLongTest() {}

  /**
   * The test's figures.
   *
   * @param championAuc the first (champion's) ROC AUC
   * @param challengerAuc the second (challenger's) ROC AUC
   * @param standardError the standard error of the difference; 0 when every component is constant
   * @param z {@code (challengerAuc - championAuc) / standardError}; infinite or NaN when the
   *     standard error is 0
   * @since 0.1
   */
  public record Result(double championAuc, double challengerAuc, double standardError, double z) {

    /**
     * The one-sided p-value for "the challenger's AUC is higher".
     *
     * @return {@code P(Z >= z)}; 1 when there is no difference and no variance
     * @since 0.1
     */
    public double pValueBetter() {
      return Double.isNaN(z) ? 1.0 : ContinuousDistributions.normalSf(z);
    }

    /**
     * The one-sided p-value for "the challenger's AUC is lower".
     *
     * @return {@code P(Z <= z)}; 1 when there is no difference and no variance
     * @since 0.1
     */
    public double pValueWorse() {
      return Double.isNaN(z) ? 1.0 : ContinuousDistributions.normalSf(-z);
    }
  }

  /**
   * Compares two models' AUCs on the same rows.
   *
   * @param champion the champion's score of the positive class, per row
   * @param challenger the challenger's score of the positive class, per row
   * @param positive whether each row is positive
   * @return the AUCs and the test statistic
   * @throws IllegalArgumentException if the arrays differ in length, a score is NaN, or a class
   *     is missing
   * @since 0.1
   */
  public static Result paired(double[] champion, double[] challenger, boolean[] positive) {
    Objects.requireNonNull(champion, "champion");
    Objects.requireNonNull(challenger, "challenger");
    Objects.requireNonNull(positive, "positive");
    if (champion.length != positive.length || challenger.length != positive.length) {
      throw new IllegalArgumentException("the scores and labels must have as many rows, but had "
          + champion.length + ", " + challenger.length + " and " + positive.length);
    }
    Components a = Components.of(champion, positive);
    Components b = Components.of(challenger, positive);
    double variance = a.variance() + b.variance() - 2 * a.covariance(b);
    return result(a.auc, b.auc, variance);
  }

  /**
   * Compares two AUCs measured on different rows (independent samples).
   *
   * @param champion the champion's scores of the positive class
   * @param championPositive whether each of the champion's rows is positive
   * @param challenger the challenger's scores of the positive class
   * @param challengerPositive whether each of the challenger's rows is positive
   * @return the AUCs and the test statistic
   * @throws IllegalArgumentException if a side's arrays differ in length, a score is NaN, or a
   *     side lacks a class
   * @since 0.1
   */
  public static Result unpaired(double[] champion, boolean[] championPositive, double[] challenger,
      boolean[] challengerPositive) {
    Components a = Components.of(champion, championPositive);
    Components b = Components.of(challenger, challengerPositive);
    return result(a.auc, b.auc, a.variance() + b.variance());
  }

  private static Result result(double championAuc, double challengerAuc, double variance) {
    double standardError = Math.sqrt(Math.max(0.0, variance));
    double z = (challengerAuc - championAuc) / standardError;
    return new Result(championAuc, challengerAuc, standardError, z);
  }

  /** One AUC with its structural components. */
  private static final class Components {
    final double auc;
    final double[] v10;
    final double[] v01;

    private Components(double auc, double[] v10, double[] v01) {
      this.auc = auc;
      this.v10 = v10;
      this.v01 = v01;
    }

    static Components of(double[] scores, boolean[] positive) {
      if (scores.length != positive.length) {
        throw new IllegalArgumentException("there are " + scores.length + " scores but "
            + positive.length + " labels");
      }
      int m = 0;
      for (int i = 0; i < scores.length; i++) {
        if (Double.isNaN(scores[i])) {
          throw new IllegalArgumentException("the score of row " + i + " is NaN");
        }
        m += positive[i] ? 1 : 0;
      }
      int n = scores.length - m;
      if (m == 0 || n == 0) {
        throw new IllegalArgumentException("ROC AUC needs positive and negative rows, but there are "
            + m + " positive and " + n + " negative");
      }
      double[] x = new double[m];
      double[] y = new double[n];
      int[] fromX = new int[m];
      int[] fromY = new int[n];
      int p = 0;
      int q = 0;
      for (int i = 0; i < scores.length; i++) {
        if (positive[i]) {
          fromX[p] = i;
          x[p++] = scores[i] + 0.0;
        } else {
          fromY[q] = i;
          y[q++] = scores[i] + 0.0;
        }
      }
      double[] all = new double[m + n];
      System.arraycopy(x, 0, all, 0, m);
      System.arraycopy(y, 0, all, m, n);
      double[] rankAll = midranks(all);
      double[] rankX = midranks(x);
      double[] rankY = midranks(y);
      double[] v10 = new double[scores.length];
      double[] v01 = new double[scores.length];
      Arrays.fill(v10, Double.NaN);
      Arrays.fill(v01, Double.NaN);
      double sum = 0.0;
      for (int i = 0; i < m; i++) {
        double below = rankAll[i] - rankX[i];
        v10[fromX[i]] = below / n;
        sum += below;
      }
      for (int j = 0; j < n; j++) {
        v01[fromY[j]] = 1.0 - (rankAll[m + j] - rankY[j]) / m;
      }
      return new Components(sum / ((double) m * n), v10, v01);
    }

    double variance() {
      return covariance(this);
    }

    /**
     * The covariance of two AUCs on the same rows: {@code cov(V10) / m + cov(V01) / n}, with
     * components indexed by row so that the pairs line up.
     */
    double covariance(Components other) {
      return componentCovariance(v10, other.v10) + componentCovariance(v01, other.v01);
    }

    /** The sample covariance of the defined (non-NaN) pairs, divided by their count. */
    private static double componentCovariance(double[] a, double[] b) {
      int count = 0;
      double sumA = 0.0;
      double sumB = 0.0;
      for (int i = 0; i < a.length; i++) {
        if (!Double.isNaN(a[i])) {
          sumA += a[i];
          sumB += b[i];
          count++;
        }
      }
      if (count < 2) {
        return 0.0;
      }
      double meanA = sumA / count;
      double meanB = sumB / count;
      double products = 0.0;
      for (int i = 0; i < a.length; i++) {
        if (!Double.isNaN(a[i])) {
          products += (a[i] - meanA) * (b[i] - meanB);
        }
      }
      return products / (count - 1) / count;
    }
  }

  /** Ranks from 1, ties getting the mean of the ranks they span. */
  static double[] midranks(double[] values) {
    int n = values.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}

package dev.mlops.core.drift.stats.internal;

import java.util.Arrays;

/**
 * The exact null distribution of the two-sided two-sample Kolmogorov-Smirnov statistic, as
 * {@code scipy.stats.ks_2samp} computes it on its exact path.
 *
 * <p>Under the null hypothesis every interleaving of the two samples is equally likely, so
 * {@code P(D >= h / lcm(n, m))} is the share of the {@code C(n + m, n)} monotone lattice paths from
 * (0, 0) to (n, m) that touch one of the lines {@code |x/n - y/m| = h/lcm}. Following Hodges, "The
 * Significance Probability of the Smirnov Two-Sample Test" (Ark. Mat. 3, 1958), the paths are
 * counted column by column inside the band; following Viehmann, "Numerically more stable
 * computation of the p-values for the two-sample Kolmogorov-Smirnov test" (arXiv:2102.08037), the
 * recursion carries the probability of having left the band, not the count of paths inside it,
 * so small p-values keep their relative precision. For n = m the reflection-principle series of
 * Drion and Gnedenko-Korolyuk is summed in Horner form. Memory is O(min(n, m)); time is
 * O(max(n, m) times the band width).
 */
public final class SmirnovTwoSample {

  private SmirnovTwoSample() {}

  /**
   * The lattice index of a statistic: {@code round(d * lcm(n, m))}, since D only takes values
   * {@code h / lcm}.
   *
   * @param d the statistic
   * @param n the first sample size
   * @param m the second sample size
   * @return h
   */
  public static long latticeIndex(double d, int n, int m) {
    long lcm = lcm(n, m);
    return (long) Math.rint(d * lcm);
  }

  /**
   * The least common multiple of the sample sizes.
   *
   * @param n a positive size
   * @param m a positive size
   * @return lcm(n, m)
   */
  public static long lcm(int n, int m) {
    return (long) (n / gcd(n, m)) * m;
  }

  /**
   * The exact two-sided p-value {@code P(D >= h / lcm(n, m))}.
   *
   * @param n the first sample size, positive
   * @param m the second sample size, positive
   * @param h the lattice index of the statistic, from {@link #latticeIndex}
   * @return the probability; NaN if the recursion failed (never observed)
   */
  public static double sf(int n, int m, long h) {
    if (h <= 0) {
      return 1.0;
    }
    if (n == m) {
      return outsideSquare(n, h);
    }
    return outsideBand(n, m, gcd(n, m), h);
  }

  /** Equal sizes: 2 (A0 (1 - A1 (1 - A2 (...)))), Ai the ratio binom(2n, n - i h) / binom(2n, n). */
  private static double outsideSquare(int n, long h) {
    double p = 0.0;
    for (long k = n / h; k >= 0; k--) {
      double term = 1.0;
      for (long j = 0; j < h; j++) {
        term = (n - k * h - j) * term / (n + k * h + j + 1);
      }
      p = term * (1.0 - p);
    }
    return 2 * p;
  }

  /**
   * Unequal sizes: walks the columns i = 1..max, keeping for the window of rows j inside the band
   * {@code |ng i - mg j| < h} the probability that a path to (i, j) has already left the band.
   */
  private static double outsideBand(int n1, int n2, int g, long h) {
    int m = Math.max(n1, n2);
    int n = Math.min(n1, n2);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min(ceilDiv(h, mg), n + 1L);
    int currentLength = maxj - minj;
    int capacity = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[capacity];
    Arrays.fill(a, 1.0);
    Arrays.fill(a, minj, maxj, 0.0);
    // Reciprocals of i + j, so that the loop-carried step below is a multiply-add, not a division.
    double[] reciprocal = new double[m + n + 1];
    for (int k = 1; k < reciprocal.length; k++) {
      reciprocal[k] = 1.0 / k;
    }
    for (int i = 1; i <= m; i++) {
      int lastMinj = minj;
      int lastLength = currentLength;
      minj = (int) Math.min(Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0), n);
      maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1L);
      if (maxj <= minj) {
        return 1.0;
      }
      double value = minj == 0 ? 0.0 : 1.0;
      int shift = minj - lastMinj;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        // P(left the band by (i, j)) averages the two predecessors, weighted by their path shares.
        double inverse = reciprocal[i + j];
        value = a[jj + shift] * (i * inverse) + value * (j * inverse);
        a[jj] = value;
      }
      currentLength = maxj - minj;
      if (lastLength > currentLength) {
        Arrays.fill(a, currentLength, Math.min(a.length, lastLength), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}

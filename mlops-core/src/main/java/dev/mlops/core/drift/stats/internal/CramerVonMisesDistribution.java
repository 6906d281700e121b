package dev.mlops.core.drift.stats.internal;

import java.util.Arrays;

/**
 * Null distributions of the Cramér-von Mises two-sample statistic, as
 * {@code scipy.stats.cramervonmises_2samp} uses them.
 *
 * <ul>
 *   <li>{@link #limitCdf}: the limiting distribution of the one-sample statistic (Csörgő and
 *       Faraway, "The Exact and Asymptotic Distributions of Cramér-von Mises Statistics", JRSS B
 *       58, 1996, eq. 1.3), summed term by term until a term falls below 1e-7, exactly where scipy
 *       stops, so that the truncated sums agree.
 *   <li>{@link #exactSf}: the exact distribution of the rank statistic U for small samples, from
 *       the lattice-path recursion of Xiao, Gordon and Yakovlev, "A C++ Program for the
 *       Cramér-von Mises Two-Sample Test" (J. Stat. Softw. 17(8), 2006), with Anderson's (1962)
 *       relation between U and their statistic.
 * </ul>
 */
public final class CramerVonMisesDistribution {

  private static final double TERM_TOLERANCE = 1e-7;

  private CramerVonMisesDistribution() {}

  /**
   * The limiting cdf {@code P(T <= x)} of the Cramér-von Mises statistic.
   *
   * @param x the (normalised) statistic, positive
   * @return the cdf, as scipy's truncated series gives it
   */
  public static double limitCdf(double x) {
    double total = 0.0;
    double piPower = Math.pow(Math.PI, 1.5);
    for (int k = 0; k < 10_000; k++) {
      double u = Math.exp(GammaFunctions.logGamma(k + 0.5) - GammaFunctions.logGamma(k + 1)) / (piPower * Math.sqrt(x));
      double y = 4 * k + 1;
      double q = y * y / (16 * x);
      // scipy: u sqrt(y) exp(-q) kv(1/4, q), with kv(1/4, q) = kve(1/4, q) exp(-q)
      double term = u * Math.sqrt(y) * BesselK.kve(0.25, q) * Math.exp(-2 * q);
      total += term;
      if (Math.abs(term) < TERM_TOLERANCE) {
        break;
      }
    }
    return total;
  }

  /**
   * The exact p-value {@code P(U >= u)} for samples of sizes m and n without ties, where
   * {@code U = m sum (r_i - i)^2 + n sum (s_j - j)^2} over the sorted ranks r of the first and s of
   * the second sample in the pooled sample.
   *
   * @param fourU four times the observed U (an integer, since midranks are multiples of 1/2)
   * @param m the first sample size
   * @param n the second sample size
   * @return the p-value
   */
  public static double exactSf(long fourU, int m, int n) {
    long lcm = (long) m / gcd(m, n) * n;
    long a = lcm / m;
    long b = lcm / n;
    long mn = (long) m * n;
    // Anderson (1962), eq. 9, combined with Xiao et al., eq. 2: the path sum that corresponds to U.
    long zeta = Math.floorDiv(lcm * lcm * (m + n) * (6 * fourU - 4 * mn * (4 * mn - 1)), 24 * mn * mn);

    // For each cell (u, v) of the lattice, the frequency table of the sum of (a v' - b u')^2 over
    // the points of each monotone path from (0, 0) to (u, v); row u is built from row u - 1.
    // Only whether a path's final sum reaches zeta matters, and sums only grow along a path, so
    // sums already >= zeta are merged into one entry, and sums that cannot reach zeta even along
    // the costliest remaining path are dropped: this keeps the tables small.
    long[][] maxRemaining = maxRemaining(a, b, m, n);
    Frequencies[] row = new Frequencies[m + 1];
    row[0] = Frequencies.single(0L, 1L);
    for (int v = 1; v <= m; v++) {
      row[v] = Frequencies.EMPTY;
    }
    for (int u = 0; u <= n; u++) {
      Frequencies left = Frequencies.EMPTY;
      for (int v = 0; v <= m; v++) {
        long d = a * v - b * u;
        left = Frequencies.merge(left, row[v]).shift(d * d).prune(zeta, maxRemaining[u][v]);
        row[v] = left;
      }
    }
    Frequencies last = row[m];
    long atLeast = 0;
    for (int i = 0; i < last.size; i++) {
      if (last.values[i] >= zeta) {
        atLeast += last.counts[i];
      }
    }
    return (double) atLeast / (double) binomial(m + n, m);
  }

  /** The largest sum of (a v - b u)^2 over the points after (u, v) on a path to (n, m). */
  private static long[][] maxRemaining(long a, long b, int m, int n) {
    long[][] max = new long[n + 1][m + 1];
    for (int u = n; u >= 0; u--) {
      for (int v = m; v >= 0; v--) {
        long best = -1;
        if (u < n) {
          long d = a * v - b * (u + 1);
          best = Math.max(best, d * d + max[u + 1][v]);
        }
        if (v < m) {
          long d = a * (v + 1) - b * u;
          best = Math.max(best, d * d + max[u][v + 1]);
        }
        max[u][v] = Math.max(best, 0);
      }
    }
    return max;
  }

  private static long binomial(int n, int k) {
    long result = 1;
    for (int i = 1; i <= k; i++) {
      result = result * (n - k + i) / i; // exact at every step: a product of i consecutive integers / i!
    }
    return result;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** A frequency table: sorted distinct values and how many paths reach each. */
  private static final class Frequencies {
    static final Frequencies EMPTY = new Frequencies(new long[0], new long[0], 0);

    final long[] values;
    final long[] counts;
    final int size;

    private Frequencies(long[] values, long[] counts, int size) {
      this.values = values;
      this.counts = counts;
      this.size = size;
    }

    static Frequencies single(long value, long count) {
      return new Frequencies(new long[] {value}, new long[] {count}, 1);
    }

    static Frequencies merge(Frequencies x, Frequencies y) {
      long[] values = new long[x.size + y.size];
      long[] counts = new long[x.size + y.size];
      int i = 0;
      int j = 0;
      int k = 0;
      while (i < x.size || j < y.size) {
        if (j >= y.size || (i < x.size && x.values[i] < y.values[j])) {
          values[k] = x.values[i];
          counts[k++] = x.counts[i++];
        } else if (i >= x.size || y.values[j] < x.values[i]) {
          values[k] = y.values[j];
          counts[k++] = y.counts[j++];
        } else {
          values[k] = x.values[i];
          counts[k++] = x.counts[i++] + y.counts[j++];
        }
      }
      return new Frequencies(values, counts, k);
    }

    /** Merges sums >= zeta into one entry at zeta and drops sums that cannot reach zeta. */
    Frequencies prune(long zeta, long remaining) {
      long[] keptValues = new long[size];
      long[] keptCounts = new long[size];
      int k = 0;
      long reached = 0;
      for (int i = 0; i < size; i++) {
        if (values[i] >= zeta) {
          reached += counts[i];
        } else if (values[i] + remaining >= zeta) {
          keptValues[k] = values[i];
          keptCounts[k++] = counts[i];
        }
      }
      if (reached > 0) {
        keptValues[k] = zeta;
        keptCounts[k++] = reached;
      }
      return new Frequencies(keptValues, keptCounts, k);
    }

    Frequencies shift(long by) {
      long[] shifted = Arrays.copyOf(values, size);
      for (int i = 0; i < size; i++) {
        shifted[i] += by;
      }
      return new Frequencies(shifted, counts, size);
    }
  }
}

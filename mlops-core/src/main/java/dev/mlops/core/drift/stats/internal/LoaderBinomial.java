package dev.mlops.core.drift.stats.internal;

/**
 * Binomial probabilities accurate to a few units in the last place for any n, by the saddle-point
 * expansion of C. Loader, "Fast and Accurate Computation of Binomial Probabilities" (2000): the
 * probability is written as {@code exp(-stirlerr and deviance terms) / sqrt(2 pi k (n-k)/n)},
 * which avoids the cancellation of {@code log n! - log k! - log (n-k)!} for large n.
 */
public final class LoaderBinomial {

  private static final double LN_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
  private static final double LN_2PI = Math.log(2.0 * Math.PI);
  private static final double[] SMALL_STIRLERR = smallStirlingErrors();

  private LoaderBinomial() {}

  /**
   * The error of Stirling's formula, {@code log n! - log(sqrt(2 pi n) (n/e)^n)}.
   *
   * @param n a non-negative integer
   * @return the error term
   */
  public static double stirlingError(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be non-negative but was " + n);
    }
    if (n < SMALL_STIRLERR.length) {
      return SMALL_STIRLERR[(int) n];
    }
    // The asymptotic series 1/(12n) - 1/(360n^3) + 1/(1260n^5) - 1/(1680n^7) + 1/(1188n^9);
    // above 15 its truncation error is below 1e-17.
    double nn = (double) n * n;
    double s0 = 1.0 / 12;
    double s1 = 1.0 / 360;
    double s2 = 1.0 / 1260;
    double s3 = 1.0 / 1680;
    double s4 = 1.0 / 1188;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
  }

  /**
   * The deviance term {@code x log(x / np) + np - x}, computed without cancellation when x is
   * close to np.
   *
   * @param x a non-negative count
   * @param np the mean, positive
   * @return the deviance term, non-negative
   */
  public static double deviance(double x, double np) {
    if (Math.abs(x - np) < 0.1 * (x + np)) {
      double v = (x - np) / (x + np);
      double s = (x - np) * v;
      double ej = 2 * x * v;
      double v2 = v * v;
      for (int j = 1; j < 1000; j++) {
        ej *= v2;
        double next = s + ej / (2 * j + 1);
        if (next == s) {
          return next;
        }
        s = next;
      }
      return s;
    }
    return x * Math.log(x / np) + np - x;
  }

  /**
   * The binomial probability of k successes in n trials, given {@code n p} and {@code n q}
   * separately so that callers can keep the precision of {@code q = 1 - p} when it is small.
   *
   * @param k the number of successes, 0 &lt;= k &lt;= n
   * @param n the number of trials
   * @param np n times the success probability
   * @param nq n times the failure probability
   * @return the probability
   */
  public static double pmf(long k, long n, double np, double nq) {
    if (k == 0) {
      // q^n = exp(n log q), with log q = log(nq / n) kept accurate for q near 1 or near 0.
      return Math.exp(n * logShare(nq, np, n));
    }
    if (k == n) {
      return Math.exp(n * logShare(np, nq, n));
    }
    double lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k)
        - deviance(k, np) - deviance(n - k, nq);
    double lf = LN_2PI + Math.log(k) + Math.log1p(-(double) k / n);
    return Math.exp(lc - 0.5 * lf);
  }

  /** log(a / n) where a + b = n, accurate whichever of a and b is small. */
  private static double logShare(double a, double b, long n) {
    return a > b ? Math.log1p(-b / n) : Math.log(a / n);
  }

  private static double[] smallStirlingErrors() {
    double[] table = new double[16];
    double logFactorial = 0.0;
    double factorial = 1.0;
    for (int n = 1; n < table.length; n++) {
      factorial *= n; // exact: 15! < 2^53
      logFactorial = Math.log(factorial);
      table[n] = logFactorial - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
    }
    table[0] = 0.0; // the limit used by Loader for n = 0
    return table;
  }
}

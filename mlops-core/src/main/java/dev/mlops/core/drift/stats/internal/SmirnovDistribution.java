package dev.mlops.core.drift.stats.internal;

/**
 * The one-sided one-sample Kolmogorov-Smirnov (Smirnov) distribution: the survival function
 * {@code P(D+_n >= x)}, as {@code scipy.special.smirnov(n, x)} computes it.
 *
 * <p>The exact value is the Birnbaum-Tingey sum (Smirnov 1944; Birnbaum and Tingey 1951)
 *
 * <pre>
 *   P(D+_n >= x) = x * sum_{v=0}^{floor(n(1-x))} C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
 * </pre>
 *
 * <p>whose terms are all positive; each is evaluated as a binomial probability divided by
 * {@code x + v/n} with {@link LoaderBinomial}, which keeps the relative error near machine precision
 * for any n. The special cases and the large-n approximation follow van Mulbregt, "Computing the
 * Cumulative Distribution Function and Quantiles of the One-sided Kolmogorov-Smirnov Statistic"
 * (arXiv:1802.06966), the paper behind scipy's implementation, with its switch-over points.
 */
public final class SmirnovDistribution {

  /** Above this n scipy uses the approximation {@code exp(-(6nx+1)^2 / (18n))}. */
  static final int MAX_COMPUTE_N = 1_000_000;

  /** Below {@code exp(MIN_LOG)} a double underflows to zero (cephes' MINLOG, log 2^-1075). */
  private static final double MIN_LOG = -7.451332191019412076235E2;

  private SmirnovDistribution() {}

  /**
   * The survival function {@code P(D+_n >= x)}.
   *
   * @param n the sample size, positive
   * @param x the statistic, in [0, 1]
   * @return the probability, in [0, 1]
   */
  public static double sf(int n, double x) {
    if (n <= 0 || !(x >= 0.0 && x <= 1.0)) {
      return Double.NaN;
    }
    if (n == 1) {
      return 1.0 - x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    // n*x split into an exact double-double, so floor(n x) and the fractional part are exact.
    double nxHi = n * x;
    double nxLo = Math.fma(n, x, -nxHi);
    double floor = Math.floor(nxHi);
    if (floor == nxHi && nxLo < 0) {
      floor -= 1;
    }
    double alpha = (nxHi - floor) + nxLo;
    if (alpha >= 1.0) {
      floor += 1;
      alpha = 0.0;
    }
    long nxFloor = (long) floor;
    if (nxFloor == 0 || (nxFloor == 1 && alpha == 0.0)) {
      // x <= 1/n: P(D+ < x) = x (1 + x)^(n-1).
      double cdf = x * Math.exp((n - 1) * Math.log1p(x));
      return clip(1.0 - cdf);
    }
    if (-2.0 * n * x * x < MIN_LOG) {
      return 0.0;
    }
    if (nxFloor >= n - 1) {
      return Math.exp(n * Math.log1p(-x));
    }
    if (n > MAX_COMPUTE_N) {
      double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      // Small p straight from exp; otherwise as 1 - cdf, as scipy does to keep precision.
      return logp < -Math.log(2.0) ? Math.exp(logp) : 1.0 - (-Math.expm1(logp));
    }
    return clip(x * lowerSum(n, x, nxHi, nxLo, nxFloor));
  }

  /** The Birnbaum-Tingey sum over v = 0 .. n - floor(nx) - 1, stopping once the rest is negligible. */
  private static double lowerSum(int n, double x, double nxHi, double nxLo, long nxFloor) {
    long terms = n - nxFloor; // v = 0 .. terms - 1
    // v = 0: (1 - x)^n / x
    double sum = Math.exp(n * Math.log1p(-x)) / x;
    for (long v = 1; v < terms; v++) {
      double np = (v + nxHi) + nxLo; // n (x + v/n)
      double nq = ((n - v) - nxHi) - nxLo; // n (1 - x - v/n)
      double term = LoaderBinomial.pmf(v, n, np, nq) * n / np;
      sum += term;
      if (term != 0.0) {
        if (4.0 * (terms - v) * Math.abs(term) < Math.ulp(1.0) * sum && v != terms - 1) {
          break;
        }
      } else if (v > n / 2) {
        break;
      }
    }
    return sum;
  }

  private static double clip(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }
}

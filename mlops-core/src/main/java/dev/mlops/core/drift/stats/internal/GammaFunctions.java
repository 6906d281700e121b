package dev.mlops.core.drift.stats.internal;

/**
 * The log-gamma function and the regularized incomplete gamma functions P(a, x) and Q(a, x), with
 * relative accuracy near 1e-14 over the range the drift tests use (including tail probabilities
 * down to the smallest doubles), which chi-square and normal tail probabilities are built on.
 *
 * <p>The common factor {@code x^a e^-x / Gamma(a + 1)} is evaluated in Loader's saddle-point form
 * ({@code exp(-stirlingError(a) - deviance(a, x)) / sqrt(2 pi a)}), so it keeps its precision for
 * large a; P uses the power series below {@code x = a + 1} and Q the Legendre continued fraction
 * (modified Lentz) above it, each the complement of the other.
 */
public final class GammaFunctions {

  private static final double LN_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
  private static final double TINY = 1e-300;
  private static final double EPSILON = 1e-16;
  private static final int MAX_ITERATIONS = 100_000;

  private GammaFunctions() {}

  /**
   * The natural logarithm of the gamma function for positive arguments.
   *
   * @param x the argument, positive
   * @return log Gamma(x)
   */
  public static double logGamma(double x) {
    if (!(x > 0)) {
      return Double.NaN;
    }
    if (x >= 15.0) {
      return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingSeries(x);
    }
    // Shift up to 15 with Gamma(x) = Gamma(x + k) / (x (x + 1) ... (x + k - 1)).
    double product = 1.0;
    double shifted = x;
    while (shifted < 15.0) {
      product *= shifted;
      shifted += 1.0;
    }
    return logGamma(shifted) - Math.log(product);
  }

  /**
   * The error of Stirling's approximation at a real argument,
   * {@code log Gamma(x + 1) - log(sqrt(2 pi x) (x / e)^x)}.
   *
   * @param x the argument, positive
   * @return the error term
   */
  public static double stirlingError(double x) {
    if (x == Math.rint(x) && x < 1e15) {
      return LoaderBinomial.stirlingError((long) x);
    }
    if (x >= 15.0) {
      return stirlingSeries(x);
    }
    return logGamma(x + 1.0) - (x + 0.5) * Math.log(x) + x - LN_SQRT_2PI;
  }

  /** The Stirling series 1/(12x) - 1/(360x^3) + ..., accurate to 1e-17 for x >= 15. */
  private static double stirlingSeries(double x) {
    double x2 = x * x;
    return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - (1.0 / 1188
        - (691.0 / 360360 - 1.0 / (156 * x2)) / x2) / x2) / x2) / x2) / x2) / x;
  }

  /**
   * The regularized lower incomplete gamma function P(a, x).
   *
   * @param a the shape, positive
   * @param x the argument, non-negative
   * @return P(a, x), in [0, 1]
   */
  public static double regularizedP(double a, double x) {
    if (!(a > 0) || !(x >= 0) || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 0) {
      return 0.0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 1.0;
    }
    return x < a + 1.0 ? lowerSeries(a, x) : 1.0 - upperFraction(a, x);
  }

  /**
   * The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x), accurate also when it
   * is tiny.
   *
   * @param a the shape, positive
   * @param x the argument, non-negative
   * @return Q(a, x), in [0, 1]
   */
  public static double regularizedQ(double a, double x) {
    if (!(a > 0) || !(x >= 0) || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 0) {
      return 1.0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    return x < a + 1.0 ? 1.0 - lowerSeries(a, x) : upperFraction(a, x);
  }

  /** x^a e^-x / Gamma(a + 1), without overflow or cancellation. */
  static double poissonDensity(double a, double x) {
    if (a < 1.0) {
      // Small shapes: the direct form has no cancellation problem.
      return Math.exp(a * Math.log(x) - x - logGamma(a + 1.0));
    }
    return Math.exp(-stirlingError(a) - LoaderBinomial.deviance(a, x)) / Math.sqrt(2 * Math.PI * a);
  }

  /** P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)). */
  private static double lowerSeries(double a, double x) {
    double prefactor = poissonDensity(a, x);
    if (prefactor == 0.0) {
      return 0.0;
    }
    double term = 1.0;
    double sum = 1.0;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * EPSILON) {
        break;
      }
    }
    return Math.min(1.0, prefactor * sum);
  }

  /** Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...)). */
  private static double upperFraction(double a, double x) {
    double prefactor = poissonDensity(a, x) * a;
    if (prefactor == 0.0) {
      return 0.0;
    }
    double b = x + 1.0 - a;
    double c = 1.0 / TINY;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2.0;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1.0 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1.0) < EPSILON) {
        break;
      }
    }
    return Math.min(1.0, prefactor * h);
  }
}

package dev.mlops.core.drift.stats.internal;

/**
 * The exponentially scaled modified Bessel function of the second kind,
 * {@code kve(nu, x) = e^x K_nu(x)}, as {@code scipy.special.kve} computes it.
 *
 * <p>Evaluated from the integral representation
 * {@code K_nu(x) = integral_0^inf exp(-x cosh t) cosh(nu t) dt}, scaled as
 * {@code kve(nu, x) = integral_0^inf exp(-2 x sinh^2(t/2)) cosh(nu t) dt}, with the trapezoidal
 * rule. The integrand is analytic and decays double-exponentially, so the rule converges
 * geometrically: with a step of at most 0.1, and at most {@code 0.5 / sqrt(x)} so that the peak of
 * width {@code 1 / sqrt(x)} is resolved, the error is far below double precision.
 */
public final class BesselK {

  /** Where the integrand's exponent passes this, the rest of the integral is negligible. */
  private static final double CUTOFF_EXPONENT = 45.0;

  private BesselK() {}

  /**
   * {@code e^x K_nu(x)}.
   *
   * @param nu the order, |nu| small (the drift tests use 1/4)
   * @param x the argument, positive
   * @return the scaled function value; NaN for non-positive x
   */
  public static double kve(double nu, double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      return x == Double.POSITIVE_INFINITY ? 0.0 : Double.NaN;
    }
    double step = Math.min(0.1, 0.5 / Math.sqrt(x));
    // 2 x sinh^2(T/2) = CUTOFF  =>  T = 2 asinh(sqrt(CUTOFF / (2x))); cosh(nu t) grows slower.
    double end = 2 * asinh(Math.sqrt(CUTOFF_EXPONENT / (2 * x))) + 2.0;
    int steps = (int) Math.ceil(end / step);
    double sum = 0.5; // the t = 0 end point, weight 1/2
    for (int i = 1; i <= steps; i++) {
      double t = i * step;
      double s = Math.sinh(t / 2);
      double value = Math.exp(-2 * x * s * s) * Math.cosh(nu * t);
      sum += value;
      if (value < 1e-18 * sum) {
        break;
      }
    }
    return sum * step;
  }

  private static double asinh(double x) {
    return Math.log(x + Math.sqrt(x * x + 1));
  }
}

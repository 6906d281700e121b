package dev.mlops.core.drift.stats.internal;

/**
 * Tail probabilities of the chi-square and standard normal distributions, as
 * {@code scipy.stats.chi2.sf} and {@code scipy.stats.norm.sf} compute them (to about 1e-13
 * relative, tails included).
 */
public final class ContinuousDistributions {

  private ContinuousDistributions() {}

  /**
   * The chi-square survival function {@code P(X >= x)}.
   *
   * @param x the statistic; infinity gives 0
   * @param degreesOfFreedom positive
   * @return the probability; NaN for non-positive degrees of freedom or a NaN statistic
   */
  public static double chiSquareSf(double x, double degreesOfFreedom) {
    if (!(degreesOfFreedom > 0) || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= 0) {
      return 1.0;
    }
    return GammaFunctions.regularizedQ(degreesOfFreedom / 2.0, x / 2.0);
  }

  /**
   * The standard normal survival function {@code P(Z >= z)}, accurate far into both tails.
   *
   * @param z the point
   * @return the probability
   */
  public static double normalSf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    if (z < 0) {
      return 1.0 - normalSf(-z);
    }
    // P(Z >= z) = erfc(z / sqrt 2) / 2 = Q(1/2, z^2 / 2) / 2
    return 0.5 * GammaFunctions.regularizedQ(0.5, 0.5 * z * z);
  }
}

package dev.mlops.core.drift.stats.internal;

import java.util.Arrays;

/**
 * The two-sided one-sample Kolmogorov-Smirnov distribution {@code P(D_n >= x)}, the survival
 * function of {@code scipy.stats.kstwo}, which {@code ks_2samp} evaluates at the effective sample
 * size {@code round(n m / (n + m))} on its asymptotic path.
 *
 * <p>The method is the one of Simard and L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov
 * Distribution" (J. Stat. Softw. 39(11), 2011), with scipy's switch-over points so that the same
 * approximation is used where scipy uses one: the Ruben-Gambino closed forms at both ends; twice
 * the one-sided Smirnov probability where the two tails cannot overlap ({@code x >= 0.5}) or where
 * their overlap is negligible; Durbin's matrix algorithm in the form of Marsaglia, Tsang and Wang
 * (2003); Pomeranz's recursion (1974); and the Pelz-Good asymptotic series (1976) for large n.
 * The structure follows scipy's {@code scipy/stats/_ksstats.py} (BSD-3-Clause).
 */
public final class KolmogorovDistribution {

  private static final int SCALE_EXPONENT = 128;
  private static final double SCALE_UP = Math.scalb(1.0, SCALE_EXPONENT);
  private static final double SCALE_DOWN = Math.scalb(1.0, -SCALE_EXPONENT);
  private static final double MIN_LOG = -708;
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double PI_SQUARED = Math.PI * Math.PI;
  private static final double PI_FOUR = PI_SQUARED * PI_SQUARED;
  private static final double PI_SIX = PI_FOUR * PI_SQUARED;
  private static final double SQRT3 = Math.sqrt(3);

  private KolmogorovDistribution() {}

  /**
   * The survival function {@code P(D_n >= x)}.
   *
   * @param n the sample size, positive
   * @param x the statistic
   * @return the probability, in [0, 1]
   */
  public static double sf(int n, double x) {
    if (n <= 0 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) {
      // Ruben-Gambino: for 1/(2n) <= x <= 1/n, P(D_n <= x) = n!/n^n (2t - 1)^n.
      if (t <= 0.5) {
        return 1.0;
      }
      double cdf;
      if (n <= 140) {
        cdf = 1.0;
        double scale = 1.0 / n;
        for (int i = 1; i <= n; i++) {
          cdf *= i * scale * (2 * t - 1);
        }
      } else {
        cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - cdf);
    }
    if (t >= n - 1) {
      // Ruben-Gambino at the upper end: P(D_n >= x) = 2 (1 - x)^n.
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      // The two one-sided events are disjoint, so the two-sided tail is twice the one-sided one.
      return clip(2 * SmirnovDistribution.sf(n, x));
    }
    double nxSquared = t * x;
    if (n <= 140) {
      if (nxSquared <= 0.754693) {
        return clip(1.0 - clip(durbinCdf(n, x)));
      }
      if (nxSquared <= 4) {
        return clip(1.0 - clip(pomeranzCdf(n, x)));
      }
      return clip(2 * SmirnovDistribution.sf(n, x));
    }
    if (nxSquared >= 370.0) {
      return 0.0;
    }
    if (nxSquared >= 2.2) {
      return clip(2 * SmirnovDistribution.sf(n, x));
    }
    double cdf;
    if (nxSquared >= 18.0) {
      cdf = 1.0;
    } else if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbinCdf(n, x);
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return clip(1.0 - clip(cdf));
  }

  /** log(n! / n^n) by Stirling's series, without forming n log n. */
  static double logFactorialOverPower(int n) {
    return LoaderBinomial.stirlingError(n) + 0.5 * (LOG_2PI + Math.log(n)) - n;
  }

  /**
   * Durbin's matrix algorithm as in Marsaglia, Tsang and Wang (2003): with {@code n d = k - h},
   * {@code P(D_n < d) = n!/n^n * (H^n)[k-1][k-1]} for an explicit (2k-1)-square matrix H.
   * Powers are scaled by 2^128 steps to stay within range.
   */
  static double durbinCdf(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[][] matrix = durbinMatrix(h, m);

    // Only the row k-1 of H^n is needed: multiply a unit row vector by the squares of H.
    double[] row = new double[m];
    row[k - 1] = 1.0;
    int exponent = 0;
    int matrixExponent = 0;
    for (int remaining = n; remaining > 0; remaining /= 2) {
      if (remaining % 2 == 1) {
        row = multiply(row, matrix);
        exponent += matrixExponent;
      }
      if (remaining / 2 > 0) {
        matrix = square(matrix);
        matrixExponent *= 2;
        if (Math.abs(matrix[k - 1][k - 1]) > SCALE_UP) {
          scale(matrix, SCALE_DOWN);
          matrixExponent += SCALE_EXPONENT;
        }
      }
    }
    double p = row[k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < SCALE_DOWN) {
        p *= SCALE_UP;
        exponent -= SCALE_EXPONENT;
      }
    }
    return exponent != 0 ? Math.scalb(p, exponent) : p;
  }

  private static double[][] durbinMatrix(double h, int m) {
    double[] v = new double[m];
    double[] w = new double[m];
    double factorial = 1.0;
    for (int j = 1; j <= m; j++) {
      w[j - 1] = factorial;
      factorial /= j;
      v[j - 1] = (1.0 - Math.pow(h, j)) * factorial;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * factorial;
    double[][] matrix = new double[m][m];
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        matrix[r][i] = w[r - i + 1];
      }
    }
    for (int r = 0; r < m; r++) {
      matrix[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      matrix[m - 1][c] = v[m - 1 - c];
    }
    return matrix;
  }

  private static double[] multiply(double[] row, double[][] matrix) {
    int m = row.length;
    double[] result = new double[m];
    for (int i = 0; i < m; i++) {
      double ri = row[i];
      if (ri != 0.0) {
        double[] matrixRow = matrix[i];
        for (int j = 0; j < m; j++) {
          result[j] += ri * matrixRow[j];
        }
      }
    }
    return result;
  }

  private static double[][] square(double[][] matrix) {
    int m = matrix.length;
    double[][] result = new double[m][m];
    for (int i = 0; i < m; i++) {
      double[] resultRow = result[i];
      for (int l = 0; l < m; l++) {
        double a = matrix[i][l];
        if (a != 0.0) {
          double[] matrixRow = matrix[l];
          for (int j = 0; j < m; j++) {
            resultRow[j] += a * matrixRow[j];
          }
        }
      }
    }
    return result;
  }

  private static void scale(double[][] matrix, double factor) {
    for (double[] row : matrix) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= factor;
      }
    }
  }

  /**
   * Pomeranz's recursion (1974): {@code P(D_n <= x) = n! V[2n+1][n]}, where each row of V is the
   * previous row convolved with (almost) Poisson probabilities; only a window of each row is
   * non-zero.
   */
  static double pomeranzCdf(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int powers = 2 * (ll + 1);
    double[] gPower = new double[powers];
    double[] twoGPower = new double[powers];
    double[] oneMinusTwoGPower = new double[powers];
    gPower[0] = 1.0;
    twoGPower[0] = 1.0;
    oneMinusTwoGPower[0] = 1.0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < powers; m++) {
      gPower[m] = gPower[m - 1] * gOverN / m;
      twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
      oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / m;
    }

    double[] v0 = new double[powers];
    double[] v1 = new double[powers];
    v1[0] = 1;
    int v0Start = 0;
    int v1Start = 0;
    int exponent = 0;
    int[] window = pomeranzWindow(0, n, ll, ceilf, roundf);
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = window[0];
      double[] swap = v0;
      v0 = v1;
      v1 = swap;
      int swapStart = v0Start;
      v0Start = v1Start;
      v1Start = swapStart;
      Arrays.fill(v1, 0.0);
      window = pomeranzWindow(i, n, ll, ceilf, roundf);
      int j1 = window[0];
      int j2 = window[1];
      double[] weights = (i == 1 || i == 2 * n + 1) ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower);
      int length = j2 - k1 + 1;
      if (length > 0) {
        int from = k1 - v0Start;
        int available = Math.min(length, v0.length - from);
        int weightLength = Math.min(length, weights.length);
        int convStart = j1 - k1;
        int convLength = j2 - j1 + 1;
        double max = 0.0;
        for (int c = 0; c < convLength; c++) {
          int index = convStart + c; // entry of the full convolution of the two windows
          double sum = 0.0;
          for (int a = Math.max(0, index - (weightLength - 1)); a <= Math.min(index, available - 1);
              a++) {
            sum += v0[from + a] * weights[index - a];
          }
          v1[c] = sum;
          max = Math.max(max, sum);
        }
        if (0 < max && max < SCALE_DOWN) {
          for (int c = 0; c < v1.length; c++) {
            v1[c] *= SCALE_UP;
          }
          exponent -= SCALE_EXPONENT;
        }
        v1Start = v0Start + j1 - k1;
      }
    }
    double answer = v1[n - v1Start];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(answer) > SCALE_UP) {
        answer *= SCALE_DOWN;
        exponent += SCALE_EXPONENT;
      }
      answer *= m;
    }
    return exponent != 0 ? Math.scalb(answer, exponent) : answer;
  }

  /** The first and last non-zero index of row i in Pomeranz's recursion. */
  private static int[] pomeranzWindow(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int half = (i + 1) / 2;
      if ((i + 1) % 2 == 0) {
        if (half == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = half - 1 - ll - roundf - 1;
          j2 = half + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = half - 1 - ll - 1;
        j2 = half + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /**
   * The Pelz-Good approximation (1976) of {@code P(D_n <= x)}: the Li-Chien/Korolyuk expansion
   * {@code K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5}, {@code z = x sqrt(n)}, with each term
   * transformed by Jacobi's theta identity into a series that converges fast for small z.
   */
  static double pelzGoodCdf(int n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt(n) * x;
    double z2 = z * z;
    double z3 = z2 * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI_SQUARED / 8 / z2;
    if (qlog < MIN_LOG) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI_SQUARED / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI_SQUARED / 4;
    double k2c = PI_FOUR * (1 - 2 * z2) / 16;
    double k3d = PI_SIX * (5 - 30 * z2) / 64;
    double k3c = PI_FOUR * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI_SQUARED * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);

    double[] k = new double[4];
    int maxK = (int) Math.ceil(16 * z / Math.PI);
    // Horner scheme in q^8k over the odd integers m = 2k - 1.
    for (int j = maxK; j >= 1; j--) {
      double m = 2 * j - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qPower = Math.pow(q, 8 * j);
      k[0] = k[0] * qPower + 1.0;
      k[1] = k[1] * qPower + (k1a + k1b * m2);
      k[2] = k[2] * qPower + (k2a + k2b * m2 + k2c * m4);
      k[3] = k[3] * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
    double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k[i] = k[i] * q * SQRT_2PI / divisors[i];
    }
    // The remaining sums run over all positive integers j with weights q2^(j^2).
    double q2 = Math.exp(-PI_SQUARED / 2 / z2);
    double k2Extra = 0.0;
    double k3Extra = 0.0;
    double sqrt3z = SQRT3 * z;
    for (int j = maxK; j >= 1; j--) {
      double j2 = (double) j * j;
      double weight = Math.pow(q2, j2);
      double jPi = Math.PI * j;
      k2Extra += j2 * weight;
      k3Extra += (sqrt3z + jPi) * (sqrt3z - jPi) * j2 * weight;
    }
    k[2] += k2Extra * (PI_SQUARED * SQRT_2PI / (-36 * z3));
    k[3] += k3Extra * (PI_SQUARED * SQRT_2PI / (216 * z6));
    double sqrtN = Math.sqrt(n);
    return k[0] + k[1] / sqrtN + k[2] / n + k[3] / (n * sqrtN);
  }

  private static double clip(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }
}

package dev.mlops.core.drift.stats.internal;

/**
 * The least-squares quadratic through a set of points, as {@code numpy.polyfit(x, y, 2)} fits it,
 * solved with Householder QR on the column-scaled Vandermonde matrix (numpy scales the columns
 * the same way before its SVD-based solve; both reach the same solution to rounding).
 */
public final class QuadraticFit {

  private QuadraticFit() {}

  /**
   * Fits {@code y ~ c0 x^2 + c1 x + c2}.
   *
   * @param x the abscissas, at least three distinct
   * @param y the ordinates, same length
   * @return {c0, c1, c2}, highest power first as numpy returns them
   */
  public static double[] fit(double[] x, double[] y) {
    int rows = x.length;
    int columns = 3;
    double[][] a = new double[rows][columns];
    double[] scale = new double[columns];
    for (int i = 0; i < rows; i++) {
      a[i][0] = x[i] * x[i];
      a[i][1] = x[i];
      a[i][2] = 1.0;
      for (int j = 0; j < columns; j++) {
        scale[j] += a[i][j] * a[i][j];
      }
    }
    for (int j = 0; j < columns; j++) {
      scale[j] = Math.sqrt(scale[j]);
      for (int i = 0; i < rows; i++) {
        a[i][j] /= scale[j];
      }
    }
    double[] b = y.clone();
    // Householder QR, applying each reflection to b as well.
    for (int k = 0; k < columns; k++) {
      double norm = 0.0;
      for (int i = k; i < rows; i++) {
        norm = Math.hypot(norm, a[i][k]);
      }
      double alpha = a[k][k] > 0 ? -norm : norm;
      double[] v = new double[rows];
      v[k] = a[k][k] - alpha;
      for (int i = k + 1; i < rows; i++) {
        v[i] = a[i][k];
      }
      double vv = 0.0;
      for (int i = k; i < rows; i++) {
        vv += v[i] * v[i];
      }
      if (vv == 0.0) {
        continue;
      }
      for (int j = k; j < columns; j++) {
        double dot = 0.0;
        for (int i = k; i < rows; i++) {
          dot += v[i] * a[i][j];
        }
        double factor = 2 * dot / vv;
        for (int i = k; i < rows; i++) {
          a[i][j] -= factor * v[i];
        }
      }
      double dot = 0.0;
      for (int i = k; i < rows; i++) {
        dot += v[i] * b[i];
      }
      double factor = 2 * dot / vv;
      for (int i = k; i < rows; i++) {
        b[i] -= factor * v[i];
      }
    }
    double[] c = new double[columns];
    for (int k = columns - 1; k >= 0; k--) {
      double sum = b[k];
      for (int j = k + 1; j < columns; j++) {
        sum -= a[k][j] * c[j];
      }
      c[k] = sum / a[k][k];
    }
    for (int j = 0; j < columns; j++) {
      c[j] /= scale[j];
    }
    return c;
  }

  /**
   * Evaluates {@code c0 x^2 + c1 x + c2}.
   *
   * @param c the coefficients, highest power first
   * @param x the point
   * @return the value
   */
  public static double evaluate(double[] c, double x) {
    return (c[0] * x + c[1]) * x + c[2];
  }
}

package dev.mlops.core.drift.stream;

/**
 * The two-sample Kolmogorov-Smirnov test for two samples of the same size r, with exact two-sided
 * p-values: P(D ≥ k/r) = 2 Σ_{j ≥ 1} (−1)^{j+1} C(2r, r − jk) / C(2r, r) (Gnedenko and Korolyuk
 * 1951), the values scipy's {@code ks_2samp(..., method="exact")} gives for equal sizes. The table
 * of p-values for every possible statistic is computed once, so a test costs one merge of the two
 * sorted samples and allocates nothing.
 */
final class EqualSizeKolmogorovSmirnov {

  private final int size;
  private final double[] pValueOfSteps;

  EqualSizeKolmogorovSmirnov(int size) {
    this.size = size;
    this.pValueOfSteps = new double[size + 1];
    double[] ratios = binomialRatios(size);
    for (int steps = 0; steps <= size; steps++) {
      pValueOfSteps[steps] = pValueAtLeast(ratios, steps);
    }
    // Near 1 the alternating sum can round a larger statistic to a larger p-value by an ulp.
    for (int steps = 1; steps <= size; steps++) {
      pValueOfSteps[steps] = Math.min(pValueOfSteps[steps], pValueOfSteps[steps - 1]);
    }
  }

  /**
   * The statistic D times the sample size: the largest gap, in elements, between the two samples'
   * empirical distribution functions. Both arrays must be sorted and hold {@code size} values.
   */
  int steps(double[] sortedA, double[] sortedB) {
    int i = 0;
    int j = 0;
    int largest = 0;
    while (i < size && j < size) {
      double next = Math.min(sortedA[i], sortedB[j]);
      while (i < size && sortedA[i] <= next) {
        i++;
      }
      while (j < size && sortedB[j] <= next) {
        j++;
      }
      largest = Math.max(largest, Math.abs(i - j));
    }
    return largest;
  }

  /** The exact two-sided p-value of a statistic of {@code steps / size}. */
  double pValue(int steps) {
    return pValueOfSteps[steps];
  }

  /** The exact two-sided p-value P(D ≥ steps / size) for two samples of {@code size} values. */
  static double pValueAtLeast(int size, int steps) {
    return pValueAtLeast(binomialRatios(size), steps);
  }

  private static double pValueAtLeast(double[] ratios, int steps) {
    if (steps == 0) {
      return 1;
    }
    int size = ratios.length - 1;
    double sum = 0;
    for (int j = 1; j * steps <= size; j++) {
      double term = ratios[j * steps];
      sum += (j % 2 == 1) ? term : -term;
    }
    return Math.min(1, Math.max(0, 2 * sum));
  }

  /**
   * C(2r, r − t) / C(2r, r) = Π_{i=0}^{t−1} (r − i) / (r + 1 + i) for t = 0..r, as running products:
   * stable for any r, and O(r) for the whole table.
   */
  private static double[] binomialRatios(int size) {
    double[] ratios = new double[size + 1];
    ratios[0] = 1;
    for (int t = 1; t <= size; t++) {
      int i = t - 1;
      ratios[t] = ratios[t - 1] * ((double) (size - i) / (size + 1 + i));
    }
    return ratios;
  }
}

package dev.mlops.core.estimation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The expected ROC curve of a set of rows kept as {@value #BINS} equal bins of a score in {@code
 * [0, 1]} (a score outside goes to the end bin), each bin holding its sums of {@code p} and
 * {@code 1 - p}: the rows of a bin count as tied. The estimate accumulators share it.
 */
final class RocBins {

  /** How many equal bins of the score the ROC curve is drawn over. */
  static final int BINS = 1000;

  private RocBins() {}

  /** The bin of a score. */
  static int bin(double score) {
    if (!(score > 0.0)) {
      return 0;
    }
    return (int) Math.min(BINS - 1, Math.floor(score * BINS));
  }

  /** The area under the expected ROC curve over the bins, from the highest scores down. */
  static double rocAuc(double[] positives, double[] negatives) {
    double p = sum(positives);
    double q = sum(negatives);
    if (p == 0.0 || q == 0.0) {
      return Double.NaN;
    }
    double[] groupP = new double[BINS];
    double[] groupQ = new double[BINS];
    int groups = 0;
    for (int b = BINS - 1; b >= 0; b--) {
      if (positives[b] != 0.0 || negatives[b] != 0.0) {
        groupP[groups] = positives[b];
        groupQ[groups] = negatives[b];
        groups++;
      }
    }
    return ExpectedMetrics.trapezoids(groupP, groupQ, groups, p, q);
  }

  /**
   * The most {@link #rocAuc} can differ from the exact expected ROC AUC of the same rows: half
   * the sum over bins of the bin's share of the expected positives times its share of the
   * expected negatives; NaN when ROC AUC is undefined.
   */
  static double errorBound(double[] positives, double[] negatives) {
    double p = sum(positives);
    double q = sum(negatives);
    if (p == 0.0 || q == 0.0) {
      return Double.NaN;
    }
    double bound = 0.0;
    for (int b = 0; b < BINS; b++) {
      bound += positives[b] / p * (negatives[b] / q);
    }
    return bound / 2.0;
  }

  /** Writes the non-empty bins: their count (short), then per bin its index (short) and sums. */
  static void write(DataOutputStream out, double[] positives, double[] negatives)
      throws IOException {
    int used = 0;
    for (int b = 0; b < BINS; b++) {
      used += positives[b] != 0.0 || negatives[b] != 0.0 ? 1 : 0;
    }
    out.writeShort(used);
    for (int b = 0; b < BINS; b++) {
      if (positives[b] != 0.0 || negatives[b] != 0.0) {
        out.writeShort(b);
        out.writeDouble(positives[b]);
        out.writeDouble(negatives[b]);
      }
    }
  }

  /**
   * Reads what {@link #write} wrote into empty bins.
   *
   * @throws IllegalArgumentException if a bin index is out of range
   */
  static void read(DataInputStream in, double[] positives, double[] negatives)
      throws IOException {
    int used = in.readUnsignedShort();
    for (int i = 0; i < used; i++) {
      int bin = in.readUnsignedShort();
      if (bin >= BINS) {
        throw new IllegalArgumentException("Estimate accumulator bin " + bin + " is not below "
            + BINS);
      }
      positives[bin] = in.readDouble();
      negatives[bin] = in.readDouble();
    }
  }

  static double sum(double[] values) {
    double total = 0.0;
    for (double v : values) {
      total += v;
    }
    return total;
  }
}

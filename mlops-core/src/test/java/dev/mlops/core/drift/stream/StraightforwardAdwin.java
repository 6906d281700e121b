package dev.mlops.core.drift.stream;

/**
 * ADWIN2 exactly as {@link Adwin} computed it before its histogram and cut check were reworked for
 * speed: a direct transcription of Bifet and Gavaldà's algorithm (the window as an exponential
 * histogram of circular rows, every split tested with the full ε_cut), which matched MOA on every
 * recorded stream. Kept as the reference the fast implementation must equal, cut for cut.
 * Says where it cut; which cuts are reported is the caller's concern.
 */
final class StraightforwardAdwin {

  private final double delta;
  private final int clock;
  private final int minSubWindowLength;
  private final Histogram window;
  private long count;

  StraightforwardAdwin(double delta, int clock, int maxBucketsPerRow, int minSubWindowLength) {
    this.delta = delta;
    this.clock = clock;
    this.minSubWindowLength = minSubWindowLength;
    this.window = new Histogram(maxBucketsPerRow);
  }

  /** Feeds one value; true when the window shrank (a cut). */
  boolean update(double value) {
    count++;
    window.add(value);
    boolean shrunk = false;
    if (count % clock == 0) {
      while (window.hasCut(delta, minSubWindowLength)) {
        window.dropOldest();
        shrunk = true;
      }
    }
    return shrunk;
  }

  long width() {
    return window.width();
  }

  double mean() {
    long width = window.width();
    return width == 0 ? 0 : window.total() / width;
  }

  double variance() {
    long width = window.width();
    return width == 0 ? 0 : window.squaredDeviationSum() / width;
  }

  /** The exponential histogram as written before the rework (circular rows, modulo indexing). */
  static final class Histogram {

    /** Rows 0..62 hold buckets of 2^0..2^62 elements. */
    static final int ROWS = 63;

    private final int maxBuckets;
    private final int slotsPerRow;
    private final double[] sums;
    private final double[] squaredDeviations;
    private final int[] rowHead = new int[ROWS];
    private final int[] rowSize = new int[ROWS];
    private int rowsInUse;
    private long width;
    private double total;
    private double variance;

    Histogram(int maxBuckets) {
      this.maxBuckets = maxBuckets;
      this.slotsPerRow = maxBuckets + 1;
      this.sums = new double[ROWS * slotsPerRow];
      this.squaredDeviations = new double[ROWS * slotsPerRow];
    }

    long width() {
      return width;
    }

    double total() {
      return total;
    }

    /** The sum of squared deviations from the window mean (width times the variance). */
    double squaredDeviationSum() {
      return variance;
    }

    /** Appends one element as a new bucket of size 1 and merges rows that overflow. */
    void add(double value) {
      width++;
      if (width > 1) {
        double previousMean = total / (width - 1);
        variance += (width - 1) * (value - previousMean) * (value - previousMean) / width;
      }
      total += value;
      appendNewest(0, value, 0);
      compress();
    }

    /** Removes the oldest bucket and its elements. */
    void dropOldest() {
      int row = rowsInUse - 1;
      int slot = slot(row, 0);
      double size = bucketSize(row);
      width -= (long) size;
      total -= sums[slot];
      double bucketMean = sums[slot] / size;
      double meanAfter = total / width;
      variance -=
          squaredDeviations[slot]
              + size * width * (bucketMean - meanAfter) * (bucketMean - meanAfter) / (size + width);
      removeOldest(row);
    }

    void clear() {
      java.util.Arrays.fill(rowHead, 0);
      java.util.Arrays.fill(rowSize, 0);
      rowsInUse = 0;
      width = 0;
      total = 0;
      variance = 0;
    }

    /**
     * Whether some split of the window into an older part W0 and a newer part W1, both at least
     * {@code minLength} long, at a bucket boundary, has means further apart than ADWIN2's ε_cut for
     * confidence {@code delta}.
     *
     * <p>ε_cut is the variance-based bound of the paper, sqrt(2/m · σ²_W · ln(2/δ')) + 2/(3m) ·
     * ln(2/δ') with δ' = δ / ln W, where 1/m = 1/(n0 − minLength + 1) + 1/(n1 − minLength + 1): the
     * sub-window lengths are counted from the minimum length on, as MOA does.
     */
    boolean hasCut(double delta, int minLength) {
      double n0 = 0;
      double n1 = width;
      double sum0 = 0;
      double sum1 = total;
      for (int row = rowsInUse - 1; row >= 0; row--) {
        double size = bucketSize(row);
        int count = rowSize[row];
        for (int k = 0; k < count; k++) {
          double bucketSum = sums[slot(row, k)];
          n0 += size;
          n1 -= size;
          sum0 += bucketSum;
          sum1 -= bucketSum;
          if (row == 0 && k == count - 1) {
            return false;
          }
          if (n0 >= minLength && n1 >= minLength && exceedsBound(n0, n1, sum0, sum1, delta, minLength)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean exceedsBound(
        double n0, double n1, double sum0, double sum1, double delta, int minLength) {
      double difference = Math.abs(sum0 / n0 - sum1 / n1);
      double inverseM = 1 / (n0 - minLength + 1) + 1 / (n1 - minLength + 1);
      double logTerm = Math.log(2 * Math.log(width) / delta);
      double windowVariance = variance / width;
      double epsilon =
          Math.sqrt(2 * inverseM * windowVariance * logTerm) + 2.0 / 3.0 * logTerm * inverseM;
      return difference >= epsilon;
    }

    private void compress() {
      for (int row = 0; row < rowsInUse; row++) {
        if (rowSize[row] <= maxBuckets) {
          return;
        }
        int older = slot(row, 0);
        int newer = slot(row, 1);
        double size = bucketSize(row);
        double olderSum = sums[older];
        double newerSum = sums[newer];
        double olderMean = olderSum / size;
        double newerMean = newerSum / size;
        double merged =
            squaredDeviations[older]
                + squaredDeviations[newer]
                + size * size * (olderMean - newerMean) * (olderMean - newerMean) / (2 * size);
        removeOldest(row);
        removeOldest(row);
        appendNewest(row + 1, olderSum + newerSum, merged);
      }
    }

    private void appendNewest(int row, double sum, double squaredDeviation) {
      if (row >= rowsInUse) {
        rowsInUse = row + 1;
        rowHead[row] = 0;
        rowSize[row] = 0;
      }
      int slot = slot(row, rowSize[row]);
      sums[slot] = sum;
      squaredDeviations[slot] = squaredDeviation;
      rowSize[row]++;
    }

    private void removeOldest(int row) {
      rowHead[row] = (rowHead[row] + 1) % slotsPerRow;
      rowSize[row]--;
      if (rowSize[row] == 0 && row == rowsInUse - 1) {
        rowsInUse--;
      }
    }

    private int slot(int row, int offsetFromOldest) {
      return row * slotsPerRow + (rowHead[row] + offsetFromOldest) % slotsPerRow;
    }

    private static double bucketSize(int row) {
      return (double) (1L << row);
    }
  }
}

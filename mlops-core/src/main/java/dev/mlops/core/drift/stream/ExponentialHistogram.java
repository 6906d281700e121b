package dev.mlops.core.drift.stream;

/**
 * ADWIN2's compressed window (Bifet and Gavaldà 2007, section 4): an exponential histogram whose
 * row {@code r} holds up to {@code maxBuckets} buckets of {@code 2^r} elements each, every bucket
 * keeping the sum of its elements and their sum of squared deviations from the bucket mean.
 *
 * <p>Rows are circular buffers in two flat primitive arrays allocated once: {@value #ROWS} rows
 * cover any window a {@code long} can count, so inserting never allocates. Within a row, the
 * bucket at offset 0 from the row's head is the oldest.
 *
 * <p>The arithmetic, including the order of floating-point operations, follows the ADWIN2
 * description so that cuts happen where MOA's ADWIN makes them; changing an expression's order can
 * move a cut that sits exactly on the threshold.
 */
final class ExponentialHistogram {

  /** Rows 0..62 hold buckets of 2^0..2^62 elements. */
  static final int ROWS = 63;

  /**
   * How close to a term of ε_cut the screen of {@link #hasCut} leaves a split to the exact test:
   * far more than the screen's own rounding (a few parts in 10^16).
   */
  private static final double SCREEN_MARGIN = 1e-9;

  /**
   * A bound on the rounding of the exact difference of means, relative to |sum0·n1| + |sum1·n0|:
   * the quotients, the difference and the screen's products each round by at most 2^-53; 2^-49
   * covers them with room to spare.
   */
  private static final double ROUNDING = 0x1p-49;

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

  ExponentialHistogram(int maxBuckets) {
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
    if (rowSize[0] > maxBuckets) {
      compress();
    }
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
   *
   * <p>Most splits of a window are nowhere near a cut. Each split is first screened with
   * multiplications only: the difference of the means, |sum0·n1 − sum1·n0| / (n0·n1) plus a bound
   * on every rounding error of the exact computation, is compared with each of the two terms of
   * ε_cut, which with 1/m = (a + b) / (ab) need no division either. Only a split that the screen
   * cannot clear (its difference within a part in 10^9 of a term) is tested with the full
   * ε_cut, computed exactly as before; so the screen changes how fast the answer comes, never
   * the answer.
   */
  boolean hasCut(double delta, int minLength) {
    double n0 = 0;
    double n1 = width;
    double sum0 = 0;
    double sum1 = total;
    // The same values for every split; hoisting them out of the loop changes no bit.
    double logTerm = Math.log(2 * Math.log(width) / delta);
    double windowVariance = variance / width;
    double linearTerm = 2.0 / 3.0 * logTerm;
    double sqrtTermLimit = 2 * windowVariance * logTerm * (1 - SCREEN_MARGIN);
    double linearTermLimit = linearTerm * (1 - SCREEN_MARGIN);
    double beforeMinimum = minLength - 1;
    for (int row = rowsInUse - 1; row >= 0; row--) {
      double size = bucketSize(row);
      int count = rowSize[row];
      int first = row * slotsPerRow;
      int slot = first + rowHead[row];
      int end = first + slotsPerRow;
      for (int k = 0; k < count; k++) {
        double bucketSum = sums[slot];
        if (++slot == end) {
          slot = first;
        }
        n0 += size;
        n1 -= size;
        sum0 += bucketSum;
        sum1 -= bucketSum;
        if (row == 0 && k == count - 1) {
          return false;
        }
        if (n0 >= minLength && n1 >= minLength) {
          // The screen: a = n0 - minLength + 1 and b = n1 - minLength + 1, so 1/m = (a+b)/(ab).
          double a = n0 - beforeMinimum;
          double b = n1 - beforeMinimum;
          double older = sum0 * n1;
          double newer = sum1 * n0;
          double sizes = n0 * n1;
          double gap = Math.abs(older - newer) + ROUNDING * (Math.abs(older) + Math.abs(newer));
          double ab = a * b;
          double aPlusB = a + b;
          // The square-root term is the larger one unless the window barely varies: test it first.
          boolean clear = gap * gap * ab < sqrtTermLimit * aPlusB * sizes * sizes
              || gap * ab < linearTermLimit * aPlusB * sizes;
          if (!clear
              && exceedsBound(n0, n1, sum0, sum1, minLength, logTerm, windowVariance, linearTerm)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** ADWIN2's test of one split, with the arithmetic (and its order) of the paper's bound. */
  private static boolean exceedsBound(double n0, double n1, double sum0, double sum1,
      int minLength, double logTerm, double windowVariance, double linearTerm) {
    double difference = Math.abs(sum0 / n0 - sum1 / n1);
    double inverseM = 1 / (n0 - minLength + 1) + 1 / (n1 - minLength + 1);
    double epsilon =
        Math.sqrt(2 * inverseM * windowVariance * logTerm) + linearTerm * inverseM;
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
    int head = rowHead[row] + 1;
    rowHead[row] = head == slotsPerRow ? 0 : head;
    rowSize[row]--;
    if (rowSize[row] == 0 && row == rowsInUse - 1) {
      rowsInUse--;
    }
  }

  private int slot(int row, int offsetFromOldest) {
    int offset = rowHead[row] + offsetFromOldest; // below 2 slotsPerRow: no division needed
    return row * slotsPerRow + (offset >= slotsPerRow ? offset - slotsPerRow : offset);
  }

  private static double bucketSize(int row) {
    return (double) (1L << row);
  }
}

package dev.mlops.core.drift.stats.internal;

import java.util.Arrays;

/**
 * Walks the values of two samples together in ascending order, each tagged with its sample,
 * without sorting either sample as a whole: the pass that the two-sample statistics
 * (Kolmogorov-Smirnov, Wasserstein, histograms, distinct counts) share.
 *
 * <p>How: a distribution sort. Both samples are spread over up to {@value #MAX_BUCKETS} buckets by
 * their position between the joint minimum and maximum, {@code (int) ((value - min) * scale)},
 * which never decreases as the value grows (rounded subtraction and multiplication are monotone),
 * so the buckets hold ascending, disjoint ranges and equal values share a bucket. Each bucket's
 * values from both samples (a few hundred, in the cache) are then sorted together, tagged with
 * their sample, by the same spreading applied again and insertion for the last few values, and
 * walked. Each value is moved once through the whole array and a few times in the cache, where a
 * comparison sort of each sample and a merge would go through memory about {@code log n} times.
 *
 * <p>Values that are equal as doubles ({@code -0.0} and {@code 0.0} included) are adjacent, in
 * no particular order among themselves. The values must be finite. Ranges that cannot be
 * spread (a subnormal width, or a width beyond the largest double) and buckets still too large
 * after {@value #MAX_DEPTH} levels are sorted per sample with {@code Arrays.sort} and merged.
 *
 * <p>An instance keeps its scratch arrays (as long as the samples walked) for the next call: it
 * is not thread-safe; use one per thread.
 */
public final class TwoSampleOrder {

  /** Receives the values of both samples in ascending order, a run at a time. */
  @FunctionalInterface
  public interface Runs {
    /**
     * The next run of values: ascending, above every value of the runs before, and holding every
     * copy of each of its values (equal values never span two runs).
     *
     * @param values the values, in {@code values[0, size)}; valid during the call only
     * @param inSecond for each value, 1 if it comes from the second sample, 0 if from the first
     * @param size how many values the run holds, at least 1
     */
    void run(double[] values, byte[] inSecond, int size);
  }

  private static final int INSERTION_MAX = 32;
  private static final int MAX_BUCKETS = 2048;
  private static final int SLOTS_PER_VALUE = 4;
  private static final int MAX_COUNTED = 8192;
  private static final int MAX_SLOTS = MAX_COUNTED * SLOTS_PER_VALUE;
  private static final int MAX_DEPTH = 4;
  private static final byte FIRST = 0;
  private static final byte SECOND = 1;

  private final int[] firstStarts = new int[MAX_BUCKETS + 1];
  private final int[] secondStarts = new int[MAX_BUCKETS + 1];
  private final int[][] slotStarts = new int[MAX_DEPTH][MAX_SLOTS + 1];
  private double[] firstSpread = new double[0];
  private double[] secondSpread = new double[0];
  private double[] values = new double[INSERTION_MAX];
  private byte[] tags = new byte[INSERTION_MAX];
  private double[] spareValues = new double[INSERTION_MAX];
  private byte[] spareTags = new byte[INSERTION_MAX];
  private int[] slotOf = new int[INSERTION_MAX];

  /**
   * Walks both samples' values in ascending order.
   *
   * @param first the first sample, finite values, in any order; not modified
   * @param second the second sample, finite values, in any order; not modified
   * @param min the smallest value of both samples
   * @param max the largest value of both samples
   * @param runs receives the values, ascending, in runs of a few hundred
   */
  public void walk(double[] first, double[] second, double min, double max, Runs runs) {
    int total = first.length + second.length;
    if (total == 0) {
      return;
    }
    int buckets = bucketsFor(total);
    double scale = buckets / (max - min);
    if (!(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
      buckets = 1; // one value only, or a range that cannot be spread: all in one bucket
    }
    if (firstSpread.length < first.length) {
      firstSpread = new double[first.length];
    }
    if (secondSpread.length < second.length) {
      secondSpread = new double[second.length];
    }
    spread(first, firstSpread, firstStarts, min, scale, buckets);
    spread(second, secondSpread, secondStarts, min, scale, buckets);
    for (int b = 0; b < buckets; b++) {
      int size = sortBucket(firstStarts[b], firstStarts[b + 1], secondStarts[b],
          secondStarts[b + 1]);
      if (size > 0) {
        runs.run(values, tags, size);
      }
    }
  }

  /** Level-1 buckets for a total number of values. */
  private static int bucketsFor(int total) {
    return Math.max(1, Math.min(MAX_BUCKETS, total / (2 * INSERTION_MAX)));
  }

  /**
   * Copies {@code from} into {@code to} grouped by bucket, buckets in ascending order, and leaves
   * in {@code starts[b]} the index where bucket b starts ({@code starts[buckets]} is the length).
   */
  private static void spread(
      double[] from, double[] to, int[] starts, double min, double scale, int buckets) {
    if (buckets == 1) {
      System.arraycopy(from, 0, to, 0, from.length);
      starts[0] = 0;
      starts[1] = from.length;
      return;
    }
    Arrays.fill(starts, 0, buckets + 1, 0);
    int last = buckets - 1;
    for (double value : from) {
      starts[Math.min((int) ((value - min) * scale), last) + 1]++;
    }
    accumulate(starts, buckets, 0);
    // Each bucket is filled from its start; afterwards starts[b] holds where bucket b ends.
    for (double value : from) {
      to[starts[Math.min((int) ((value - min) * scale), last)]++] = value;
    }
    System.arraycopy(starts, 0, starts, 1, buckets);
    starts[0] = 0;
  }

  /**
   * Sorts one bucket's values of both samples, {@code firstSpread[firstFrom, firstTo)} and {@code
   * secondSpread[secondFrom, secondTo)}, into {@code values[0, size)} with their tags, counting
   * them straight from the spread arrays into slots of the bucket's own range.
   *
   * @return the bucket's size
   */
  private int sortBucket(int firstFrom, int firstTo, int secondFrom, int secondTo) {
    int fromFirst = firstTo - firstFrom;
    int size = fromFirst + secondTo - secondFrom;
    if (size == 0) {
      return 0;
    }
    ensureUnionCapacity(size);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = firstFrom; i < firstTo; i++) {
      double value = firstSpread[i];
      min = value < min ? value : min;
      max = value > max ? value : max;
    }
    for (int i = secondFrom; i < secondTo; i++) {
      double value = secondSpread[i];
      min = value < min ? value : min;
      max = value > max ? value : max;
    }
    int slots = slotsFor(size);
    double scale = slots / (max - min);
    if (size <= INSERTION_MAX || !(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
      // Few values, one value only (the order within a group does not matter), or a range too
      // narrow to scale: gather them and sort the plain way.
      System.arraycopy(firstSpread, firstFrom, values, 0, fromFirst);
      Arrays.fill(tags, 0, fromFirst, FIRST);
      System.arraycopy(secondSpread, secondFrom, values, fromFirst, size - fromFirst);
      Arrays.fill(tags, fromFirst, size, SECOND);
      if (min != max) {
        sortTagged(0, size, 0);
      }
      return size;
    }
    int[] starts = slotStarts[0];
    Arrays.fill(starts, 0, slots + 1, 0);
    int last = slots - 1;
    int largest = 0;
    int[] slot = slotOf;
    for (int i = firstFrom; i < firstTo; i++) {
      int k = Math.min((int) ((firstSpread[i] - min) * scale), last);
      slot[i - firstFrom] = k;
      largest = Math.max(largest, ++starts[k + 1]);
    }
    for (int i = secondFrom; i < secondTo; i++) {
      int k = Math.min((int) ((secondSpread[i] - min) * scale), last);
      slot[fromFirst + i - secondFrom] = k;
      largest = Math.max(largest, ++starts[k + 1]);
    }
    accumulate(starts, slots, 0);
    for (int i = firstFrom; i < firstTo; i++) {
      int at = starts[slot[i - firstFrom]]++;
      values[at] = firstSpread[i];
      tags[at] = FIRST;
    }
    for (int i = secondFrom; i < secondTo; i++) {
      int at = starts[slot[fromFirst + i - secondFrom]]++;
      values[at] = secondSpread[i];
      tags[at] = SECOND;
    }
    finish(starts, slots, 0, size, largest, 0);
    return size;
  }

  /** Sorts {@code values[lo, hi)} (with {@code lo < hi}), moving each value's tag along. */
  private void sortTagged(int lo, int hi, int depth) {
    int n = hi - lo;
    if (n <= INSERTION_MAX) {
      insertionSort(lo, hi);
      return;
    }
    double min = values[lo];
    double max = min;
    for (int i = lo + 1; i < hi; i++) {
      double value = values[i];
      min = value < min ? value : min;
      max = value > max ? value : max;
    }
    if (min == max) {
      return; // one group: the order within it does not matter
    }
    int slots = slotsFor(n);
    double scale = slots / (max - min);
    if (depth >= MAX_DEPTH || !(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
      sortEachSampleAndMerge(lo, hi);
      return;
    }
    int[] starts = slotStarts[depth];
    Arrays.fill(starts, 0, slots + 1, 0);
    int last = slots - 1;
    int largest = 0;
    int[] slot = slotOf;
    for (int i = lo; i < hi; i++) {
      int k = Math.min((int) ((values[i] - min) * scale), last);
      slot[i] = k;
      largest = Math.max(largest, ++starts[k + 1]);
    }
    accumulate(starts, slots, lo);
    for (int i = lo; i < hi; i++) {
      int at = starts[slot[i]]++;
      spareValues[at] = values[i];
      spareTags[at] = tags[i];
    }
    System.arraycopy(spareValues, lo, values, lo, n);
    System.arraycopy(spareTags, lo, tags, lo, n);
    finish(starts, slots, lo, hi, largest, depth);
  }

  /**
   * Finishes a range whose values were moved into ascending slots ({@code starts[k]} holding
   * where slot k ends): slots holding many values (ties, or a skewed range) are sorted on their
   * own, then one insertion pass orders the values within the other slots, most holding one.
   */
  private void finish(int[] starts, int slots, int lo, int hi, int largest, int depth) {
    if (largest > INSERTION_MAX) {
      int start = lo;
      for (int k = 0; k < slots; k++) {
        int end = starts[k];
        if (end - start > INSERTION_MAX) {
          sortTagged(start, end, depth + 1);
        }
        start = end;
      }
    }
    insertionSort(lo, hi);
  }

  /**
   * Turns counts into starts: {@code starts[k + 1]} holds how many values go to slot k; afterwards
   * {@code starts[k]} is where slot k starts, the first at {@code first}.
   */
  private static void accumulate(int[] starts, int slots, int first) {
    starts[0] = first;
    for (int k = 1; k <= slots; k++) {
      starts[k] += starts[k - 1];
    }
  }

  /** Slots for n values: about four per value, a power of two, at most {@value #MAX_SLOTS}. */
  private static int slotsFor(int n) {
    return n > MAX_COUNTED ? MAX_SLOTS : Integer.highestOneBit(n * SLOTS_PER_VALUE - 1) << 1;
  }

  private void insertionSort(int lo, int hi) {
    double[] v = values;
    byte[] t = tags;
    for (int i = lo + 1; i < hi; i++) {
      double value = v[i];
      byte tag = t[i];
      int j = i - 1;
      while (j >= lo && v[j] > value) {
        v[j + 1] = v[j];
        t[j + 1] = t[j];
        j--;
      }
      v[j + 1] = value;
      t[j + 1] = tag;
    }
  }

  /** The fallback: each sample's values of the range sorted on their own, then merged. */
  private void sortEachSampleAndMerge(int lo, int hi) {
    int firstEnd = lo;
    int secondEnd = hi;
    for (int i = lo; i < hi; i++) {
      if (tags[i] == FIRST) {
        spareValues[firstEnd++] = values[i];
      } else {
        spareValues[--secondEnd] = values[i];
      }
    }
    Arrays.sort(spareValues, lo, firstEnd);
    Arrays.sort(spareValues, secondEnd, hi);
    int i = lo;
    int j = secondEnd;
    for (int k = lo; k < hi; k++) {
      if (j >= hi || (i < firstEnd && spareValues[i] <= spareValues[j])) {
        values[k] = spareValues[i++];
        tags[k] = FIRST;
      } else {
        values[k] = spareValues[j++];
        tags[k] = SECOND;
      }
    }
  }

  private void ensureUnionCapacity(int size) {
    if (values.length < size) {
      int capacity = Math.max(size, 2 * values.length);
      values = new double[capacity];
      tags = new byte[capacity];
      spareValues = new double[capacity];
      spareTags = new byte[capacity];
      slotOf = new int[capacity];
    }
  }
}

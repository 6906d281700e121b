package dev.mlops.core.estimation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * What a {@link BinaryPerformanceEstimator} needs of a set of scores to estimate its metrics, kept
 * in a form that merges: accumulators of disjoint sets (panes of a window, instances of a fleet)
 * merge into the accumulator of their union.
 *
 * <ul>
 *   <li>The expected confusion matrix (TP, FP, FN, TN: sums of {@code p} and {@code 1 - p} over
 *       the rows predicted positive and negative) and the row count are summed exactly, so
 *       accuracy, precision, recall and F1 equal {@link BinaryPerformanceEstimator#estimate}'s up
 *       to the order of floating-point sums.
 *   <li>The expected ROC curve needs the rows in score order, which no fixed-size sum keeps: the
 *       scores are cut into {@value #BINS} equal bins of {@code [0, 1]} (a score outside goes to
 *       the end bin), each bin keeps its sums of {@code p} and {@code 1 - p}, and the rows of a bin
 *       count as tied. The area then differs from the exact one by at most half the sum over bins
 *       of the bin's share of the expected positives times its share of the expected negatives
 *       (within a bin the exact curve stays in the rectangle the bin spans, and the chord the
 *       binned curve draws is at most half the rectangle's area away from it): {@link
 *       #rocAucErrorBound()} computes that bound, which is at most half the largest share of the
 *       expected positives any one bin holds.
 * </ul>
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class BinaryEstimateAccumulator {

  /** How many equal bins of the score the ROC curve is drawn over. */
  public static final int BINS = RocBins.BINS;

  private static final int MAGIC = 0x4D4C4541; // "MLEA"

  private final BinaryPerformanceEstimator estimator;
  private long rows;
  private double tp;
  private double fp;
  private double fn;
  private double tn;
  private final double[] positives = new double[BINS];
  private final double[] negatives = new double[BINS];

  BinaryEstimateAccumulator(BinaryPerformanceEstimator estimator) {
    this.estimator = estimator;
  }

  /**
   * Adds a row's score.
   *
   * @param score the row's score of the positive class
   * @throws IllegalArgumentException if the score is not finite
   * @since 0.1
   */
  public void add(double score) {
    double p = estimator.probability(score);
    int bin = RocBins.bin(score);
    if (score >= estimator.threshold()) {
      tp += p;
      fp += 1.0 - p;
    } else {
      fn += p;
      tn += 1.0 - p;
    }
    positives[bin] += p;
    negatives[bin] += 1.0 - p;
    rows++;
  }

  /**
   * Adds another accumulator's rows to this one.
   *
   * @param other an accumulator of the same estimator's scores
   * @since 0.1
   */
  public void merge(BinaryEstimateAccumulator other) {
    rows += other.rows;
    tp += other.tp;
    fp += other.fp;
    fn += other.fn;
    tn += other.tn;
    for (int b = 0; b < BINS; b++) {
      positives[b] += other.positives[b];
      negatives[b] += other.negatives[b];
    }
  }

  /**
   * The rows added.
   *
   * @return the row count
   * @since 0.1
   */
  public long rows() {
    return rows;
  }

  /**
   * The estimate of the rows added, with the estimator's bands.
   *
   * @return the estimate; ROC AUC left out when every row is certainly of one class
   * @throws IllegalStateException if no row was added
   * @since 0.1
   */
  public PerformanceEstimate estimate() {
    if (rows == 0) {
      throw new IllegalStateException("there are no rows to estimate the performance of");
    }
    return estimator.withBands(ExpectedMetrics.fromConfusion(tp, fp, fn, tn, rows,
        RocBins.rocAuc(positives, negatives)), rows);
  }

  /**
   * The most the binned ROC AUC of {@link #estimate()} can differ from the exact expected ROC
   * AUC of the same rows: half the sum over bins of the bin's share of the expected positives
   * times its share of the expected negatives.
   *
   * @return the bound, NaN when ROC AUC is undefined
   * @since 0.1
   */
  public double rocAucErrorBound() {
    return RocBins.errorBound(positives, negatives);
  }

  /**
   * The accumulator as bytes, for a store: counts, sums and the non-empty bins.
   *
   * @return the bytes that {@link #fromBytes} reads
   * @since 0.1
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeLong(rows);
      out.writeDouble(tp);
      out.writeDouble(fp);
      out.writeDouble(fn);
      out.writeDouble(tn);
      RocBins.write(out, positives, negatives);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an accumulator written by {@link #toBytes()}.
   *
   * @param estimator the estimator whose scores it accumulated
   * @param bytes the bytes
   * @return the accumulator
   * @throws IllegalArgumentException if the bytes are not an accumulator or are corrupt
   * @since 0.1
   */
  public static BinaryEstimateAccumulator fromBytes(BinaryPerformanceEstimator estimator,
      byte[] bytes) {
    BinaryEstimateAccumulator accumulator = new BinaryEstimateAccumulator(
        Objects.requireNonNull(estimator, "estimator"));
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("Not an estimate accumulator (no MLEA header)");
      }
      accumulator.rows = in.readLong();
      accumulator.tp = in.readDouble();
      accumulator.fp = in.readDouble();
      accumulator.fn = in.readDouble();
      accumulator.tn = in.readDouble();
      RocBins.read(in, accumulator.positives, accumulator.negatives);
    } catch (IOException e) {
      throw new IllegalArgumentException("Truncated estimate accumulator: " + e.getMessage(), e);
    }
    if (accumulator.rows < 0) {
      throw new IllegalArgumentException("Estimate accumulator with " + accumulator.rows
          + " rows");
    }
    return accumulator;
  }
}

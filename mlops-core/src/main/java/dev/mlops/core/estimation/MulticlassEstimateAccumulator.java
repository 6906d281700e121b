package dev.mlops.core.estimation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * What a {@link MulticlassPerformanceEstimator} needs of a set of score rows to estimate its
 * metrics, kept in a form that merges: accumulators of disjoint sets (panes of a window,
 * instances of a fleet) merge into the accumulator of their union.
 *
 * <p>A row's predicted class is its highest raw score (the first on ties) and its probabilities
 * are the estimator's calibrated scores divided by their sum, as in {@link
 * MulticlassPerformanceEstimator#estimate}. Then, for each class {@code c} with {@code p} the
 * row's probability of {@code c}:
 *
 * <ul>
 *   <li>the expected TP, FP and FN of "predicted {@code c}" (sums of {@code p} and {@code 1 - p}
 *       over the rows predicted {@code c}, and of {@code p} over the others) and the row count are
 *       summed exactly, so accuracy and the macro precision, recall and F1 equal {@link
 *       MulticlassPerformanceEstimator#estimate}'s up to the order of floating-point sums;
 *   <li>the expected ROC curve of {@code c} is kept as {@value RocBins#BINS} equal bins of the raw
 *       score of {@code c} in {@code [0, 1]}, as {@link BinaryEstimateAccumulator} keeps the
 *       binary one, so each class's ROC AUC is within that class's bound of the exact one, and the
 *       macro ROC AUC (the mean over the classes where it is defined, the same classes as for the
 *       exact one since the totals are exact) within the mean of those bounds: {@link
 *       #rocAucErrorBound()}.
 * </ul>
 *
 * <p>Memory: two arrays of {@value RocBins#BINS} doubles per class, about 16 KB per class.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class MulticlassEstimateAccumulator {

  private static final int MAGIC = 0x4D4C454D; // "MLEM"

  private final MulticlassPerformanceEstimator estimator;
  private final int k;
  private long rows;
  private final double[] tp;
  private final double[] fp;
  private final double[] fn;
  private final double[][] positives;
  private final double[][] negatives;
  private final double[] p;

  MulticlassEstimateAccumulator(MulticlassPerformanceEstimator estimator) {
    this.estimator = estimator;
    this.k = estimator.classes().size();
    this.tp = new double[k];
    this.fp = new double[k];
    this.fn = new double[k];
    this.positives = new double[k][RocBins.BINS];
    this.negatives = new double[k][RocBins.BINS];
    this.p = new double[k];
  }

  /**
   * Adds a row's scores.
   *
   * @param scores one raw score per class, in the order of the estimator's classes
   * @throws IllegalArgumentException if the row has another number of scores than classes, or a
   *     score is not finite (or, for an estimator without calibration, not in [0, 1])
   * @since 0.1
   */
  public void add(double[] scores) {
    Objects.requireNonNull(scores, "scores");
    estimator.checkRow(scores);
    estimator.probabilities(scores, p);
    int predicted = OneVsRest.argmax(scores);
    for (int c = 0; c < k; c++) {
      if (c == predicted) {
        tp[c] += p[c];
        fp[c] += 1.0 - p[c];
      } else {
        fn[c] += p[c];
      }
      int bin = RocBins.bin(scores[c]);
      positives[c][bin] += p[c];
      negatives[c][bin] += 1.0 - p[c];
    }
    rows++;
  }

  /**
   * Adds another accumulator's rows to this one.
   *
   * @param other an accumulator of the same estimator's scores
   * @throws IllegalArgumentException if the other accumulator has another number of classes
   * @since 0.1
   */
  public void merge(MulticlassEstimateAccumulator other) {
    if (other.k != k) {
      throw new IllegalArgumentException("Cannot merge an estimate accumulator of " + other.k
          + " classes into one of " + k);
    }
    rows += other.rows;
    for (int c = 0; c < k; c++) {
      tp[c] += other.tp[c];
      fp[c] += other.fp[c];
      fn[c] += other.fn[c];
      for (int b = 0; b < RocBins.BINS; b++) {
        positives[c][b] += other.positives[c][b];
        negatives[c][b] += other.negatives[c][b];
      }
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
   * The estimate of the rows added, macro-averaged, with the estimator's bands.
   *
   * @return the estimate; ROC AUC left out when no class has both expected positives and
   *     negatives
   * @throws IllegalStateException if no row was added
   * @since 0.1
   */
  public PerformanceEstimate estimate() {
    if (rows == 0) {
      throw new IllegalStateException("there are no rows to estimate the performance of");
    }
    double truePositives = 0.0;
    double[] sums = new double[ExpectedMetrics.COUNT];
    int aucClasses = 0;
    for (int c = 0; c < k; c++) {
      truePositives += tp[c];
      sums[ExpectedMetrics.PRECISION] += ExpectedMetrics.ratio(tp[c], tp[c] + fp[c]);
      sums[ExpectedMetrics.RECALL] += ExpectedMetrics.ratio(tp[c], tp[c] + fn[c]);
      sums[ExpectedMetrics.F1] += ExpectedMetrics.ratio(tp[c], tp[c] + 0.5 * (fp[c] + fn[c]));
      double auc = RocBins.rocAuc(positives[c], negatives[c]);
      if (!Double.isNaN(auc)) {
        sums[ExpectedMetrics.ROC_AUC] += auc;
        aucClasses++;
      }
    }
    double[] metrics = new double[ExpectedMetrics.COUNT];
    metrics[ExpectedMetrics.ACCURACY] = truePositives / rows;
    metrics[ExpectedMetrics.PRECISION] = sums[ExpectedMetrics.PRECISION] / k;
    metrics[ExpectedMetrics.RECALL] = sums[ExpectedMetrics.RECALL] / k;
    metrics[ExpectedMetrics.F1] = sums[ExpectedMetrics.F1] / k;
    metrics[ExpectedMetrics.ROC_AUC] =
        aucClasses == 0 ? Double.NaN : sums[ExpectedMetrics.ROC_AUC] / aucClasses;
    return estimator.withBands(metrics, rows);
  }

  /**
   * The most the binned macro ROC AUC of {@link #estimate()} can differ from the exact expected
   * one of the same rows: the mean, over the classes where ROC AUC is defined, of each class's
   * bound as {@link BinaryEstimateAccumulator#rocAucErrorBound()} defines it.
   *
   * @return the bound, NaN when ROC AUC is undefined for every class
   * @since 0.1
   */
  public double rocAucErrorBound() {
    double sum = 0.0;
    int classes = 0;
    for (int c = 0; c < k; c++) {
      double bound = RocBins.errorBound(positives[c], negatives[c]);
      if (!Double.isNaN(bound)) {
        sum += bound;
        classes++;
      }
    }
    return classes == 0 ? Double.NaN : sum / classes;
  }

  /**
   * The accumulator as bytes, for a store: the class count, the row count, each class's sums and
   * its non-empty bins.
   *
   * @return the bytes that {@link #fromBytes} reads
   * @since 0.1
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(k);
      out.writeLong(rows);
      for (int c = 0; c < k; c++) {
        out.writeDouble(tp[c]);
        out.writeDouble(fp[c]);
        out.writeDouble(fn[c]);
        RocBins.write(out, positives[c], negatives[c]);
      }
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
   * @throws IllegalArgumentException if the bytes are not a multi-class accumulator, are corrupt,
   *     or hold another number of classes than the estimator has
   * @since 0.1
   */
  public static MulticlassEstimateAccumulator fromBytes(MulticlassPerformanceEstimator estimator,
      byte[] bytes) {
    MulticlassEstimateAccumulator accumulator = new MulticlassEstimateAccumulator(
        Objects.requireNonNull(estimator, "estimator"));
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(
            "Not a multi-class estimate accumulator (no MLEM header)");
      }
      int classes = in.readInt();
      if (classes != accumulator.k) {
        throw new IllegalArgumentException("The estimate accumulator holds " + classes
            + " classes but the estimator has " + accumulator.k + ": " + estimator.classes());
      }
      accumulator.rows = in.readLong();
      for (int c = 0; c < accumulator.k; c++) {
        accumulator.tp[c] = in.readDouble();
        accumulator.fp[c] = in.readDouble();
        accumulator.fn[c] = in.readDouble();
        RocBins.read(in, accumulator.positives[c], accumulator.negatives[c]);
      }
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

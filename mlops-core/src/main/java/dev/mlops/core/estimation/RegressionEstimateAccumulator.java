package dev.mlops.core.estimation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DirectLossEstimator} needs of a set of rows to estimate their MAE and RMSE, kept
 * in a form that merges: the row count and the sums of the loss models' predicted absolute and
 * squared errors (each negative prediction counted as 0, as {@link DirectLossEstimator#estimate}
 * does). Accumulators of disjoint sets (panes of a window, instances of a fleet) merge into the
 * accumulator of their union exactly, up to the order of floating-point sums; an accumulator fed
 * rows in the order the array estimator is given them sums in the same order, so its {@link
 * #estimate()} equals {@link DirectLossEstimator#estimate} on those rows.
 *
 * <p>The loss models do not run when a row is {@linkplain #add added}: added rows wait (each
 * copied, with the prediction, as the loss models' input) until {@value #BATCH} are waiting, or
 * until {@link #flush()}, {@link #estimate()}, {@link #merge} or {@link #toBytes()} is called,
 * and then run through both loss models as one batch. Memory: at most {@value #BATCH} waiting
 * input maps, plus three numbers.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class RegressionEstimateAccumulator {

  /** The most rows that wait for the loss models before they run on them. */
  public static final int BATCH = 256;

  private static final int MAGIC = 0x4D4C4552; // "MLER"

  private final DirectLossEstimator estimator;
  private List<Map<String, @Nullable Object>> waiting = new ArrayList<>();
  private long rows;
  /** The sums of the predicted absolute and squared errors. */
  private final double[] sums = new double[2];

  RegressionEstimateAccumulator(DirectLossEstimator estimator) {
    this.estimator = estimator;
  }

  /**
   * Adds a row and the monitored model's prediction for it; runs the loss models on the waiting
   * rows when {@value #BATCH} are waiting.
   *
   * @param row the row's features, as the reference had them (the map is copied)
   * @param prediction the monitored model's prediction
   * @throws IllegalArgumentException if the prediction is not finite
   * @throws RuntimeException whatever the loss models throw when they run; the rows of that batch
   *     are then left out
   * @since 0.1
   */
  public void add(Map<String, ?> row, double prediction) {
    Objects.requireNonNull(row, "row");
    if (!Double.isFinite(prediction)) {
      throw new IllegalArgumentException("the prediction must be finite but was " + prediction);
    }
    waiting.add(estimator.withPrediction(row, prediction));
    if (waiting.size() >= BATCH) {
      flush();
    }
  }

  /**
   * Runs the loss models on the rows waiting for them, as one batch, and adds their predicted
   * errors to the sums.
   *
   * @throws RuntimeException whatever the loss models throw (for example when the estimator was
   *     closed, or a row lacks a feature the loss models need); the waiting rows are then left out
   * @since 0.1
   */
  public void flush() {
    if (waiting.isEmpty()) {
      return;
    }
    List<Map<String, @Nullable Object>> batch = waiting;
    waiting = new ArrayList<>();
    estimator.addPredictedLosses(batch, sums);
    rows += batch.size();
  }

  /**
   * Adds another accumulator's rows to this one, after running the loss models on both's waiting
   * rows.
   *
   * @param other an accumulator of the same estimator's rows
   * @throws RuntimeException whatever the loss models throw on the waiting rows
   * @since 0.1
   */
  public void merge(RegressionEstimateAccumulator other) {
    Objects.requireNonNull(other, "other");
    flush();
    other.flush();
    rows += other.rows;
    sums[0] += other.sums[0];
    sums[1] += other.sums[1];
  }

  /**
   * The rows added, those waiting for the loss models included.
   *
   * @return the row count
   * @since 0.1
   */
  public long rows() {
    return rows + waiting.size();
  }

  /**
   * The estimated MAE and RMSE of the rows added, with the estimator's bands, after running the
   * loss models on the waiting rows.
   *
   * @return the estimate
   * @throws IllegalStateException if no row was added
   * @throws RuntimeException whatever the loss models throw on the waiting rows
   * @since 0.1
   */
  public PerformanceEstimate estimate() {
    flush();
    if (rows == 0) {
      throw new IllegalStateException("there are no rows to estimate the performance of");
    }
    return estimator.withBands(sums[0], sums[1], rows);
  }

  /**
   * The accumulator as bytes, for a store, after running the loss models on the waiting rows:
   * magic {@code MLER}, the row count, the sums of the predicted absolute and squared errors.
   *
   * @return the bytes that {@link #fromBytes} reads
   * @throws RuntimeException whatever the loss models throw on the waiting rows
   * @since 0.1
   */
  public byte[] toBytes() {
    flush();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeLong(rows);
      out.writeDouble(sums[0]);
      out.writeDouble(sums[1]);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an accumulator written by {@link #toBytes()}.
   *
   * @param estimator the estimator whose loss models predicted the sums
   * @param bytes the bytes
   * @return the accumulator
   * @throws IllegalArgumentException if the bytes are not a regression estimate accumulator or
   *     are corrupt (truncated, a negative row count, sums that are negative or not finite)
   * @since 0.1
   */
  public static RegressionEstimateAccumulator fromBytes(DirectLossEstimator estimator,
      byte[] bytes) {
    RegressionEstimateAccumulator accumulator = new RegressionEstimateAccumulator(
        Objects.requireNonNull(estimator, "estimator"));
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(
            "Not a regression estimate accumulator (no MLER header)");
      }
      accumulator.rows = in.readLong();
      accumulator.sums[0] = in.readDouble();
      accumulator.sums[1] = in.readDouble();
    } catch (IOException e) {
      throw new IllegalArgumentException("Truncated estimate accumulator: " + e.getMessage(), e);
    }
    double[] sums = accumulator.sums;
    if (accumulator.rows < 0 || !(sums[0] >= 0) || !(sums[1] >= 0)
        || Double.isInfinite(sums[0]) || Double.isInfinite(sums[1])) {
      throw new IllegalArgumentException("Corrupt regression estimate accumulator: "
          + accumulator.rows + " rows, sums " + sums[0] + " and " + sums[1]);
    }
    return accumulator;
  }
}

package dev.mlops.core.monitor;

import dev.mlops.predict.Prediction;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a prediction call leaves in the record buffer: a compact record the caller's thread appends
 * and the folding thread turns into window state. A successful row carries its prediction (and its
 * input when sampled); a successful batch carries all its predictions and inputs in one record, so
 * that the caller pays for one record per call, not per row; a failed call carries the number of
 * rows it failed for.
 *
 * @param timeMillis when the call returned, by the monitor's clock
 * @param version the version that served (or, for a failure, was serving)
 * @param prediction the prediction of a single row, null for a batch or a failure
 * @param input the single row's input when sampled, null otherwise; read when folded
 * @param sampled whether the sampler chose the single row
 * @param batchPredictions the predictions of a batch, in row order; null otherwise
 * @param batchInputs the inputs of a batch, in row order, null when no row can be sampled; read
 *     when folded
 * @param firstRow the sampler's row number of the batch's first row (see {@link Sampler#claim})
 * @param failedRows rows of a failed call, 0 for a success
 * @param invalidInput whether the failure was an invalid input (otherwise an engine failure)
 */
record Observation(
    long timeMillis,
    int version,
    @Nullable Prediction prediction,
    @Nullable Map<String, ?> input,
    boolean sampled,
    @Nullable List<Prediction> batchPredictions,
    @Nullable List<Map<String, ?>> batchInputs,
    long firstRow,
    int failedRows,
    boolean invalidInput) {

  static Observation success(long timeMillis, Prediction prediction, Map<String, ?> input,
      boolean sampled) {
    return new Observation(timeMillis, prediction.version(), prediction, sampled ? input : null,
        sampled, null, null, 0, 0, false);
  }

  static Observation batch(long timeMillis, List<Prediction> predictions,
      @Nullable List<Map<String, ?>> inputs, long firstRow) {
    return new Observation(timeMillis, predictions.get(0).version(), null, null, false,
        predictions, inputs, firstRow, 0, false);
  }

  static Observation failure(long timeMillis, int version, int rows, boolean invalidInput) {
    return new Observation(timeMillis, version, null, null, false, null, null, 0, rows,
        invalidInput);
  }

  /** The rows this record stands for: 1 for a row, the batch's size, or the failed rows. */
  int rows() {
    if (batchPredictions != null) {
      return batchPredictions.size();
    }
    return prediction != null ? 1 : failedRows;
  }
}

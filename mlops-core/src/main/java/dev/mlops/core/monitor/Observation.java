package dev.mlops.core.monitor;

import dev.mlops.predict.Prediction;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a prediction call leaves in the record buffer: a compact record the caller's thread appends
 * and the folding thread turns into window state. A successful row carries its prediction (and its
 * input when sampled); a failed call carries the number of rows it failed for.
 *
 * @param timeMillis when the call returned, by the monitor's clock
 * @param version the version that served (or, for a failure, was serving)
 * @param prediction the prediction, null for a failure
 * @param input the row's input when sampled, null otherwise; read when folded
 * @param sampled whether the sampler chose the row
 * @param failedRows rows of a failed call, 0 for a successful row
 * @param invalidInput whether the failure was an invalid input (otherwise an engine failure)
 */
record Observation(
    long timeMillis,
    int version,
    @Nullable Prediction prediction,
    @Nullable Map<String, ?> input,
    boolean sampled,
    int failedRows,
    boolean invalidInput) {

  static Observation success(long timeMillis, Prediction prediction, Map<String, ?> input,
      boolean sampled) {
    return new Observation(timeMillis, prediction.version(), prediction, sampled ? input : null,
        sampled, 0, false);
  }

  static Observation failure(long timeMillis, int version, int rows, boolean invalidInput) {
    return new Observation(timeMillis, version, null, null, false, rows, invalidInput);
  }
}

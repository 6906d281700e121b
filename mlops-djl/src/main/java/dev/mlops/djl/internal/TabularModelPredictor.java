package dev.mlops.djl.internal;

import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A thread-safe tabular predictor over one loaded version. {@link #close()} lets calls in flight
 * finish on the model and then frees its native memory.
 */
public final class TabularModelPredictor implements Predictor<Map<String, Object>, Prediction> {

  private final LoadedModel model;

  /**
   * Wraps a loaded model; the predictor owns it from now on.
   *
   * @param model the model
   */
  public TabularModelPredictor(LoadedModel model) {
    this.model = model;
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    // singletonList admits null, which validation then rejects with a clear message.
    return call(Collections.singletonList(input), true).get(0);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    return call(inputs, false);
  }

  @Override
  public ModelVersion modelVersion() {
    return model.version();
  }

  @Override
  public void close() {
    model.retire(model::closeNow);
  }

  /**
   * Whether the native model has been freed.
   *
   * @return true once closed and drained
   */
  public boolean isReleased() {
    return model.isClosed();
  }

  /**
   * How many native arrays the model holds now; see {@link LoadedModel#openNativeArrays()}.
   *
   * @return the number of open arrays
   */
  public int openNativeArrays() {
    return model.openNativeArrays();
  }

  /**
   * How many engine calls the model has made; see {@link LoadedModel#engineCalls()}.
   *
   * @return the count
   */
  public long engineCalls() {
    return model.engineCalls();
  }

  /** The loaded model, for an explainer that shares it. */
  LoadedModel model() {
    return model;
  }

  private List<Prediction> call(List<? extends Map<String, ?>> rows, boolean single) {
    return model.whileAcquired("predictor", () -> model.predictAcquired(rows, single));
  }
}

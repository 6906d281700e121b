package dev.mlops.djl.internal;

import dev.mlops.predict.Explanation;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A thread-safe explainer over one loaded version: each call returns the predictions and the
 * feature contributions of its rows. {@link #close()} lets calls in flight finish on the model and
 * then frees its native memory.
 */
public final class TabularExplainer implements Predictor<Map<String, Object>, Explanation> {

  private final LoadedModel model;

  /**
   * Wraps a loaded model; the explainer owns it from now on.
   *
   * @param model the model
   * @throws PredictionException if the model's format computes no
   *     contributions (the model is closed first)
   */
  public TabularExplainer(LoadedModel model) {
    if (!model.explains()) {
      model.closeNow();
      ModelVersion v = model.version();
      throw new PredictionException("Model '" + v.name() + "' version "
          + v.version() + " has format '" + v.format() + "', whose engine computes no feature "
          + "contributions; explanations are available for formats whose engines compute them "
          + "natively (xgboost)", null);
    }
    this.model = model;
  }

  @Override
  public Explanation predict(Map<String, Object> input) {
    // singletonList admits null, which validation then rejects with a clear message.
    return call(Collections.singletonList(input), true).get(0);
  }

  @Override
  public List<Explanation> predictBatch(List<Map<String, Object>> inputs) {
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

  private List<Explanation> call(List<? extends Map<String, ?>> rows, boolean single) {
    return model.whileAcquired("explainer", () -> model.explainAcquired(rows, single));
  }
}

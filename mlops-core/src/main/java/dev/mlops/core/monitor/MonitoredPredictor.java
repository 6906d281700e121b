package dev.mlops.core.monitor;

import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.Map;

/** A predictor that reports every call to its monitor and otherwise behaves as its delegate. */
class MonitoredPredictor implements Predictor<Map<String, Object>, Prediction> {

  private final Predictor<Map<String, Object>, Prediction> delegate;
  private final ModelMonitor monitor;

  MonitoredPredictor(Predictor<Map<String, Object>, Prediction> delegate, ModelMonitor monitor) {
    this.delegate = delegate;
    this.monitor = monitor;
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    Prediction prediction;
    try {
      prediction = delegate.predict(input);
    } catch (InvalidInputException e) {
      monitor.recordFailure(delegate, 1, true);
      throw e;
    } catch (PredictionException e) {
      monitor.recordFailure(delegate, 1, false);
      throw e;
    }
    monitor.recordPrediction(input, prediction);
    return prediction;
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    List<Prediction> predictions;
    try {
      predictions = delegate.predictBatch(inputs);
    } catch (InvalidInputException e) {
      monitor.recordFailure(delegate, inputs.size(), true);
      throw e;
    } catch (PredictionException e) {
      monitor.recordFailure(delegate, inputs.size(), false);
      throw e;
    }
    monitor.recordBatch(inputs, predictions);
    return predictions;
  }

  @Override
  public ModelVersion modelVersion() {
    return delegate.modelVersion();
  }

  /** Closes the delegate; the monitor stays open. */
  @Override
  public void close() {
    delegate.close();
  }
}

package dev.mlops.bench;

import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Answers every row with a new prediction of fixed scores, at once: what the monitor benchmarks
 * wrap, so that they measure the monitor and not an engine.
 */
final class PreparedPredictor implements Predictor<Map<String, Object>, Prediction> {

  private static final List<Double> SCORES = List.of(0.7, 0.2, 0.1);
  private final ModelVersion version;
  private long ids;

  PreparedPredictor(ModelVersion version) {
    this.version = version;
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    return new Prediction(Long.toString(ids++), version.name(), version.version(), SCORES,
        "stay", Duration.ofNanos(1000));
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    return inputs.stream().map(this::predict).toList();
  }

  @Override
  public ModelVersion modelVersion() {
    return version;
  }

  @Override
  public void close() {}
}

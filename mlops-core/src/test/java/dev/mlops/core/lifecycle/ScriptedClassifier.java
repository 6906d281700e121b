package dev.mlops.core.lifecycle;

import dev.mlops.core.training.TabularDataset;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A binary classifier of churn rows that answers from a script: row {@code id} gets the scores
 * drawn for it, right with a chosen probability. Rows have one feature, {@code id}.
 */
final class ScriptedClassifier implements Predictor<Map<String, Object>, Prediction> {

  static final List<String> CLASSES = List.of("no", "yes");

  private final ModelVersion version;
  private final double[][] scores;
  private final double accuracy;
  private boolean closed;

  private ScriptedClassifier(ModelVersion version, double[][] scores, double accuracy) {
    this.version = version;
    this.scores = scores;
    this.accuracy = accuracy;
  }

  /** Labelled rows {@code 0..n-1}, each "yes" with probability 0.4. */
  static TabularDataset rows(Random random, int n, boolean[] actualYes) {
    TabularDataset.Builder builder = TabularDataset.builder(
        List.of(FieldSpec.scalar("id", DataType.INT64)), FieldSpec.categorical("churned", CLASSES));
    for (int i = 0; i < n; i++) {
      actualYes[i] = random.nextDouble() < 0.4;
      builder.addRow(Map.of("id", (long) i), actualYes[i] ? "yes" : "no");
    }
    return builder.build();
  }

  /**
   * A version whose prediction of each row is right with probability {@code accuracy}: the
   * actual class gets a probability above 0.5 when right, below when wrong. The version scores
   * its classes in the given order.
   */
  static ScriptedClassifier of(int number, List<String> outputOrder, Random random, boolean[] actualYes,
      double accuracy) {
    double[][] scores = new double[actualYes.length][];
    int yes = outputOrder.indexOf("yes");
    int rightRows = 0;
    for (int i = 0; i < actualYes.length; i++) {
      boolean right = random.nextDouble() < accuracy;
      rightRows += right ? 1 : 0;
      double confidence = 0.5 + 0.5 * random.nextDouble() * 0.999 + 0.0005;
      double pActual = right ? confidence : 1 - confidence;
      double pYes = actualYes[i] ? pActual : 1 - pActual;
      scores[i] = new double[2];
      scores[i][yes] = pYes;
      scores[i][1 - yes] = 1 - pYes;
    }
    return new ScriptedClassifier(version(number, outputOrder), scores, (double) rightRows / actualYes.length);
  }

  static ModelVersion version(int number, List<String> outputOrder) {
    ModelSignature signature = ModelSignature.of(List.of(FieldSpec.scalar("id", DataType.INT64)),
        List.of(FieldSpec.categorical("churned", outputOrder)));
    return new ModelVersion(Fixtures.MODEL, number, ModelFormat.ONNX,
        List.of(new ArtifactRef("model.onnx", 3, "0".repeat(64))), signature, Map.of(), Map.of(), Map.of(),
        Lineage.empty(), ModelVersionStatus.READY, Set.of(), null, Instant.parse("2026-01-01T00:00:00Z"), "test");
  }

  /** The share of rows it predicts right. */
  double accuracy() {
    return accuracy;
  }

  boolean closed() {
    return closed;
  }

  @Override
  public Prediction predict(Map<String, Object> input) {
    int id = ((Number) input.get("id")).intValue();
    List<Double> s = List.of(scores[id][0], scores[id][1]);
    return new Prediction("p" + id, version.name(), version.version(), s, null, Duration.ZERO);
  }

  @Override
  public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
    List<Prediction> out = new ArrayList<>(inputs.size());
    inputs.forEach(input -> out.add(predict(input)));
    return out;
  }

  @Override
  public ModelVersion modelVersion() {
    return version;
  }

  @Override
  public void close() {
    closed = true;
  }
}

package dev.mlops.samples.churn;

import dev.mlops.core.metrics.ClassificationMetrics;
import dev.mlops.core.metrics.ClassificationReport;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.data.ChurnDataGenerator;
import dev.mlops.testkit.data.ChurnRow;
import java.util.List;
import java.util.Map;

/** Accuracy and ROC AUC of churn predictions against what really happened. */
final class Scores {

  /** The classes in the order the metrics take their probabilities. */
  static final List<String> CLASSES = List.of(ChurnDataGenerator.NO, ChurnDataGenerator.YES);

  /** Rows per batch call; predictors accept 1024 unless configured otherwise. */
  private static final int BATCH = 500;

  private final ClassificationMetrics metrics =
      new ClassificationMetrics(CLASSES, ChurnDataGenerator.YES);

  /** Adds one prediction, whose scores follow the output classes of the version that made it. */
  void add(List<Double> scores, List<String> outputClasses, String actual) {
    double[] probabilities = new double[CLASSES.size()];
    for (int i = 0; i < CLASSES.size(); i++) {
      probabilities[i] = scores.get(outputClasses.indexOf(CLASSES.get(i)));
    }
    metrics.add(probabilities, actual);
  }

  void add(Prediction prediction, List<String> outputClasses, String actual) {
    add(prediction.scores(), outputClasses, actual);
  }

  /**
   * Scores customers with a predictor in batches small enough for any predictor's batch limit,
   * adding each prediction against the customer's true outcome.
   */
  static Scores of(Predictor<Map<String, Object>, Prediction> model, List<ChurnRow> customers) {
    Scores scores = new Scores();
    List<String> classes = outputClasses(model.modelVersion());
    for (int from = 0; from < customers.size(); from += BATCH) {
      List<ChurnRow> batch = customers.subList(from, Math.min(customers.size(), from + BATCH));
      List<Prediction> predictions = model.predictBatch(batch.stream().map(ChurnRow::features).toList());
      for (int i = 0; i < batch.size(); i++) {
        scores.add(predictions.get(i), classes, batch.get(i).churned());
      }
    }
    return scores;
  }

  long count() {
    return metrics.count();
  }

  ClassificationReport report() {
    return metrics.report();
  }

  /** The class labels of a version's score vector, from its signature. */
  static List<String> outputClasses(ModelVersion version) {
    if (version.signature() == null || version.signature().outputs().isEmpty()) {
      throw new IllegalStateException("Model '" + version.name() + "' version " + version.version()
          + " has no output classes in its signature");
    }
    FieldSpec output = version.signature().outputs().get(0);
    if (!output.categories().containsAll(CLASSES)) {
      throw new IllegalStateException("Model '" + version.name() + "' version " + version.version()
          + " scores " + output.categories() + ", not " + CLASSES);
    }
    return output.categories();
  }
}

package dev.mlops.xgboost;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.IObjective;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost models trained here, with xgboost4j itself, on a seeded churn-like table of four
 * features: a binary classifier, a three-class classifier and a regressor, saved as JSON or UBJ.
 */
final class XGBoostFixtures {

  static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");
  static final List<String> FEATURES =
      List.of("tenure_months", "monthly_charges", "contract", "has_support");
  static final List<FieldSpec> INPUTS = List.of(
      FieldSpec.scalar("tenure_months", DataType.FLOAT64),
      FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
      FieldSpec.categorical("contract", CONTRACTS),
      FieldSpec.scalar("has_support", DataType.BOOLEAN));

  /** What a model predicts. */
  enum Task {
    BINARY("binary:logistic", List.of("stay", "churn")),
    MULTICLASS("multi:softprob", List.of("low", "mid", "high")),
    REGRESSION("reg:squarederror", List.of());

    final String objective;
    final List<String> classes;

    Task(String objective, List<String> classes) {
      this.objective = objective;
      this.classes = classes;
    }

    ModelSignature signature() {
      FieldSpec output = classes.isEmpty() ? FieldSpec.scalar("prediction", DataType.FLOAT32)
          : FieldSpec.scalar("probability", DataType.FLOAT32).withCategories(classes);
      return ModelSignature.of(INPUTS, List.of(output));
    }
  }

  private XGBoostFixtures() {}

  /** Seeded rows in the SDK's form (feature name to Java value). */
  static List<Map<String, Object>> rows(int count, long seed) {
    Random random = new Random(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tenure_months", (double) random.nextInt(72));
      row.put("monthly_charges", Math.round((20 + 100 * random.nextDouble()) * 100) / 100.0);
      row.put("contract", CONTRACTS.get(random.nextInt(3)));
      row.put("has_support", random.nextBoolean());
      rows.add(row);
    }
    return rows;
  }

  /** The rows as XGBoost's dense float matrix, encoded as the SDK encodes them. */
  static float[] matrix(List<Map<String, Object>> rows) {
    float[] values = new float[rows.size() * FEATURES.size()];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      values[r * 4] = (float) (double) (Double) row.get("tenure_months");
      values[r * 4 + 1] = (float) (double) (Double) row.get("monthly_charges");
      values[r * 4 + 2] = CONTRACTS.indexOf((String) row.get("contract"));
      values[r * 4 + 3] = (Boolean) row.get("has_support") ? 1 : 0;
    }
    return values;
  }

  static DMatrix dmatrix(List<Map<String, Object>> rows) throws XGBoostError {
    return new DMatrix(matrix(rows), rows.size(), FEATURES.size(), Float.NaN);
  }

  /** Trains a model; {@code variant} changes the seed and depth, so versions differ. */
  static Booster train(Task task, int variant, boolean withFeatureNames) throws XGBoostError {
    return train(task, variant, withFeatureNames, Map.of());
  }

  /** Trains a model with extra parameters, such as another objective or booster. */
  static Booster train(Task task, int variant, boolean withFeatureNames,
      Map<String, Object> extra) throws XGBoostError {
    List<Map<String, Object>> rows = rows(400, 7 + variant);
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      double tenure = (Double) row.get("tenure_months");
      double charges = (Double) row.get("monthly_charges");
      double risk = charges / 40 - tenure / 24 + (row.get("contract").equals("monthly") ? 1 : -1)
          - ((Boolean) row.get("has_support") ? 0.5 : 0);
      labels[r] = switch (task) {
        case BINARY -> risk > 0.5 ? 1 : 0;
        case MULTICLASS -> risk < -1 ? 0 : risk < 1.5 ? 1 : 2;
        case REGRESSION -> (float) (risk * 10);
      };
    }
    DMatrix train = dmatrix(rows);
    try {
      train.setLabel(labels);
      if (withFeatureNames) {
        train.setFeatureNames(FEATURES.toArray(String[]::new));
      }
      Map<String, Object> params = new HashMap<>();
      params.put("objective", task.objective);
      params.put("max_depth", 2 + variant);
      params.put("eta", 0.3);
      params.put("seed", 17 + variant);
      params.put("nthread", 1);
      if (task == Task.MULTICLASS) {
        params.put("num_class", 3);
      }
      params.putAll(extra);
      return XGBoost.train(train, params, 12, new HashMap<>(), null, null);
    } finally {
      train.dispose();
    }
  }

  /**
   * Trains a model of two targets, as XGBoost does for a label matrix of two columns: the target
   * count set by {@code num_target} and the gradients of both targets given by a custom objective
   * (xgboost4j sets labels only as one column). Target 0 is a churn risk, target 1 whether the
   * customer has support; with {@code binary:logistic}, both as probabilities (a multi-label
   * classifier), else as values of a squared-error regression.
   *
   * @param objective the objective saved in the model: {@code reg:squarederror} or {@code
   *     binary:logistic}
   * @param multiStrategy {@code one_output_per_tree} (XGBoost's default) or {@code
   *     multi_output_tree} (trees with vector leaves)
   */
  static Booster trainTwoTargets(String objective, String multiStrategy) throws XGBoostError {
    List<Map<String, Object>> rows = rows(300, 3);
    int n = rows.size();
    float[] labels = new float[2 * n];
    for (int r = 0; r < n; r++) {
      Map<String, Object> row = rows.get(r);
      labels[2 * r] = (Double) row.get("monthly_charges") / 40 > 1.5 ? 1 : 0;
      labels[2 * r + 1] = (Boolean) row.get("has_support") ? 1 : 0;
    }
    boolean logistic = objective.equals("binary:logistic");
    IObjective gradients = (margins, data) -> {
      float[] grad = new float[2 * n];
      float[] hess = new float[2 * n];
      for (int r = 0; r < n; r++) {
        for (int t = 0; t < 2; t++) {
          float m = margins[r][t];
          float p = logistic ? (float) (1 / (1 + Math.exp(-m))) : m;
          grad[2 * r + t] = p - labels[2 * r + t];
          hess[2 * r + t] = logistic ? Math.max(p * (1 - p), 1e-6f) : 1;
        }
      }
      return List.of(grad, hess);
    };
    DMatrix train = dmatrix(rows);
    try {
      // One label column to pass XGBoost's checks; the objective reads the two columns above.
      train.setLabel(new float[n]);
      train.setFeatureNames(FEATURES.toArray(String[]::new));
      Map<String, Object> params = new HashMap<>();
      params.put("objective", objective);
      params.put("num_target", 2);
      params.put("multi_strategy", multiStrategy);
      params.put("max_depth", 3);
      params.put("seed", 5);
      params.put("nthread", 1);
      return XGBoost.train(train, params, 8, new HashMap<>(), gradients, null);
    } finally {
      train.dispose();
    }
  }

  /** Saves a booster as {@code file} and disposes of it. */
  static Path save(Booster booster, Path file) throws XGBoostError {
    try {
      booster.saveModel(file.toString());
      return file;
    } finally {
      booster.dispose();
    }
  }

  /** Trains and saves a model as {@code file} (its extension, .json or .ubj, picks the format). */
  static Path save(Task task, int variant, boolean withFeatureNames, Path file) throws XGBoostError {
    return save(train(task, variant, withFeatureNames), file);
  }

  static ModelVersion register(ModelRegistry registry, String name, Path file, Task task) {
    return registry.register(RegistrationRequest.builder(name).artifact(file)
        .format(ModelFormat.XGBOOST).signature(task.signature()).build());
  }

  /** XGBoost's own predictions (or margins) for the rows, with the model saved in {@code file}. */
  static float[][] predict(Path file, List<Map<String, Object>> rows, boolean margin)
      throws XGBoostError {
    Booster booster = XGBoost.loadModel(file.toString());
    DMatrix matrix = dmatrix(rows);
    try {
      return booster.predict(matrix, margin);
    } finally {
      matrix.dispose();
      booster.dispose();
    }
  }
}

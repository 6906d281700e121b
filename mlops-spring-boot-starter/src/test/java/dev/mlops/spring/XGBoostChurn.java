package dev.mlops.spring;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
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
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A binary XGBoost churn classifier trained here with xgboost4j on a seeded table of four
 * features (as mlops-xgboost's own test fixtures do), and XGBoost's own margins for rows, which
 * explanations must add up to.
 */
final class XGBoostChurn {

  static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");
  static final List<String> FEATURES =
      List.of("tenure_months", "monthly_charges", "contract", "has_support");
  static final ModelSignature SIGNATURE = ModelSignature.of(
      List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT64),
          FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
          FieldSpec.categorical("contract", CONTRACTS),
          FieldSpec.scalar("has_support", DataType.BOOLEAN)),
      List.of(FieldSpec.scalar("probability", DataType.FLOAT32)
          .withCategories(List.of("stay", "churn"))));

  private XGBoostChurn() {}

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

  /** Trains the classifier and saves it as {@code file} (.json or .ubj). */
  static Path train(Path file) throws XGBoostError {
    List<Map<String, Object>> rows = rows(400, 7);
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      double risk = (Double) row.get("monthly_charges") / 40
          - (Double) row.get("tenure_months") / 24
          + (row.get("contract").equals("monthly") ? 1 : -1)
          - ((Boolean) row.get("has_support") ? 0.5 : 0);
      labels[r] = risk > 0.5 ? 1 : 0;
    }
    DMatrix train = matrix(rows);
    Booster booster = null;
    try {
      train.setLabel(labels);
      train.setFeatureNames(FEATURES.toArray(String[]::new));
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("max_depth", 3);
      params.put("eta", 0.3);
      params.put("seed", 17);
      params.put("nthread", 1);
      booster = XGBoost.train(train, params, 12, new HashMap<>(), null, null);
      booster.saveModel(file.toString());
      return file;
    } finally {
      train.dispose();
      if (booster != null) {
        booster.dispose();
      }
    }
  }

  /** Registers the saved classifier as a version of model {@code churn}. */
  static ModelVersion register(String location, Path file) {
    try (ModelRegistry r = ModelRegistries.open(location)) {
      return r.register(RegistrationRequest.builder("churn").artifact(file)
          .format(ModelFormat.XGBOOST).signature(SIGNATURE).build());
    }
  }

  /** XGBoost's own raw margins (before the sigmoid) for the rows, one per row. */
  static double[] margins(Path file, List<Map<String, Object>> rows) throws XGBoostError {
    Booster booster = XGBoost.loadModel(file.toString());
    DMatrix matrix = matrix(rows);
    try {
      float[][] out = booster.predict(matrix, true);
      double[] margins = new double[out.length];
      for (int r = 0; r < out.length; r++) {
        margins[r] = out[r][0];
      }
      return margins;
    } finally {
      matrix.dispose();
      booster.dispose();
    }
  }

  /** The rows as XGBoost's dense float matrix, encoded as the SDK encodes them. */
  private static DMatrix matrix(List<Map<String, Object>> rows) throws XGBoostError {
    float[] values = new float[rows.size() * FEATURES.size()];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      values[r * 4] = (float) (double) (Double) row.get("tenure_months");
      values[r * 4 + 1] = (float) (double) (Double) row.get("monthly_charges");
      values[r * 4 + 2] = CONTRACTS.indexOf((String) row.get("contract"));
      values[r * 4 + 3] = (Boolean) row.get("has_support") ? 1 : 0;
    }
    return new DMatrix(values, rows.size(), FEATURES.size(), Float.NaN);
  }
}

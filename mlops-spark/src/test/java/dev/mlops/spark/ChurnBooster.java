package dev.mlops.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.sql.Row;

/**
 * A three-class XGBoost model trained here, with xgboost4j itself, on {@link ChurnData}'s rows
 * and their {@link ChurnData#outcome}, as mlops-xgboost's {@code XGBoostFixtures} trains its
 * models (copied, not shared: that module publishes no test jar). Its features carry the
 * signature's names and are encoded as the SDK encodes them for XGBoost: numbers as they are, a
 * category as its index in the signature's list, a boolean as 0 or 1.
 */
final class ChurnBooster {

  private ChurnBooster() {}

  /**
   * Trains the model on seeded rows and saves it as {@code file}, whose extension ({@code .json}
   * or {@code .ubj}) picks XGBoost's format.
   */
  static Path trainAndSave(Path file) throws XGBoostError {
    List<Row> rows = ChurnData.rows(400, 23);
    int width = ChurnData.FEATURES.size();
    float[] values = new float[rows.size() * width];
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      values[r * width] = (float) row.getDouble(1);
      values[r * width + 1] = (float) row.getDouble(2);
      values[r * width + 2] = ChurnData.CONTRACTS.indexOf(row.getString(3));
      values[r * width + 3] = row.getBoolean(4) ? 1 : 0;
      labels[r] = ChurnData.CLASSES.indexOf(ChurnData.outcome(row));
    }
    DMatrix train = new DMatrix(values, rows.size(), width, Float.NaN);
    try {
      train.setLabel(labels);
      train.setFeatureNames(ChurnData.FEATURES.toArray(String[]::new));
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "multi:softprob");
      params.put("num_class", ChurnData.CLASSES.size());
      params.put("max_depth", 3);
      params.put("eta", 0.3);
      params.put("seed", 17);
      params.put("nthread", 1);
      Booster booster = XGBoost.train(train, params, 12, new HashMap<>(), null, null);
      try {
        booster.saveModel(file.toString());
      } finally {
        booster.dispose();
      }
    } finally {
      train.dispose();
    }
    return file;
  }
}

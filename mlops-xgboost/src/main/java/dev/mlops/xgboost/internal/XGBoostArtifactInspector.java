package dev.mlops.xgboost.internal;

import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.spi.ArtifactInspector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jspecify.annotations.Nullable;

/**
 * Checks an XGBoost model file at registration: a signature is required (model files carry
 * feature names only optionally), the file must be well-formed, load in XGBoost and score a row of
 * missing values, and the signature must match the model (feature count, feature names where the
 * model has them, the width and classes of its outputs).
 */
public final class XGBoostArtifactInspector implements ArtifactInspector {

  /** Creates the inspector; {@link java.util.ServiceLoader} calls this. */
  public XGBoostArtifactInspector() {}

  @Override
  public ModelFormat format() {
    return ModelFormat.XGBOOST;
  }

  @Override
  public ModelSignature inspect(String modelName, Path modelFile,
      @Nullable ModelSignature signature) {
    if (signature == null) {
      throw new InvalidArtifactException(modelFile.toString(), "an XGBoost model needs a "
          + "signature (its inputs in the order of the model's features, and on its output the "
          + "class labels of a classifier), because XGBoost files carry feature names only "
          + "optionally");
    }
    XGBoostModel model;
    try {
      model = XGBoostModel.load(modelFile);
    } catch (IOException e) {
      throw new InvalidArtifactException(modelFile.toString(), "it cannot be read: " + e);
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException(modelFile.toString(), String.valueOf(e.getMessage()));
    }
    try {
      XGBoostModel.Contradiction c = XGBoostModel.contradiction(model.description, signature);
      if (c != null) {
        throw new InvalidSignatureException(modelName, modelFile.getFileName().toString(),
            c.field(), c.problem());
      }
      probe(model, modelFile);
      return signature;
    } finally {
      model.booster.dispose();
    }
  }

  /** Scores one row of missing values, which any model of this many features accepts. */
  private static void probe(XGBoostModel model, Path file) {
    int columns = model.description.features();
    float[] row = new float[columns];
    Arrays.fill(row, Float.NaN);
    try {
      model.predict(row, 1, columns);
    } catch (XGBoostError e) {
      throw new InvalidArtifactException(file.toString(), "XGBoost loads it but cannot score "
          + "with it: " + XGBoostModel.reason(e));
    }
  }
}

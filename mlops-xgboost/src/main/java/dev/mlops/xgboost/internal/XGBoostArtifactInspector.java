package dev.mlops.xgboost.internal;

import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.spi.ArtifactInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jspecify.annotations.Nullable;

/**
 * Checks an XGBoost artifact when its registration request is built: a signature is required
 * (model files carry feature names only optionally), the model file must load in XGBoost and
 * score a row of missing values, and the signature must match the model (feature count, feature
 * names where the model has them, class count).
 */
public final class XGBoostArtifactInspector implements ArtifactInspector {

  /** Creates the inspector; {@link java.util.ServiceLoader} calls this. */
  public XGBoostArtifactInspector() {}

  @Override
  public ModelFormat format() {
    return ModelFormat.XGBOOST;
  }

  @Override
  public @Nullable ModelSignature inspect(Path artifact, @Nullable ModelSignature signature) {
    if (!Files.exists(artifact)) {
      return signature; // the registry reports a missing artifact, as for every format
    }
    Path file;
    byte[] bytes;
    try {
      file = XGBoostModelFile.choose(XGBoostModelFile.filesOf(artifact));
      bytes = XGBoostModelFile.read(file);
    } catch (IOException e) {
      throw new InvalidArtifactException(artifact.toString(), "it cannot be read: " + e);
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException(artifact.toString(), e.getMessage());
    }
    if (signature == null) {
      throw new InvalidArtifactException(file.toString(), "an XGBoost model needs a signature "
          + "(its inputs in the order of the model's features, and on its output the class labels "
          + "of a classifier), because XGBoost files carry feature names only optionally");
    }
    XGBoostModel model;
    try {
      model = XGBoostModel.load(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException(file.toString(), e.getMessage());
    }
    try {
      String problem = XGBoostModel.contradiction(model.description, signature);
      if (problem != null) {
        throw new InvalidArtifactException(file.toString(), "it does not match the signature: "
            + problem);
      }
      probe(model, file);
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

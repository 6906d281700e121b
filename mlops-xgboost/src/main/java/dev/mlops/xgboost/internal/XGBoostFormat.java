package dev.mlops.xgboost.internal;

import dev.mlops.core.format.internal.ModelFiles;
import dev.mlops.djl.spi.TabularModelFormat;
import dev.mlops.djl.spi.TabularScorer;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Serves {@link ModelFormat#XGBOOST} through the {@code mlops-djl} predictors: loads the model
 * file, checks it against the version's signature, and runs predictions on one booster with one
 * OpenMP thread per call (concurrency comes from the callers, bounded by the pool size, so that
 * many callers do not each start a team of threads).
 */
public final class XGBoostFormat implements TabularModelFormat {

  /** Creates the plug-in; {@link java.util.ServiceLoader} calls this. */
  public XGBoostFormat() {}

  @Override
  public ModelFormat format() {
    return ModelFormat.XGBOOST;
  }

  @Override
  public String engine() {
    return XGBoostModel.ENGINE;
  }

  @Override
  public TabularScorer open(ModelArtifact artifact) throws IOException {
    ModelSignature signature = Objects.requireNonNull(artifact.version().signature(), "signature");
    String modelPath = ModelFiles.find(ModelFormat.XGBOOST,
        artifact.files().stream().map(ArtifactRef::path).toList()).orElseThrow();
    XGBoostModel model = XGBoostModel.load(artifact.file(modelPath));
    try {
      XGBoostModel.Contradiction c = XGBoostModel.contradiction(model.description, signature);
      if (c != null) {
        throw new IllegalArgumentException(modelPath + " does not match the signature: "
            + c.problem());
      }
      model.booster.setParam("nthread", 1);
      if (model.description.objective().equals("multi:softmax")) {
        // The class index alone carries no scores; softprob gives the probabilities it picks from.
        model.booster.setParam("objective", "multi:softprob");
      }
      return new XGBoostScorer(model);
    } catch (XGBoostError e) {
      model.booster.dispose();
      throw new IllegalArgumentException("XGBoost refused a setting: " + XGBoostModel.reason(e),
          e);
    } catch (RuntimeException e) {
      model.booster.dispose();
      throw e;
    }
  }
}

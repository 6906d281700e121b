package dev.mlops.djl.spi;

import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;

/**
 * A model format whose tabular models are scored by an engine of its own instead of a DJL engine,
 * plugged into {@link dev.mlops.djl.DjlPredictors}: predictors, deployments following an alias,
 * the model cache, routing, micro-batching and explainers then serve it exactly as they serve the
 * DJL formats. The SDK keeps everything but the scoring: input validation and encoding (one
 * float32 matrix, features in signature order, an absent optional feature as NaN), bounding the
 * calls in flight by the pool size, the warm-up call with the input example, the output width
 * check, labels, metrics, hot swap and drain.
 *
 * <p>Found with {@link java.util.ServiceLoader}: declare the implementation in {@code
 * META-INF/services/dev.mlops.djl.spi.TabularModelFormat}. One implementation per format; the
 * first found wins. Implementations are cheap to construct, stateless and thread-safe. {@code
 * mlops-xgboost} is the SDK's own implementation, for {@link ModelFormat#XGBOOST}.
 *
 * @since 0.1
 */
public interface TabularModelFormat {

  /**
   * The format served.
   *
   * @return the format, such as {@link ModelFormat#XGBOOST}
   */
  ModelFormat format();

  /**
   * The engine's name and version, for logs and messages.
   *
   * @return such as {@code XGBoost 3.4.0}
   */
  String engine();

  /**
   * Loads a version. The version's signature (never null here) lists the features in the order
   * of the matrix columns and, on its first output, the class labels; an implementation should
   * check them against the model and fail naming the first difference.
   *
   * @param artifact the verified artifact; closed by the caller once this returns
   * @return the loaded model; the SDK closes it once the version is retired and drained
   * @throws Exception if the model cannot be loaded or contradicts the signature; the SDK reports
   *     it as a {@link dev.mlops.predict.PredictionException} naming the model and version
   */
  TabularScorer open(ModelArtifact artifact) throws Exception;
}

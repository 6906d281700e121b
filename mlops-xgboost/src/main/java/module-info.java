/**
 * The native XGBoost model format: predictors and explanations for XGBoost models, plugged into
 * mlops-djl's tabular formats and the registry's artifact checks through services.
 *
 * <p>It exports nothing: applications use it through {@code dev.mlops.djl} and the registry.
 *
 * @since 0.1
 */
module dev.mlops.xgboost {
  requires static org.jspecify;
  requires dev.mlops.djl;
  requires ml.dmlc.xgboost4j;
  requires com.fasterxml.jackson.databind;

  provides dev.mlops.djl.spi.TabularModelFormat with
      dev.mlops.xgboost.internal.XGBoostFormat;
  provides dev.mlops.registry.spi.ArtifactInspector with
      dev.mlops.xgboost.internal.XGBoostArtifactInspector;
}

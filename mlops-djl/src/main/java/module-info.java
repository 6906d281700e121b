/**
 * Deep Java Library integration: predictors and trainers for models DJL can load (PyTorch,
 * ONNX Runtime, ...).
 *
 * <p>{@code dev.mlops.djl.internal} is private to this module.
 *
 * @since 0.1
 */
// DJL's api jar is an automatic module (named in its manifest) and its types are in this API.
@SuppressWarnings("requires-transitive-automatic")
module dev.mlops.djl {
  requires transitive dev.mlops.api;
  requires static transitive org.jspecify;
  // Canary, promotion and latency types of dev.mlops.core appear in this module's API.
  requires transitive dev.mlops.core;
  requires transitive ai.djl.api;
  // ONNX Runtime is an optional Maven dependency: only its direct session API needs it.
  requires static com.microsoft.onnxruntime;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports dev.mlops.djl;
  exports dev.mlops.djl.spi;
  exports dev.mlops.djl.training;

  // The network description stored beside a trained tabular model is read and written by Jackson.
  opens dev.mlops.djl.internal to
      com.fasterxml.jackson.databind;

  uses dev.mlops.djl.spi.TabularModelFormat;
}

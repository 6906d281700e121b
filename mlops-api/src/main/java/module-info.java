/**
 * The public contract of mlops-java: model registry, predictors, drift detection and retraining
 * interfaces, their value types and exceptions, the registry SPI and the monitoring store SPI.
 *
 * <p>This module depends on nothing but {@code java.base} and the JSpecify annotations, so that
 * depending on the API never drags an implementation's libraries onto a user's class path.
 *
 * <p>{@code dev.mlops.internal} (the set-once helper the builders share) is exported only to the
 * project's modules that use it; applications cannot read it.
 *
 * @since 0.1
 */
@SuppressWarnings("module") // qualified exports name modules that are built after this one
module dev.mlops.api {
  requires static transitive org.jspecify;

  exports dev.mlops;
  exports dev.mlops.registry;
  exports dev.mlops.registry.spi;
  exports dev.mlops.predict;
  exports dev.mlops.drift;
  exports dev.mlops.lifecycle;
  exports dev.mlops.monitor;
  exports dev.mlops.monitor.spi;
  exports dev.mlops.alert;
  exports dev.mlops.training;

  exports dev.mlops.internal to
      dev.mlops.core,
      dev.mlops.djl,
      dev.mlops.server,
      dev.mlops.console,
      dev.mlops.testkit,
      dev.mlops.jdbc;

  uses dev.mlops.registry.spi.ModelRegistryProvider;
}

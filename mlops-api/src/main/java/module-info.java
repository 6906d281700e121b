/**
 * The stable API of mlops-java: registry, predictors, monitoring, alerts, lifecycle and training
 * contracts, with no dependency beyond the JDK (JSpecify annotations are needed only to compile).
 *
 * <p>{@code dev.mlops.internal} (the set-once helper the builders share) is exported only to this
 * project's modules that use it; applications cannot read it.
 *
 * @since 0.1.0
 */
@SuppressWarnings("module") // qualified exports name modules that are built after this one
module dev.mlops.api {
  requires static transitive org.jspecify;

  exports dev.mlops;
  exports dev.mlops.alert;
  exports dev.mlops.drift;
  exports dev.mlops.lifecycle;
  exports dev.mlops.monitor;
  exports dev.mlops.monitor.spi;
  exports dev.mlops.predict;
  exports dev.mlops.registry;
  exports dev.mlops.registry.spi;
  exports dev.mlops.training;

  exports dev.mlops.internal to
      dev.mlops.core,
      dev.mlops.console;

  uses dev.mlops.registry.spi.ModelRegistryProvider;
}

/**
 * The default implementations of mlops-java: file registry, drift statistics, monitoring, alerts,
 * lifecycle and training pipelines.
 *
 * <p>Every {@code ...internal} package is either private to this module or exported only to the
 * project modules that build on it (named below); applications cannot read them.
 *
 * @since 0.1
 */
// "module": qualified exports name modules that are built after this one;
// "requires-transitive-automatic": Micrometer's jars are automatic modules (named in their manifests).
@SuppressWarnings({"module", "requires-transitive-automatic"})
module dev.mlops.core {
  requires transitive dev.mlops.api;
  requires static transitive org.jspecify;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.dataformat.csv;
  requires com.github.benmanes.caffeine;
  // datasketches-java 6 has no module descriptor nor Automatic-Module-Name: its name comes from
  // the jar's file name (see docs/architecture.md).
  requires datasketches.java;
  requires org.apache.datasketches.memory;
  // Meter and observation registries appear in this module's public API.
  requires transitive micrometer.core;
  requires transitive micrometer.commons;
  requires transitive micrometer.observation;
  requires org.slf4j;
  requires java.management;
  requires java.net.http;

  exports dev.mlops.core.alert;
  exports dev.mlops.core.comparison;
  exports dev.mlops.core.drift;
  exports dev.mlops.core.drift.stats;
  exports dev.mlops.core.drift.stream;
  exports dev.mlops.core.estimation;
  exports dev.mlops.core.json;
  exports dev.mlops.core.lifecycle;
  exports dev.mlops.core.metrics;
  exports dev.mlops.core.monitor;
  exports dev.mlops.core.observe;
  exports dev.mlops.core.registry;
  exports dev.mlops.core.training;

  exports dev.mlops.core.drift.internal to
      dev.mlops.console;
  exports dev.mlops.core.format.internal to
      dev.mlops.djl,
      dev.mlops.xgboost;
  exports dev.mlops.core.io.internal to
      dev.mlops.cli;
  exports dev.mlops.core.registry.internal to
      dev.mlops.jdbc,
      dev.mlops.testkit;

  // The registry's metadata files are records read and written by Jackson.
  opens dev.mlops.core.registry to
      com.fasterxml.jackson.databind;

  uses dev.mlops.registry.spi.ArtifactInspector;

  provides dev.mlops.registry.spi.ModelRegistryProvider with
      dev.mlops.core.registry.FileModelRegistryProvider;
}

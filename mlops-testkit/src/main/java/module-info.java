/**
 * Test support for applications and registry implementations: contract tests, an in-memory
 * registry, data generators and a throwaway PostgreSQL cluster.
 *
 * @since 0.1
 */
module dev.mlops.testkit {
  requires transitive dev.mlops.api;
  requires static transitive org.jspecify;
  requires dev.mlops.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires org.opentest4j;
  requires transitive java.sql;

  exports dev.mlops.testkit;
  exports dev.mlops.testkit.data;
  exports dev.mlops.testkit.postgres;

  provides dev.mlops.registry.spi.ModelRegistryProvider with
      dev.mlops.testkit.InMemoryModelRegistryProvider;
}

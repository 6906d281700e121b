/**
 * A model registry and monitoring store on PostgreSQL.
 *
 * <p>{@code dev.mlops.jdbc.internal} is private to this module.
 *
 * @since 0.1
 */
module dev.mlops.jdbc {
  requires transitive dev.mlops.api;
  requires static transitive org.jspecify;
  requires dev.mlops.core;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires org.slf4j;

  exports dev.mlops.jdbc;

  provides dev.mlops.registry.spi.ModelRegistryProvider with
      dev.mlops.jdbc.JdbcModelRegistryProvider;
}

/**
 * An HTTP prediction server (Jetty 12) for deployments of the registry's models.
 *
 * <p>{@code dev.mlops.server.internal} is private to this module.
 *
 * @since 0.1
 */
module dev.mlops.server {
  requires transitive dev.mlops.api;
  requires static transitive org.jspecify;
  // Monitors, DJL predictors and meter registries (through dev.mlops.core) are in this API.
  requires transitive dev.mlops.djl;
  requires com.fasterxml.jackson.databind;
  requires micrometer.registry.prometheus;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.slf4j;

  exports dev.mlops.server;
}

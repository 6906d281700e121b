/**
 * A read-mostly web console (Jetty 12) over a registry and its monitoring store.
 *
 * <p>{@code dev.mlops.console.internal} is private to this module.
 *
 * @since 0.1
 */
module dev.mlops.console {
  requires transitive dev.mlops.api;
  requires static transitive org.jspecify;
  // Training-run logs and monitors of dev.mlops.core are in this API.
  requires transitive dev.mlops.core;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.slf4j;

  exports dev.mlops.console;
}

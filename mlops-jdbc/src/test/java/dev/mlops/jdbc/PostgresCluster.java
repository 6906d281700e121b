package dev.mlops.jdbc;

import dev.mlops.testkit.postgres.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The testkit's throwaway PostgreSQL cluster ({@link PostgresServer}), with builders for this
 * module's registry and monitoring store in a schema of a test's own.
 */
final class PostgresCluster {

  /** The role that must give its password (SCRAM) to connect over TCP. */
  static final String PASSWORD_ROLE = PostgresServer.PASSWORD_ROLE;
  /** The role whose TCP connections pg_hba.conf rejects outright (SQL state 28000). */
  static final String REJECTED_ROLE = PostgresServer.REJECTED_ROLE;

  private final PostgresServer server;

  private PostgresCluster(PostgresServer server) {
    this.server = server;
  }

  static Optional<Path> findBinDir() {
    return PostgresServer.findBinDir();
  }

  /** The cluster shared by every test in this JVM, started on first use. */
  static PostgresCluster shared(Path binDir) {
    return new PostgresCluster(PostgresServer.shared(binDir));
  }

  /** A schema name no other test uses. */
  static String newSchema(String prefix) {
    return PostgresServer.newSchema(prefix);
  }

  /** The JDBC URL of the {@code postgres} database. */
  String jdbcUrl() {
    return server.jdbcUrl();
  }

  /** A builder for a registry in the given schema, polling quickly, as user postgres. */
  JdbcModelRegistry.Builder registry(String schema) {
    return registry(schema, 4);
  }

  /**
   * A builder for a registry in the given schema with the given pool size, polling quickly, as user
   * postgres (the builders take each setting once, so the pool size cannot be changed afterwards).
   */
  JdbcModelRegistry.Builder registry(String schema, int poolSize) {
    return JdbcModelRegistry.builder(jdbcUrl()).user("postgres").schema(schema).poolSize(poolSize)
        .pollInterval(Duration.ofMillis(300));
  }

  /** A builder for a monitoring store in the given schema, as user postgres. */
  JdbcMonitorStore.Builder monitorStore(String schema) {
    return monitorStore(schema, 4);
  }

  /** A builder for a monitoring store in the given schema with the given pool size. */
  JdbcMonitorStore.Builder monitorStore(String schema, int poolSize) {
    return JdbcMonitorStore.builder(jdbcUrl()).user("postgres").schema(schema).poolSize(poolSize);
  }

  /** Opens a superuser connection. */
  Connection connect() throws SQLException {
    return server.connect();
  }

  /** Runs statements as superuser. */
  void execute(String... sql) throws SQLException {
    server.execute(sql);
  }

  /** Starts the server and waits until it accepts connections. */
  void start() throws IOException, InterruptedException {
    server.start();
  }

  /** Stops the server (fast shutdown: open sessions are terminated). */
  void stop() throws IOException, InterruptedException {
    server.stop();
  }
}

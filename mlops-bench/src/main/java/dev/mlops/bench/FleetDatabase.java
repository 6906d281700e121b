package dev.mlops.bench;

import dev.mlops.jdbc.JdbcMonitorStore;
import dev.mlops.testkit.postgres.PostgresServer;
import java.nio.file.Path;

/**
 * The PostgreSQL the fleet benchmarks write to: the testkit's throwaway cluster (initdb in a
 * temporary directory, a free local port, fsync off), one per benchmark JVM, and a schema of its
 * own per trial. Needs Debian's {@code postgresql} package (or {@code MLOPS_TEST_PG_BINDIR}).
 */
final class FleetDatabase {

  private FleetDatabase() {}

  /** A monitoring store in a new schema of the benchmark JVM's cluster. */
  static JdbcMonitorStore openStore() {
    Path bin = PostgresServer.findBinDir().orElseThrow(() -> new IllegalStateException(
        PostgresServer.MISSING));
    PostgresServer server = PostgresServer.shared(bin);
    return JdbcMonitorStore.builder(server.jdbcUrl()).user("postgres")
        .schema(PostgresServer.newSchema("bench")).poolSize(4).open();
  }
}

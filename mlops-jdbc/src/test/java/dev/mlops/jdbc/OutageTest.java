package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.RegistryUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry while the database goes away and comes back. */
@RequiresPostgres
class OutageTest {

  @TempDir Path tmp;

  @Test
  void whileTheDatabaseIsDownCallsFailFastAndEverythingResumesWhenItIsBack(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("outage");
    try (JdbcModelRegistry registry = pg.registry(schema).open();
        JdbcModelRegistry other = pg.registry(schema).open()) {
      registry.register(Artifacts.request("m", Artifacts.file(tmp, "1")));
      List<RegistryEvent> seen = new CopyOnWriteArrayList<>();
      registry.subscribe(seen::add);

      pg.stop();
      try {
        assertThatThrownBy(() -> registry.getModel("m"))
            .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("unreachable");
        long start = System.nanoTime();
        assertThatThrownBy(() -> registry.register(Artifacts.request("m", Artifacts.file(tmp, "2"))))
            .isInstanceOf(RegistryUnavailableException.class)
            .isInstanceOf(RegistryStorageException.class);
        assertThatThrownBy(() -> registry.resolve("models:/m/1"))
            .isInstanceOf(RegistryUnavailableException.class);
        System.out.println("Calls during the outage failed after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 2 + " ms each on average");
      } finally {
        pg.start();
      }

      Awaiting.until(() -> answers(registry), 60_000);
      assertThat(registry.register(Artifacts.request("m", Artifacts.file(tmp, "2"))).version())
          .isEqualTo(2);
      Awaiting.until(() -> answers(other), 60_000);
      other.setAlias("m", "production", 2, AliasPrecondition.absent(), null);
      // The change feed reconnected: the other instance's change reaches this one's listener.
      Awaiting.until(() -> seen.contains(new RegistryEvent.AliasMoved("m", "production", null, 2)),
          60_000);
      assertThat(seen).filteredOn(e -> e instanceof RegistryEvent.VersionRegistered)
          .extracting(e -> ((RegistryEvent.VersionRegistered) e).version().version())
          .containsExactly(2);
    }
  }

  private static boolean answers(JdbcModelRegistry registry) {
    try {
      registry.getModel("m");
      return true;
    } catch (RegistryUnavailableException e) {
      return false;
    }
  }

  @Test
  void aBackendTerminatedMidRegistrationLeavesNoPartialVersion(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("terminated");
    try (JdbcModelRegistry registry = pg.registry(schema).open()) {
      registry.register(Artifacts.request("m", Artifacts.file(tmp, "1")));
      Path big = Artifacts.randomFile(tmp, "big.bin", 3L << 20, 7);
      CompletableFuture<Integer> registering;
      try (Connection blocker = pg.connect()) {
        // Hold the model's row lock: the registration streams its chunks, then waits for the lock,
        // where the test finds and terminates its backend, mid-transaction.
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
          s.execute("SELECT 1 FROM " + schema + ".models WHERE name = 'm' FOR UPDATE");
        }
        registering = CompletableFuture.supplyAsync(
            () -> registry.register(Artifacts.request("m", big)).version());
        int[] pid = new int[1];
        Awaiting.until(() -> (pid[0] = waitingBackend(pg)) != 0, 60_000);
        pg.execute("SELECT pg_terminate_backend(" + pid[0] + ")");
        assertThatThrownBy(() -> registering.get(60, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(RegistryStorageException.class);
        blocker.rollback();
      }
      Awaiting.until(() -> answers(registry), 60_000);
      assertThat(registry.getModel("m").latestVersion()).isEqualTo(1);
      assertThatThrownBy(() -> registry.getVersion("m", 2)).isInstanceOf(ModelNotFoundException.class);
      assertThat(count(pg, schema + ".artifact_chunks")).isEqualTo(1);
      assertThat(count(pg, schema + ".audit_log")).isEqualTo(1);
      // And the next registration takes number 2, as if nothing had happened.
      assertThat(registry.register(Artifacts.request("m", Artifacts.file(tmp, "2"))).version())
          .isEqualTo(2);
    }
  }

  private static int waitingBackend(PostgresCluster pg) {
    try (Connection c = pg.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name ="
            + " 'mlops-registry' AND wait_event_type = 'Lock'")) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(PostgresCluster pg, String table) {
    try (Connection c = pg.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

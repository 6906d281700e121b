package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.jdbc.internal.SchemaMigrations;
import dev.mlops.registry.RegistryStorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class SchemaMigrationsTest {

  @Test
  void instancesStartingTogetherCreateTheSchemaOnce(PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("together");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<JdbcModelRegistry>> opening = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opening.add(pool.submit(() -> pg.registry(schema).open()));
      }
      for (Future<JdbcModelRegistry> f : opening) {
        f.get(2, TimeUnit.MINUTES).close();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(OutageTest.count(pg, schema + ".schema_history"))
        .isEqualTo(SchemaMigrations.currentVersion());
  }

  @Test
  void aSchemaOfTheFirstReleaseGainsTheMonitoringTablesAndKeepsItsData(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("upgrade");
    try (JdbcModelRegistry registry = pg.registry(schema).open()) {
      registry.register(ChurnModels.request("churn", 1));
    }
    // What the first release left: version 1 only, no monitoring tables.
    pg.execute("DROP TABLE " + schema + ".monitor_partials, " + schema + ".monitor_predictions, "
        + schema + ".monitor_expired, " + schema + ".monitor_state",
        "DELETE FROM " + schema + ".schema_history WHERE version = 2");

    try (JdbcModelRegistry registry = pg.registry(schema).open();
        JdbcMonitorStore store = pg.monitorStore(schema).open()) {
      assertThat(registry.getVersion("churn", 1).version()).isEqualTo(1);
      assertThat(store.readState("k")).isEmpty();
    }
    assertThat(OutageTest.count(pg, schema + ".schema_history")).isEqualTo(2);
  }

  @Test
  void aSchemaWrittenByANewerReleaseIsRefusedWithAClearMessage(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("newer");
    pg.registry(schema).open().close();
    pg.execute("INSERT INTO " + schema + ".schema_history (version, description) VALUES (99, 'future')");

    assertThatThrownBy(() -> pg.registry(schema).open())
        .isInstanceOf(RegistryStorageException.class)
        .hasMessageContaining("version 99")
        .hasMessageContaining("upgrade this application's mlops-jdbc");
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting(PostgresCluster pg) {
    assertThatThrownBy(() -> pg.registry("Bad-Schema").open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
    assertThatThrownBy(() -> pg.registry("ok", 0).open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> JdbcModelRegistry.builder("jdbc:mysql://x/y").open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PostgreSQL");
  }
}

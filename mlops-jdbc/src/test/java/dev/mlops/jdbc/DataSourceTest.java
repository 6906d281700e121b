package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry on the application's data source (Spring Boot's pool): its tables in its own schema,
 * its events delivered, and the pool left open and clean when it closes: no connection returned
 * still listening (the change feed listens on one of the pool's), none left in the registry's
 * schema.
 */
@RequiresPostgres
class DataSourceTest {

  @TempDir Path tmp;

  @Test
  void aRegistryOnTheApplicationsDataSourceWorksInItsSchemaAndLeavesThePoolOpenAndClean(
      PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("datasource");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl() + "?user=postgres");
    config.setMaximumPoolSize(3);
    config.setPoolName("application");
    try (HikariDataSource application = new HikariDataSource(config)) {
      List<RegistryEvent> events = new CopyOnWriteArrayList<>();
      try (JdbcModelRegistry registry = JdbcModelRegistry.builder(pg.jdbcUrl()).schema(schema)
          .dataSource(application).pollInterval(Duration.ofSeconds(2)).open()) {
        registry.subscribe(events::add);
        ModelVersion v = registry.register(Artifacts.request("m", Artifacts.file(tmp, "one")));
        registry.setAlias("m", "production", v.version(), AliasPrecondition.absent(), "first");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.stream().noneMatch(e -> e instanceof RegistryEvent.AliasMoved)
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(events).anyMatch(e -> e instanceof RegistryEvent.AliasMoved);
        assertThat(OutageTest.count(pg, schema + ".versions")).isEqualTo(1);
        assertThat(registry.location().toString()).isEqualTo(pg.jdbcUrl());
      }
      assertThat(application.isClosed()).isFalse();
      // All three connections of the pool at once, so that the one that listened is among them.
      List<Connection> all = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          all.add(application.getConnection());
        }
        for (Connection c : all) {
          try (Statement s = c.createStatement();
              ResultSet channels = s.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
            channels.next();
            assertThat(channels.getInt(1)).as("channels a pooled connection listens on").isZero();
            assertThat(c.getSchema()).isNotEqualTo(schema);
          }
        }
      } finally {
        for (Connection c : all) {
          c.close();
        }
      }
    }
  }
}

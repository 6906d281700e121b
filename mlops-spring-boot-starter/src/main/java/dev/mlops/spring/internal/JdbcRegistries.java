package dev.mlops.spring.internal;

import dev.mlops.jdbc.JdbcModelRegistry;
import dev.mlops.jdbc.JdbcMonitorStore;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens a {@code jdbc:} registry or monitoring store, on the application's data source when there
 * is one, when mlops-jdbc is present; only this class names mlops-jdbc's types, so that the
 * starter runs without it.
 */
final class JdbcRegistries {

  private JdbcRegistries() {}

  static boolean available() {
    try {
      Class.forName("dev.mlops.jdbc.JdbcModelRegistry", false,
          JdbcRegistries.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static ModelRegistry open(String location, DataSource dataSource, String schema) {
    return JdbcModelRegistry.builder(location).dataSource(dataSource).schema(schema).open();
  }

  static MonitorStore openStore(String location, @Nullable DataSource dataSource, String schema) {
    JdbcMonitorStore.Builder b = JdbcMonitorStore.builder(location).schema(schema);
    if (dataSource != null) {
      b.dataSource(dataSource);
    }
    return b.open();
  }
}

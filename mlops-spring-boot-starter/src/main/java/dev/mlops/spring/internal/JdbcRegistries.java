package dev.mlops.spring.internal;

import dev.mlops.jdbc.JdbcModelRegistry;
import dev.mlops.registry.ModelRegistry;
import javax.sql.DataSource;

/** Opens a {@code jdbc:} registry on the application's data source, when mlops-jdbc is present. */
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
}

package dev.mlops.spring.internal;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.MlopsProperties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the registry of {@code mlops.registry}. */
public final class RegistryOpener {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryOpener.class);

  private RegistryOpener() {}

  /**
   * Opens the registry: a {@code jdbc:} location through the application's data source when
   * {@code mlops.jdbc.use-data-source} allows and mlops-jdbc is present, any other location through
   * its provider ({@link ModelRegistries#open(String)}).
   *
   * @param properties the properties
   * @param dataSource the application's only data source, or null
   * @return the open registry
   * @throws IllegalStateException if {@code mlops.registry} is not set
   * @throws dev.mlops.MlopsException if it cannot be opened
   */
  public static ModelRegistry open(MlopsProperties properties, @Nullable DataSource dataSource) {
    String location = properties.getRegistry();
    if (location == null || location.isBlank()) {
      throw new IllegalStateException("mlops.registry is not set; give the registry's location, "
          + "such as file:/var/mlops");
    }
    if (location.startsWith("jdbc:") && dataSource != null
        && properties.getJdbc().isUseDataSource() && JdbcRegistries.available()) {
      LOG.info("Opening the registry {} through the application's DataSource",
          ModelRegistries.redact(location));
      return JdbcRegistries.open(location, dataSource, properties.getJdbc().getSchema());
    }
    ModelRegistry registry = ModelRegistries.open(location);
    LOG.info("Opened the registry {}", ModelRegistries.redact(location));
    return registry;
  }
}

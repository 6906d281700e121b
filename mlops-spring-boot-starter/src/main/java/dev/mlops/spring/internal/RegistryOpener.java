package dev.mlops.spring.internal;

import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spring.MlopsProperties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the registry of {@code mlops.registry} and the monitoring store of the fleet. */
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
    String location = location(properties);
    DataSource pool = applicationPool(properties, dataSource);
    if (location.startsWith("jdbc:") && pool != null) {
      LOG.info("Opening the registry {} through the application's DataSource",
          ModelRegistries.redact(location));
      return JdbcRegistries.open(location, pool, properties.getJdbc().getSchema());
    }
    ModelRegistry registry = ModelRegistries.open(location);
    LOG.info("Opened the registry {}", ModelRegistries.redact(location));
    return registry;
  }

  /**
   * Opens the store of {@code mlops.monitoring.store}: {@code memory} in this process; {@code
   * jdbc} in the registry's database and schema, through the application's data source exactly
   * when the registry uses it.
   *
   * @param properties the properties; the store is not {@code none}
   * @param dataSource the application's only data source, or null
   * @return the open store
   * @throws IllegalStateException if {@code jdbc} is asked without a {@code jdbc:} registry
   *     location or without mlops-jdbc on the class path, saying which
   * @throws dev.mlops.MlopsException if the database cannot be reached
   */
  public static MonitorStore openStore(MlopsProperties properties,
      @Nullable DataSource dataSource) {
    switch (properties.getMonitoring().getStore()) {
      case MEMORY:
        LOG.info("The deployments' monitors share an in-process store (mlops.monitoring.store"
            + "=memory): windows and outcomes are this instance's only");
        return new InMemoryMonitorStore();
      case JDBC:
        break;
      default:
        throw new IllegalStateException("mlops.monitoring.store is none: there is no store");
    }
    String location = properties.getRegistry();
    if (location == null || !location.startsWith("jdbc:")) {
      throw new IllegalStateException("mlops.monitoring.store=jdbc keeps the fleet's windows in "
          + "the database of the registry, but mlops.registry is "
          + (location == null ? "not set" : ModelRegistries.redact(location))
          + "; set a jdbc:postgresql:// registry, or mlops.monitoring.store=memory or none");
    }
    if (!JdbcRegistries.available()) {
      throw new IllegalStateException("mlops.monitoring.store=jdbc needs mlops-jdbc on the class "
          + "path: add the dependency dev.mlops:mlops-jdbc");
    }
    DataSource pool = applicationPool(properties, dataSource);
    LOG.info("The deployments' monitors share the fleet's store in {}{}",
        ModelRegistries.redact(location), pool != null ? " through the application's DataSource"
            : "");
    return JdbcRegistries.openStore(location, pool, properties.getJdbc().getSchema());
  }

  private static String location(MlopsProperties properties) {
    String location = properties.getRegistry();
    if (location == null || location.isBlank()) {
      throw new IllegalStateException("mlops.registry is not set; give the registry's location, "
          + "such as file:/var/mlops");
    }
    return location;
  }

  /** The application's data source if a jdbc: registry or store is to use it, else null. */
  private static @Nullable DataSource applicationPool(MlopsProperties properties,
      @Nullable DataSource dataSource) {
    return dataSource != null && properties.getJdbc().isUseDataSource()
        && JdbcRegistries.available() ? dataSource : null;
  }
}

package dev.mlops.jdbc;

import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.testkit.MonitorStoreContract;
import java.util.HashMap;
import java.util.Map;

/** The PostgreSQL monitoring store passes the store contract; each fleet is a schema. */
@RequiresPostgres
class JdbcMonitorStoreContractTest extends MonitorStoreContract {

  private final Map<String, String> schemas = new HashMap<>();

  @Override
  protected MonitorStore openStore(String fleet) {
    String schema = schemas.computeIfAbsent(fleet, f -> PostgresCluster.newSchema("store"));
    return PostgresExtension.cluster().monitorStore(schema, 2).open();
  }
}

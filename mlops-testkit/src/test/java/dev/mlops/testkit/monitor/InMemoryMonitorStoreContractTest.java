package dev.mlops.testkit.monitor;

import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.testkit.MonitorStoreContract;
import java.util.HashMap;
import java.util.Map;

/** The in-memory store passes the store contract; each fleet is one store's data. */
class InMemoryMonitorStoreContractTest extends MonitorStoreContract {

  private final Map<String, InMemoryMonitorStore> fleets = new HashMap<>();

  @Override
  protected MonitorStore openStore(String fleet) {
    InMemoryMonitorStore first = fleets.get(fleet);
    if (first == null) {
      first = new InMemoryMonitorStore();
      fleets.put(fleet, first);
      return first;
    }
    return first.anotherInstance();
  }
}

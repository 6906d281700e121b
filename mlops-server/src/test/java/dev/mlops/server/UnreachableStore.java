package dev.mlops.server;

import dev.mlops.lifecycle.Leadership;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.monitor.spi.WindowPartial;
import dev.mlops.registry.RegistryUnavailableException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A monitoring store whose database cannot be reached: every call fails as JDBC's would. */
final class UnreachableStore implements MonitorStore {

  private static RegistryUnavailableException down() {
    return new RegistryUnavailableException("the store's database is unreachable (test)", null);
  }

  @Override
  public String describe() {
    return "unreachable";
  }

  @Override
  public void writePartials(List<WindowPartial> partials) {
    throw down();
  }

  @Override
  public List<WindowPartial> readPartials(String model, Instant from, Instant to) {
    throw down();
  }

  @Override
  public void writePredictions(List<StoredPrediction> predictions) {
    throw down();
  }

  @Override
  public Map<String, StoredPrediction> findPredictions(String model, Collection<String> ids) {
    throw down();
  }

  @Override
  public Map<String, JoinResult> joinOutcomes(String model, Map<String, String> outcomes) {
    throw down();
  }

  @Override
  public List<PaneOutcomes> readOutcomes(String model, Instant from, Instant to) {
    throw down();
  }

  @Override
  public Map<Integer, Long> pendingCounts(String model) {
    throw down();
  }

  @Override
  public long expire(String model, Instant now, long maxPending) {
    throw down();
  }

  @Override
  public void retire(String model, Instant before) {
    throw down();
  }

  @Override
  public Optional<StoredState> readState(String key) {
    throw down();
  }

  @Override
  public boolean writeState(String key, long expectedRevision, String value) {
    throw down();
  }

  @Override
  public Optional<Leadership> tryAcquire(String key) {
    throw down();
  }

  @Override
  public void close() {}
}

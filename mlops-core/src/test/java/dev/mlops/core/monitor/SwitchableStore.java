package dev.mlops.core.monitor;

import dev.mlops.MlopsException;
import dev.mlops.lifecycle.Leadership;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.monitor.spi.WindowPartial;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that fails every call while {@link #down} is set, as a database outage does. */
final class SwitchableStore implements MonitorStore {

  private final MonitorStore delegate;
  volatile boolean down;

  SwitchableStore(MonitorStore delegate) {
    this.delegate = delegate;
  }

  private MonitorStore up() {
    if (down) {
      throw new MlopsException("The store is down (test)");
    }
    return delegate;
  }

  @Override
  public String describe() {
    return "switchable " + delegate.describe();
  }

  @Override
  public void writePartials(List<WindowPartial> partials) {
    up().writePartials(partials);
  }

  @Override
  public List<WindowPartial> readPartials(String model, Instant from, Instant to) {
    return up().readPartials(model, from, to);
  }

  @Override
  public void writePredictions(List<StoredPrediction> predictions) {
    up().writePredictions(predictions);
  }

  @Override
  public Map<String, StoredPrediction> findPredictions(String model, Collection<String> ids) {
    return up().findPredictions(model, ids);
  }

  @Override
  public Map<String, JoinResult> joinOutcomes(String model, Map<String, String> outcomes) {
    return up().joinOutcomes(model, outcomes);
  }

  @Override
  public List<PaneOutcomes> readOutcomes(String model, Instant from, Instant to) {
    return up().readOutcomes(model, from, to);
  }

  @Override
  public Map<Integer, Long> pendingCounts(String model) {
    return up().pendingCounts(model);
  }

  @Override
  public long expire(String model, Instant now, long maxPending) {
    return up().expire(model, now, maxPending);
  }

  @Override
  public void retire(String model, Instant before) {
    up().retire(model, before);
  }

  @Override
  public Optional<StoredState> readState(String key) {
    return up().readState(key);
  }

  @Override
  public boolean writeState(String key, long expectedRevision, String value) {
    return up().writeState(key, expectedRevision, value);
  }

  @Override
  public Optional<Leadership> tryAcquire(String key) {
    return up().tryAcquire(key);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

package dev.mlops.core.monitor;

import dev.mlops.lifecycle.Leadership;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.monitor.spi.WindowPartial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link MonitorStore} in this JVM's memory: monitors that share one see each other's traffic
 * and outcomes, as the instances of a fleet do through a shared database. {@link
 * #anotherInstance()} opens another store on the same data, as another instance of the fleet
 * would, with leaderships of its own that its {@link #close()} releases. For several monitors of
 * one model in one process and for tests; nothing survives the JVM. A fleet of processes shares a
 * store in a database instead ({@code mlops-jdbc}).
 *
 * <p>Thread-safe: every method holds the shared data's lock.
 *
 * @since 0.1
 */
public final class InMemoryMonitorStore implements MonitorStore {

  private final Data data;
  private final Map<PartialKey, WindowPartial> partials;
  private final Map<String, LinkedHashMap<String, StoredPrediction>> predictions;
  private final Map<String, Map<PaneKey, Long>> expired;
  private final Map<String, StoredState> states;
  private final Map<String, InMemoryMonitorStore> leaders;
  private boolean closed;

  /** What the stores of one fleet share. */
  private static final class Data {
    final Map<PartialKey, WindowPartial> partials = new HashMap<>();
    final Map<String, LinkedHashMap<String, StoredPrediction>> predictions = new HashMap<>();
    final Map<String, Map<PaneKey, Long>> expired = new HashMap<>();
    final Map<String, StoredState> states = new HashMap<>();
    final Map<String, InMemoryMonitorStore> leaders = new HashMap<>();
  }

  private record PartialKey(String model, int version, Instant paneStart, Duration paneLength,
      String instance) {}

  private record PaneKey(int version, Instant paneStart, Duration paneLength) {}

  /**
   * Creates an empty store.
   *
   * @since 0.1
   */
  public InMemoryMonitorStore() {
    this(new Data());
  }

  private InMemoryMonitorStore(Data data) {
    this.data = data;
    this.partials = data.partials;
    this.predictions = data.predictions;
    this.expired = data.expired;
    this.states = data.states;
    this.leaders = data.leaders;
  }

  /**
   * Another store on the same data, as another instance of the fleet opens: it sees everything
   * this one writes, and holds leaderships of its own.
   *
   * @return a new store sharing this one's data
   * @since 0.1
   */
  public InMemoryMonitorStore anotherInstance() {
    return new InMemoryMonitorStore(data);
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void writePartials(List<WindowPartial> written) {
    synchronized (data) {
      ensureOpen();
      for (WindowPartial p : written) {
        partials.put(new PartialKey(p.model(), p.version(), p.paneStart(), p.paneLength(),
            p.instance()), p);
      }
    }
  }

  @Override
  public List<WindowPartial> readPartials(String model, Instant from, Instant to) {
    synchronized (data) {
      ensureOpen();
      List<WindowPartial> found = new ArrayList<>();
      for (WindowPartial p : partials.values()) {
        if (p.model().equals(model) && inRange(p.paneStart(), from, to)) {
          found.add(p);
        }
      }
      return found;
    }
  }

  @Override
  public void writePredictions(List<StoredPrediction> written) {
    synchronized (data) {
      ensureOpen();
      for (StoredPrediction p : written) {
        if (p.outcome() != null) {
          throw new IllegalArgumentException("Prediction " + p.predictionId()
              + " is stored waiting for its outcome, but already has one: " + p.outcome());
        }
      }
      for (StoredPrediction p : written) {
        predictions.computeIfAbsent(p.model(), m -> new LinkedHashMap<>())
            .putIfAbsent(p.predictionId(), p);
      }
    }
  }

  @Override
  public Map<String, StoredPrediction> findPredictions(String model,
      Collection<String> predictionIds) {
    synchronized (data) {
      ensureOpen();
      Map<String, StoredPrediction> of = predictions.getOrDefault(model, new LinkedHashMap<>());
      Map<String, StoredPrediction> found = new HashMap<>();
      for (String id : predictionIds) {
        StoredPrediction p = of.get(id);
        if (p != null) {
          found.put(id, p);
        }
      }
      return found;
    }
  }

  @Override
  public Map<String, JoinResult> joinOutcomes(String model,
      Map<String, String> outcomes) {
    synchronized (data) {
      ensureOpen();
      LinkedHashMap<String, StoredPrediction> of = predictions.get(model);
      Map<String, JoinResult> results = new HashMap<>();
      for (Map.Entry<String, String> outcome : outcomes.entrySet()) {
        StoredPrediction p = of == null ? null : of.get(outcome.getKey());
        if (of == null || p == null) {
          results.put(outcome.getKey(), JoinResult.NOT_FOUND);
        } else if (p.outcome() != null) {
          results.put(outcome.getKey(), JoinResult.ALREADY_JOINED);
        } else {
          of.put(outcome.getKey(), p.withOutcome(outcome.getValue()));
          results.put(outcome.getKey(), JoinResult.JOINED);
        }
      }
      return results;
    }
  }

  @Override
  public List<PaneOutcomes> readOutcomes(String model, Instant from, Instant to) {
    synchronized (data) {
      ensureOpen();
      Map<PaneKey, List<StoredPrediction>> joined = new LinkedHashMap<>();
      Map<PaneKey, Long> pending = new HashMap<>();
      for (StoredPrediction p : predictions.getOrDefault(model, new LinkedHashMap<>()).values()) {
        if (!inRange(p.paneStart(), from, to)) {
          continue;
        }
        PaneKey key = new PaneKey(p.version(), p.paneStart(), p.paneLength());
        List<StoredPrediction> list = joined.computeIfAbsent(key, k -> new ArrayList<>());
        if (p.outcome() != null) {
          list.add(p);
        } else {
          pending.merge(key, 1L, Long::sum);
        }
      }
      Map<PaneKey, Long> expiredOf = expired.getOrDefault(model, Map.of());
      expiredOf.keySet().stream().filter(k -> inRange(k.paneStart(), from, to))
          .forEach(k -> joined.computeIfAbsent(k, x -> new ArrayList<>()));
      List<PaneOutcomes> result = new ArrayList<>();
      joined.forEach((key, list) -> result.add(new PaneOutcomes(key.version(), key.paneStart(),
          key.paneLength(), list, pending.getOrDefault(key, 0L), expiredOf.getOrDefault(key, 0L))));
      return result;
    }
  }

  @Override
  public Map<Integer, Long> pendingCounts(String model) {
    synchronized (data) {
      ensureOpen();
      Map<Integer, Long> counts = new HashMap<>();
      for (StoredPrediction p : predictions.getOrDefault(model, new LinkedHashMap<>()).values()) {
        if (p.outcome() == null) {
          counts.merge(p.version(), 1L, Long::sum);
        }
      }
      return counts;
    }
  }

  @Override
  public long expire(String model, Instant now, long maxPending) {
    synchronized (data) {
      ensureOpen();
      LinkedHashMap<String, StoredPrediction> of = predictions.get(model);
      if (of == null) {
        return 0;
      }
      long count = 0;
      long pending = of.values().stream().filter(p -> p.outcome() == null).count();
      // Insertion order is the order predictions were written, the oldest first.
      for (Iterator<StoredPrediction> i = of.values().iterator(); i.hasNext(); ) {
        StoredPrediction p = i.next();
        if (p.outcome() == null && (!p.expiresAt().isAfter(now) || pending > maxPending)) {
          i.remove();
          pending--;
          count++;
          expired.computeIfAbsent(model, m -> new HashMap<>())
              .merge(new PaneKey(p.version(), p.paneStart(), p.paneLength()), 1L, Long::sum);
        }
      }
      return count;
    }
  }

  @Override
  public void retire(String model, Instant before) {
    synchronized (data) {
      ensureOpen();
      partials.keySet().removeIf(k -> k.model().equals(model) && k.paneStart().isBefore(before));
      LinkedHashMap<String, StoredPrediction> of = predictions.get(model);
      if (of != null) {
        of.values().removeIf(p -> p.paneStart().isBefore(before));
      }
      Map<PaneKey, Long> expiredOf = expired.get(model);
      if (expiredOf != null) {
        expiredOf.keySet().removeIf(k -> k.paneStart().isBefore(before));
      }
    }
  }

  @Override
  public Optional<StoredState> readState(String key) {
    synchronized (data) {
      ensureOpen();
      return Optional.ofNullable(states.get(Objects.requireNonNull(key, "key")));
    }
  }

  @Override
  public boolean writeState(String key, long expectedRevision, String value) {
    synchronized (data) {
      ensureOpen();
      StoredState current = states.get(key);
      long revision = current == null ? 0 : current.revision();
      if (revision != expectedRevision) {
        return false;
      }
      states.put(key, new StoredState(key, revision + 1, value));
      return true;
    }
  }

  @Override
  public Optional<Leadership> tryAcquire(String key) {
    synchronized (data) {
      ensureOpen();
      if (leaders.putIfAbsent(Objects.requireNonNull(key, "key"), this) != null) {
        return Optional.empty();
      }
      return Optional.of(new Held(key));
    }
  }

  /**
   * Closes this store: its later calls fail and its leaderships are released; other stores on the
   * same data stay open. Idempotent.
   */
  @Override
  public void close() {
    synchronized (data) {
      closed = true;
      leaders.values().removeIf(holder -> holder == this);
    }
  }

  private boolean holds(String key) {
    synchronized (data) {
      return !closed && leaders.get(key) == this;
    }
  }

  private void release(String key) {
    synchronized (data) {
      leaders.remove(key, this);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The in-memory monitor store is closed");
    }
  }

  private static boolean inRange(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** A leadership of this store, released on close. */
  private final class Held implements Leadership {
    private final String key;
    private volatile boolean released;

    Held(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public boolean isHeld() {
      return !released && holds(key);
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(key);
      }
    }
  }
}

package dev.mlops.testkit;

import dev.mlops.core.registry.internal.RegistryEventDispatcher;
import dev.mlops.registry.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The data of one in-memory registry (models, versions, audit log) and the registries attached to
 * it. Shared stores live in a JVM-wide map by name, like an in-memory database; private ones belong
 * to one registry.
 *
 * <p>Every read runs under the read lock and every mutation under the write lock. Events are queued
 * to every attached registry's dispatcher while the write lock is held, so each dispatcher receives
 * them in the order the changes were made; delivery happens on the dispatchers' threads once the
 * lock is released.
 */
final class MemoryStore {

  private static final ConcurrentMap<String, MemoryStore> SHARED = new ConcurrentHashMap<>();

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final NavigableMap<String, StoredModel> models = new TreeMap<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private final Set<RegistryEventDispatcher> dispatchers = new CopyOnWriteArraySet<>();

  /** The shared store with this name, created empty on first use. */
  static MemoryStore shared(String name) {
    return SHARED.computeIfAbsent(name, n -> new MemoryStore());
  }

  /** Forgets a shared store; registries still attached keep using the old data. */
  static boolean discardShared(String name) {
    return SHARED.remove(name) != null;
  }

  void attach(RegistryEventDispatcher dispatcher) {
    dispatchers.add(dispatcher);
  }

  void detach(RegistryEventDispatcher dispatcher) {
    dispatchers.remove(dispatcher);
  }

  <T> T read(Supplier<T> reading) {
    return locked(lock.readLock(), reading);
  }

  <T extends @Nullable Object> T write(Supplier<T> mutation) {
    return locked(lock.writeLock(), mutation);
  }

  /** The models by name; only under {@link #read} or {@link #write}. */
  NavigableMap<String, StoredModel> models() {
    return models;
  }

  /** The audit log, entry {@code n} at index {@code n - 1}; only under {@link #read} or {@link #write}. */
  List<AuditEntry> audit() {
    return audit;
  }

  /**
   * Records a change that has just been applied: appends its audit entry, marks the model updated
   * and queues its event for every attached registry. Only under {@link #write}.
   */
  void record(Change change, Instant at, String actor) {
    if (!lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("Changes are recorded under the write lock");
    }
    audit.add(new AuditEntry(audit.size() + 1L, at, actor, change.action(), change.modelName(),
        change.version(), change.key(), change.before(), change.after(), change.reason()));
    StoredModel model = models.get(change.modelName());
    if (model != null) {
      model.touch(at);
    }
    for (RegistryEventDispatcher dispatcher : dispatchers) {
      dispatcher.publish(change.event());
    }
  }

  private static <T extends @Nullable Object> T locked(Lock l, Supplier<T> action) {
    l.lock();
    try {
      return action.get();
    } finally {
      l.unlock();
    }
  }
}

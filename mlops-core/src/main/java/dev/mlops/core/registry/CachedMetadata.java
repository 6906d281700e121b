package dev.mlops.core.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Caffeine caches in front of the {@link MetadataStore}. Version documents never change and stay
 * cached until evicted; model documents, version states and the model list are invalidated by each
 * audit entry that touches them, whichever process wrote it (the {@link ChangeFeed} sees them all).
 *
 * <p>Why this is never stale for longer than one read: a writer replaces the files before it
 * appends the audit entry, and every read first catches up with the log. A load racing with an
 * invalidation is discarded by Caffeine, so an old document cannot outlive the entry that changed it.
 *
 * <p>Next to each version state it keeps the {@link ModelVersion} built from the version document
 * and that state (without aliases, which live in the model document): the records are immutable,
 * so a cached read hands out the same instance again instead of rebuilding and re-validating it.
 * It is loaded and invalidated together with the state, so it is exactly as fresh.
 *
 * <p>Caffeine's maintenance (recording reads, evicting) runs on the calling thread rather than
 * being handed to {@code ForkJoinPool.commonPool()}: the hand-off (waking a pool thread) cost more
 * than the maintenance itself on a busy read path.
 */
final class CachedMetadata {

  private static final String ALL_MODELS = "";

  /** Identifies a version. */
  private record VersionKey(String name, int version) {}

  /** A version's state and the version as readers see it in that state, without aliases. */
  private record VersionState(VersionStateFile state, ModelVersion view) {}

  private final MetadataStore store;
  private final boolean enabled;
  private final Cache<String, ModelFile> models;
  private final Cache<VersionKey, VersionFile> versions;
  private final Cache<VersionKey, VersionState> states;
  private final Cache<String, List<String>> modelNames;

  CachedMetadata(MetadataStore store, long maximumSize) {
    this.store = store;
    this.enabled = maximumSize > 0;
    this.models = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    this.versions = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    this.states = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    this.modelNames = Caffeine.newBuilder().maximumSize(1).executor(Runnable::run).build();
  }

  /**
   * The model's document, or null if there is no model of exactly this name (a case-insensitive
   * file system may hold one whose name differs in case).
   */
  @Nullable ModelFile model(String name) {
    ModelFile m = load(models, name, store::readModel);
    return m != null && m.name().equals(name) ? m : null;
  }

  /**
   * A published version's document.
   *
   * @throws RegistryStorageException if the model says the version exists but its files are gone
   */
  VersionFile version(String name, int version) {
    VersionFile v = load(versions, new VersionKey(name, version), k -> store.readVersion(k.name(), k.version()));
    if (v == null) {
      throw missingVersion(name, version);
    }
    return v;
  }

  /** A published version's current state. */
  VersionStateFile state(String name, int version) {
    return versionState(name, version).state();
  }

  /** A published version as readers see it in its current state, with no aliases. */
  ModelVersion view(String name, int version) {
    return versionState(name, version).view();
  }

  private VersionState versionState(String name, int version) {
    VersionFile published = version(name, version);
    VersionState s = load(states, new VersionKey(name, version), k -> {
      VersionStateFile state = store.readState(name, version, published);
      return new VersionState(state, published.toVersion(state.status(), state.tags(), Set.of()));
    });
    // The loader never returns null (a version without state.json is in its initial state).
    return Objects.requireNonNull(s);
  }

  /** The names of all models, sorted. */
  List<String> modelNames() {
    List<String> names = load(modelNames, ALL_MODELS, k -> store.modelNames());
    return names == null ? List.of() : names;
  }

  /** Forgets whatever an audit entry changed. */
  void invalidate(AuditEntry entry) {
    models.invalidate(entry.modelName());
    Integer version = entry.version();
    if (entry.action() == AuditAction.REGISTER_VERSION) {
      modelNames.invalidateAll();
    } else if (version != null) {
      states.invalidate(new VersionKey(entry.modelName(), version));
    }
  }

  /** Forgets everything that can change. */
  void invalidateAll() {
    models.invalidateAll();
    states.invalidateAll();
    modelNames.invalidateAll();
  }

  static RegistryStorageException missingVersion(String name, int version) {
    return new RegistryStorageException("Version " + version + " of model '" + name + "' is listed but its"
        + " directory or version.json is missing: the registry directory was changed by hand. Restore it"
        + " from a backup.", null);
  }

  /** A loader that may fail with an I/O error. */
  @FunctionalInterface
  private interface Loader<K, V> {
    @Nullable V load(K key) throws IOException;
  }

  private <K, V> @Nullable V load(Cache<K, V> cache, K key, Loader<K, V> loader) {
    if (!enabled) {
      // Caching is off: read straight through, without a cache's bookkeeping for entries that are
      // evicted as soon as they are added.
      try {
        return loader.load(key);
      } catch (IOException e) {
        throw new RegistryStorageException("Cannot read registry metadata: " + e.getMessage(), e);
      }
    }
    Function<K, @Nullable V> unchecked = k -> {
      try {
        return loader.load(k);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    try {
      return cache.get(key, unchecked);
    } catch (UncheckedIOException e) {
      IOException cause = Objects.requireNonNull(e.getCause(), "an UncheckedIOException's cause");
      throw new RegistryStorageException("Cannot read registry metadata: " + cause.getMessage(),
          cause);

    }
  }
}

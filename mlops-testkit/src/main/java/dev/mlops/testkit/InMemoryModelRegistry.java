package dev.mlops.testkit;

import dev.mlops.core.registry.internal.CheckedRegistration;
import dev.mlops.core.registry.internal.RegistryEventDispatcher;
import dev.mlops.core.registry.internal.TemporaryArtifact;
import dev.mlops.internal.SetOnce;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Subscription;
import dev.mlops.registry.VersionConflictException;
import dev.mlops.registry.spi.ArtifactChecksums;
import dev.mlops.registry.spi.PageTokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A complete {@link ModelRegistry} held in memory: for application tests, demos and anywhere a
 * registry need not outlive the JVM. It keeps every rule of the contract (consecutive version
 * numbers, compare-and-set aliases, the audit log, ordered events on a registry thread) and passes
 * {@link ModelRegistryContract}.
 *
 * <p>Artifacts are copied into memory with their sizes and SHA-256 checksums and verified again each
 * time {@link #openArtifact(String, int)} hands them out, as a copy in a temporary directory that
 * closing the {@link ModelArtifact} deletes.
 *
 * <p><b>Private and shared stores.</b> {@code new InMemoryModelRegistry()} (or {@link #builder()})
 * owns private data that disappears with it. {@code ModelRegistries.open("memory:NAME")} (or
 * {@link Builder#sharedStore(String)}) attaches to a store that lives as long as the JVM under that
 * name, like an in-memory database: every registry opened on the same name sees the same models,
 * and its listeners hear about changes made through any of them.
 *
 * <p>Thread-safe. Reads run concurrently; mutations are serialised per store.
 *
 * @since 0.1
 */
public final class InMemoryModelRegistry implements ModelRegistry {

  /** The URI scheme of in-memory registries. */
  public static final String SCHEME = "memory";

  private static final AtomicLong PRIVATE_STORES = new AtomicLong();

  private final MemoryStore store;
  private final URI location;
  private final Clock clock;
  private final String actor;
  private final RegistryEventDispatcher events;
  private volatile boolean closed;

  /** Creates a registry with private data, the system clock and the OS user as actor. */
  public InMemoryModelRegistry() {
    this(builder());
  }

  private InMemoryModelRegistry(Builder b) {
    if (b.storeName == null) {
      // '~' cannot start a store name, so opening this location by URI is refused instead of
      // silently giving a different, empty store.
      this.location = URI.create(SCHEME + ":~private-" + PRIVATE_STORES.incrementAndGet());
      this.store = new MemoryStore();
    } else {
      this.location = URI.create(SCHEME + ":" + b.storeName);
      this.store = MemoryStore.shared(b.storeName);
    }
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.actor = b.actor != null ? b.actor : Builder.defaultActor();
    this.events = new RegistryEventDispatcher(location.toString());
    store.attach(events);
  }

  /**
   * A builder for a registry with a chosen clock, actor or shared store.
   *
   * @return a new builder: system UTC clock, the {@code user.name} system property as actor, a
   *     private store
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Forgets the data of a shared store, so that the next registry opened with that name starts
   * empty. Registries already open on it keep working on the old data until closed. Tests that
   * reuse a store name call this between tests.
   *
   * @param name the store name, as in {@code memory:NAME}
   * @return true if such a store existed
   */
  public static boolean discardSharedStore(String name) {
    return MemoryStore.discardShared(name);
  }

  /**
   * Damages a stored artifact file, <b>for tests of integrity checking only</b>: inverts its first
   * byte (or gives an empty file one byte), bypassing the audit log and events, so that the next
   * {@link #openArtifact(String, int)} of that version fails with {@link ArtifactIntegrityException}.
   *
   * @param name the model name
   * @param version the version number
   * @param relativePath the artifact file, as in {@link ArtifactRef#path()}
   * @throws ModelNotFoundException if the model or version does not exist
   * @throws IllegalArgumentException if the version has no such file
   * @throws IllegalStateException if the registry is closed
   */
  public void corruptStoredFile(String name, int version, String relativePath) {
    checkOpen();
    Objects.requireNonNull(relativePath, "relativePath");
    store.write(() -> {
      model(name).version(version).corrupt(relativePath);
      return null;
    });
  }

  @Override
  public URI location() {
    return location;
  }

  @Override
  public ModelVersion register(RegistrationRequest request) {
    checkOpen();
    // Read and checksum the files before taking the lock: slow I/O never blocks other writers,
    // and an unacceptable artifact is rejected before a version number is taken.
    CheckedRegistration checked = CheckedRegistration.of(request);
    StagedArtifact staged = StagedArtifact.read(checked.source());
    return write(now -> {
      StoredModel model =
          store.models().computeIfAbsent(request.name(), n -> new StoredModel(n, now));
      int number = model.nextVersionNumber();
      ModelVersion version = new ModelVersion(request.name(), number, request.format(),
          staged.refs(), checked.signature(), request.metrics(), request.params(), request.tags(),
          request.lineage(), ModelVersionStatus.READY, Set.of(), request.description(), now, actor);
      model.add(new StoredVersion(version, staged.contents()));
      record(now, new Change(AuditAction.REGISTER_VERSION, request.name(), number, null, null,
          Integer.toString(number), null, new RegistryEvent.VersionRegistered(version)));
      return version;
    });
  }

  @Override
  public ModelVersion getVersion(String name, int version) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    return store.read(() -> {
      StoredModel model = model(name);
      return model.snapshot(model.version(version));
    });
  }

  @Override
  public ModelVersion resolve(ModelUri uri) {
    checkOpen();
    return switch (uri.kind()) {
      case VERSION -> getVersion(uri.name(), uri.version());
      case ALIAS -> store.read(() -> {
        StoredModel model = model(uri.name());
        Integer target = model.aliases().get(uri.alias());
        if (target == null) {
          throw new ModelNotFoundException(uri.name(), "alias '" + uri.alias() + "'");
        }
        return model.snapshot(model.version(target));
      });
      case LATEST -> store.read(() -> {
        StoredModel model = model(uri.name());
        for (int i = model.versions().size() - 1; i >= 0; i--) {
          StoredVersion v = model.versions().get(i);
          if (v.status() == ModelVersionStatus.READY) {
            return model.snapshot(v);
          }
        }
        throw new ModelNotFoundException(uri.name(), "version that is not archived");
      });
    };
  }

  @Override
  public RegisteredModel getModel(String name) {
    checkOpen();
    NameRules.checkModelName(name);
    return store.read(() -> model(name).snapshot());
  }

  @Override
  public Page<RegisteredModel> listModels(PageRequest page) {
    checkOpen();
    String token = page.pageToken();
    @Nullable String after = token == null ? null : PageTokens.decode(token, "models", 1).get(0);
    return store.read(() -> {
      var remaining = after == null ? store.models() : store.models().tailMap(after, false);
      List<RegisteredModel> items = remaining.values().stream()
          .limit(page.limit() + 1L)
          .map(StoredModel::snapshot)
          .toList();
      return PageTokens.page(items, page.limit(), m -> PageTokens.encode("models", m.name()));
    });
  }

  @Override
  public Page<ModelVersion> listVersions(String name, PageRequest page) {
    checkOpen();
    NameRules.checkModelName(name);
    String listing = "versions of " + name;
    String token = page.pageToken();
    long last = token == null ? 0 : PageTokens.decodeNumber(token, listing);
    if (token != null && last > Integer.MAX_VALUE) {
      throw PageTokens.foreign(token, listing);
    }
    int after = (int) last;
    return store.read(() -> {
      StoredModel model = model(name);
      List<StoredVersion> all = model.versions();
      List<ModelVersion> items = all.subList(Math.min(after, all.size()), all.size()).stream()
          .limit(page.limit() + 1L)
          .map(model::snapshot)
          .toList();
      return PageTokens.page(items, page.limit(),
          v -> PageTokens.encode(listing, Integer.toString(v.version())));
    });
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    checkTag(name, key, value);
    write(now -> {
      StoredModel model = model(name);
      String before = model.tags().get(key);
      if (!value.equals(before)) {
        model.tags().put(key, value);
        record(now, new Change(AuditAction.SET_TAG, name, null, key, before, value, null,
            new RegistryEvent.TagChanged(name, null, key, value)));
      }
      return null;
    });
  }

  @Override
  public boolean deleteModelTag(String name, String key) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkTagKey(key);
    return write(now -> {
      String before = model(name).tags().remove(key);
      if (before != null) {
        record(now, new Change(AuditAction.DELETE_TAG, name, null, key, before, null, null,
            new RegistryEvent.TagChanged(name, null, key, null)));
      }
      return before != null;
    });
  }

  @Override
  public void setVersionTag(String name, int version, String key, String value) {
    checkTag(name, key, value);
    NameRules.checkVersion(name, version);
    write(now -> {
      StoredVersion stored = model(name).version(version);
      String before = stored.tags().get(key);
      if (!value.equals(before)) {
        stored.tags().put(key, value);
        record(now, new Change(AuditAction.SET_TAG, name, version, key, before, value, null,
            new RegistryEvent.TagChanged(name, version, key, value)));
      }
      return null;
    });
  }

  @Override
  public boolean deleteVersionTag(String name, int version, String key) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    NameRules.checkTagKey(key);
    return write(now -> {
      String before = model(name).version(version).tags().remove(key);
      if (before != null) {
        record(now, new Change(AuditAction.DELETE_TAG, name, version, key, before, null, null,
            new RegistryEvent.TagChanged(name, version, key, null)));
      }
      return before != null;
    });
  }

  @Override
  public OptionalInt setAlias(
      String name, String alias, int version, AliasPrecondition expected, @Nullable String reason) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkAlias(alias);
    NameRules.checkVersion(name, version);
    Objects.requireNonNull(expected, "expected");
    return write(now -> {
      StoredModel model = model(name);
      StoredVersion target = model.version(version);
      Integer current = model.aliases().get(alias);
      if (!expected.isSatisfiedBy(current)) {
        throw new VersionConflictException(name, alias, expected, current);
      }
      if (current != null && current == version) {
        return OptionalInt.of(version);
      }
      if (target.status() == ModelVersionStatus.ARCHIVED) {
        throw new ModelStateException("Alias '" + alias + "' of model '" + name
            + "' cannot point to version " + version + " because it is archived; register a new"
            + " version or choose one that is not archived");
      }
      model.aliases().put(alias, version);
      record(now, new Change(AuditAction.SET_ALIAS, name, version, alias, text(current),
          Integer.toString(version), reason,
          new RegistryEvent.AliasMoved(name, alias, current, version)));
      return current == null ? OptionalInt.empty() : OptionalInt.of(current);
    });
  }

  @Override
  public int deleteAlias(
      String name, String alias, AliasPrecondition expected, @Nullable String reason) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkAlias(alias);
    if (expected.kind() == AliasPrecondition.Kind.ABSENT) {
      throw new IllegalArgumentException("Deleting alias '" + alias + "' of model '" + name
          + "' cannot expect it to be absent; use AliasPrecondition.any() or pointsTo(version)");
    }
    return write(now -> {
      StoredModel model = model(name);
      Integer current = model.aliases().get(alias);
      if (current == null) {
        throw new ModelNotFoundException(name, "alias '" + alias + "'");
      }
      if (!expected.isSatisfiedBy(current)) {
        throw new VersionConflictException(name, alias, expected, current);
      }
      model.aliases().remove(alias);
      record(now, new Change(AuditAction.DELETE_ALIAS, name, current, alias, text(current), null,
          reason, new RegistryEvent.AliasMoved(name, alias, current, null)));
      return current;
    });
  }

  @Override
  public ModelVersion archiveVersion(String name, int version, @Nullable String reason) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    return write(now -> {
      StoredModel model = model(name);
      StoredVersion stored = model.version(version);
      if (stored.status() == ModelVersionStatus.ARCHIVED) {
        return model.snapshot(stored);
      }
      Set<String> aliases = model.aliasesOf(version);
      if (!aliases.isEmpty()) {
        throw new ModelStateException("Version " + version + " of model '" + name
            + "' cannot be archived while aliases " + aliases + " point to it; move or delete"
            + " them first");
      }
      stored.archive();
      record(now, new Change(AuditAction.ARCHIVE_VERSION, name, version, null,
          ModelVersionStatus.READY.name(), ModelVersionStatus.ARCHIVED.name(), reason,
          new RegistryEvent.VersionArchived(name, version)));
      return model.snapshot(stored);
    });
  }

  @Override
  public ModelArtifact openArtifact(String name, int version) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    ReadableVersion readable = store.read(() -> {
      StoredModel model = model(name);
      StoredVersion stored = model.version(version);
      return new ReadableVersion(model.snapshot(stored), stored.copyOfFiles());
    });
    // The bytes verified are the very bytes written out: the copy is private to this call.
    for (ArtifactRef ref : readable.version().artifacts()) {
      verify(readable.version(), ref, readable.files().get(ref.path()));
    }
    return TemporaryArtifact.write(readable.version(), readable.files());
  }

  @Override
  public Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page) {
    checkOpen();
    if (modelName != null) {
      NameRules.checkModelName(modelName);
    }
    String listing = "audit of " + (modelName == null ? "all models" : modelName);
    String token = page.pageToken();
    long after = token == null ? 0 : PageTokens.decodeNumber(token, listing);
    return store.read(() -> {
      List<AuditEntry> log = store.audit();
      List<AuditEntry> items = new ArrayList<>();
      // Entry n sits at index n - 1, so the listing continues right after the token's entry.
      for (int i = (int) Math.min(after, log.size()); i < log.size() && items.size() <= page.limit(); i++) {
        AuditEntry e = log.get(i);
        if (modelName == null || modelName.equals(e.modelName())) {
          items.add(e);
        }
      }
      return PageTokens.page(items, page.limit(),
          e -> PageTokens.encode(listing, Long.toString(e.sequence())));
    });
  }

  @Override
  public Subscription subscribe(RegistryListener listener) {
    checkOpen();
    return events.subscribe(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    store.detach(events);
    events.close();
  }

  @Override
  public String toString() {
    return "InMemoryModelRegistry[" + location + (closed ? ", closed]" : "]");
  }

  private <T extends @Nullable Object> T write(Function<Instant, T> mutation) {
    checkOpen();
    // The time is taken under the lock so that audit timestamps follow the sequence order.
    return store.write(() -> mutation.apply(clock.instant()));
  }

  private void record(Instant now, Change change) {
    store.record(change, now, actor);
  }

  private StoredModel model(String name) {
    StoredModel model = store.models().get(name);
    if (model == null) {
      throw new ModelNotFoundException(name, null);
    }
    return model;
  }

  private void checkTag(String name, String key, String value) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkTagKey(key);
    NameRules.checkTagValue(key, Objects.requireNonNull(value, "value"));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The in-memory registry " + location + " is closed");
    }
  }

  private static void verify(ModelVersion version, ArtifactRef expected, byte @Nullable [] bytes) {
    if (bytes == null) {
      throw new ArtifactIntegrityException(version.name(), version.version(), expected.path(),
          "the file is missing");
    }
    String problem;
    try {
      problem = ArtifactChecksums.mismatch(ArtifactChecksums.of(expected.path(), new ByteArrayInputStream(bytes)),
          expected);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading a byte array cannot fail", e);
    }
    if (problem != null) {
      throw new ArtifactIntegrityException(version.name(), version.version(), expected.path(), problem);
    }
  }

  private static @Nullable String text(@Nullable Integer version) {
    return version == null ? null : version.toString();
  }

  private record ReadableVersion(ModelVersion version, Map<String, byte[]> files) {}

  /**
   * Builds an {@link InMemoryModelRegistry}. Every setting is optional and may be given once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private @Nullable Clock clock;
    private @Nullable String actor;
    private @Nullable String storeName;

    private Builder() {}

    /**
     * Sets the clock that timestamps versions, audit entries and model updates. The default is
     * the system clock in UTC.
     *
     * @param value the clock, such as a {@link ManualClock}
     * @return this builder
     * @throws IllegalStateException if a clock was already set
     */
    public Builder clock(Clock value) {
      this.clock = SetOnce.value("clock", clock, value);
      return this;
    }

    /**
     * Sets who is acting, recorded as {@link ModelVersion#createdBy()} and in the audit log. The
     * default is the {@code user.name} system property, as for {@link ModelRegistries#OPTION_ACTOR}.
     *
     * @param value the actor's name
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     * @throws IllegalStateException if an actor was already set
     */
    public Builder actor(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("actor must be a non-blank name but was '" + value + "'");
      }
      this.actor = SetOnce.value("actor", actor, value);
      return this;
    }

    /**
     * Attaches the registry to the JVM-wide store of this name instead of private data, exactly
     * as {@code ModelRegistries.open("memory:NAME")} does.
     *
     * @param name the store name, following {@link NameRules#NAME_PATTERN}
     * @return this builder
     * @throws IllegalArgumentException if the name is not a valid store name
     * @throws IllegalStateException if a store was already chosen
     */
    public Builder sharedStore(String name) {
      if (name == null || !NameRules.NAME_PATTERN.matcher(name).matches()) {
        throw new IllegalArgumentException("In-memory store name '" + name + "' must start with a"
            + " letter or digit and contain only letters, digits, '.', '_' and '-' (at most 128)");
      }
      this.storeName = SetOnce.value("sharedStore", storeName, name);
      return this;
    }

    /**
     * Creates the registry.
     *
     * @return a new open registry
     */
    public InMemoryModelRegistry build() {
      return new InMemoryModelRegistry(this);
    }

    private static String defaultActor() {
      String user = System.getProperty("user.name");
      return user == null || user.isBlank() ? "unknown" : user;
    }
  }
}

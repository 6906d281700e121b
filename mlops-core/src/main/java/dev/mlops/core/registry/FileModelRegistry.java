package dev.mlops.core.registry;

import dev.mlops.core.registry.internal.ArtifactSource;
import dev.mlops.core.registry.internal.CheckedRegistration;
import dev.mlops.core.registry.internal.RegistryEventDispatcher;
import dev.mlops.internal.SetOnce;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidNameException;
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
import dev.mlops.registry.RegistryNotFoundException;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.Subscription;
import dev.mlops.registry.VersionConflictException;
import dev.mlops.registry.spi.ArtifactChecksums;
import dev.mlops.registry.spi.PageTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ModelRegistry} kept in one directory tree on the local file system, safe for many
 * threads and many processes at once. Open it with {@link #open(Path)}, {@link #builder()}, or
 * {@code ModelRegistries.open("file:/var/mlops")}.
 *
 * <p><b>Storage.</b> Metadata is human-readable JSON; artifacts are copied in while their SHA-256
 * is computed. A version is assembled in a staging directory inside the root, flushed to the
 * device, and renamed into place under an inter-process lock that also allocates its number, so
 * readers never see a partial version and concurrent registrations from several processes get
 * distinct, consecutive numbers. Every mutation is recorded first in a journal, then applied and
 * appended to the audit log, so that a crash at any point leaves the registry readable and each
 * visible change with exactly one audit entry; the next writer or the next open completes or
 * discards what a crashed writer left. See {@code docs/file-registry.md} for the layout.
 *
 * <p><b>Links.</b> The registry never creates a symbolic link and never follows one: a link (or an
 * entry of the wrong kind) where it keeps its own directories and files makes every operation that
 * meets it throw a {@link RegistryLayoutException} naming the entry, with nothing read, written or
 * deleted through it.
 *
 * <p><b>Artifacts.</b> {@link #openArtifact} verifies the size and SHA-256 of every file, then
 * hands out the stored directory itself (no copy). Its files are read-only; do not write to them.
 *
 * <p><b>Caching and other processes.</b> Metadata reads are cached. Every read first checks
 * whether the audit log grew (one {@code stat}); entries appended since, by this process or
 * another, invalidate what they changed and are turned into {@link RegistryEvent}s. A background
 * thread does the same check every {@linkplain Builder#pollInterval(Duration) poll interval}, so
 * listeners hear of other processes' changes even while this process reads nothing.
 *
 * @since 0.1
 */
public final class FileModelRegistry implements ModelRegistry {

  /** How often the registry looks for changes made by other processes unless told otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  /** How many documents of each kind the metadata cache holds unless told otherwise. */
  public static final long DEFAULT_CACHE_SIZE = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(FileModelRegistry.class);

  private final URI location;
  private final RegistryLayout layout;
  private final Clock clock;
  private final String actor;
  private final PublishObserver observer;
  private final RegistryLock lock;
  private final StagingArea staging;
  private final AuditLog auditLog;
  private final Journal journal;
  private final MetadataStore store;
  private final CachedMetadata cache;
  private final RegistryEventDispatcher dispatcher;
  private final ChangeFeed feed;
  private final @Nullable ScheduledExecutorService poller;
  private volatile boolean closed;

  @SuppressWarnings("try") // the lock is held for the block's duration, not referenced in it
  private FileModelRegistry(Builder b, Path root) throws IOException {
    this.layout = new RegistryLayout(root);
    layout.checkRoot();
    this.location = locationOf(root);
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.actor = b.actor != null ? b.actor : Builder.defaultActor();
    this.observer = b.observer;
    this.lock = new RegistryLock(root, layout.lockFile());
    this.staging = new StagingArea(layout, lock);
    this.auditLog = new AuditLog(layout.auditLog());
    this.journal = new Journal(layout, auditLog, layout.staging(), observer);
    this.store = new MetadataStore(layout);
    this.cache = new CachedMetadata(store, b.cacheSize != null ? b.cacheSize : DEFAULT_CACHE_SIZE);
    this.dispatcher = new RegistryEventDispatcher(location.toString());
    this.feed = new ChangeFeed(auditLog, new ChangeFeed.Sink() {
      @Override
      public void accept(AuditEntry entry) {
        onAudited(entry);
      }

      @Override
      public void reset() {
        cache.invalidateAll();
      }
    });
    try (RegistryLock.Held held = lock.acquire()) {
      Files.createDirectories(layout.staging());
      FormatMarker.ensure(layout, clock.instant());
      Files.createDirectories(layout.models());
      prepareForWrite();
      staging.cleanUp();
    }
    Duration pollInterval = b.pollInterval != null ? b.pollInterval : DEFAULT_POLL_INTERVAL;
    this.poller = pollInterval.isZero() ? null : startPolling(pollInterval);
  }

  /**
   * Opens the registry in a directory, creating it if needed, with the default settings.
   *
   * @param root the registry's root directory
   * @return the open registry; the caller closes it
   * @throws RegistryStorageException if the directory cannot be created or read, is a non-empty
   *     directory that is not a registry, or holds a registry in a newer on-disk format
   * @throws RegistryLayoutException if the registry holds a symbolic link (or an entry of the wrong
   *     kind) where it keeps its own files, such as a {@code staging} directory linked elsewhere
   * @since 0.1
   */
  public static FileModelRegistry open(Path root) {
    return builder().root(root).open();
  }

  /**
   * Starts configuring a registry.
   *
   * @return a builder
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The registry's root directory.
   *
   * @return the real, absolute path of the root
   * @throws IllegalStateException if the registry is closed
   * @since 0.1
   */
  public Path root() {
    ensureOpen();
    return layout.root();
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code file:} followed by the absolute path of the root
   */
  @Override
  public URI location() {
    ensureOpen();
    return location;
  }

  @Override
  @SuppressWarnings("try") // the lock is held for the block's duration, not referenced in it
  public ModelVersion register(RegistrationRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    CheckedRegistration checked = CheckedRegistration.of(request);
    ArtifactSource source = checked.source();
    String name = request.name();
    try (StagingArea.Stage stage = staging.create()) {
      List<ArtifactRef> files = copyIn(source, stage.directory().resolve(RegistryLayout.ARTIFACT));
      observer.reached(PublishStep.STAGED);
      try (RegistryLock.Held held = lock.acquire()) {
        prepareForWrite();
        ModelFile model = store.readModel(name);
        if (model != null && !model.name().equals(name)) {
          throw new InvalidNameException("model name", name, "it differs only in letter case from the"
              + " existing model '" + model.name() + "', and this registry's file system does not tell"
              + " them apart");
        }
        int version = model == null ? 1 : model.latestVersion() + 1;
        if (Files.exists(layout.versionDir(name, version))) {
          throw new RegistryStorageException("Cannot publish version " + version + " of model '" + name
              + "': its directory " + layout.versionDir(name, version) + " already exists although the model"
              + " file says the latest version is " + (version - 1) + ". The registry directory was changed"
              + " by hand; restore it from a backup.", null);
        }
        Instant now = clock.instant();
        byte[] versionJson = JsonCodec.pretty(VersionFile.of(request, checked.signature(), version, files, now, actor));
        Path versionFile = stage.directory().resolve(RegistryLayout.VERSION_FILE);
        DurableFiles.writeNew(versionFile, versionJson);
        makeReadOnly(versionFile);
        DurableFiles.syncDirectory(stage.directory());
        ModelFile next = model == null ? ModelFile.created(name, now) : model.withLatestVersion(version, now);
        AuditEntry entry = entry(now, AuditAction.REGISTER_VERSION, name, version, null, null,
            Integer.toString(version), null);
        JournalFile.Move move = new JournalFile.Move(layout.relative(stage.directory()),
            layout.relative(layout.versionDir(name, version)));
        try {
          commit(entry, move, List.of(replacement(layout.modelFile(name), next)));
        } catch (IOException | RuntimeException e) {
          if (journal.pending()) {
            // The registration is committed; whoever replays the journal needs the staged files.
            stage.keepDirectory();
          }
          throw e;
        }
        return JsonCodec.parse(versionJson, VersionFile.class).asPublished();
      }
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot register a version of model '" + name + "' in "
          + layout.root() + ": " + e + (journal.pending() ? ". The version was committed to the journal"
          + " and will be published by the next write or open of the registry" : ""), e);
    }
  }

  @Override
  public ModelVersion getVersion(String name, int version) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    feed.catchUp();
    return version(requireModel(name), version);
  }

  @Override
  public ModelVersion resolve(ModelUri uri) {
    Objects.requireNonNull(uri, "uri");
    ensureOpen();
    feed.catchUp();
    ModelFile model = requireModel(uri.name());
    return switch (uri.kind()) {
      case VERSION -> version(model, uri.version());
      case ALIAS -> {
        String alias = Objects.requireNonNull(uri.alias());
        Integer target = model.aliases().get(alias);
        if (target == null) {
          throw new ModelNotFoundException(model.name(), "alias '" + alias + "'");
        }
        yield version(model, target);
      }
      case LATEST -> {
        for (int v = model.latestVersion(); v >= 1; v--) {
          if (cache.state(model.name(), v).status() == ModelVersionStatus.READY) {
            yield version(model, v);
          }
        }
        throw new ModelNotFoundException(model.name(), "version that is not archived");
      }
    };
  }

  @Override
  public RegisteredModel getModel(String name) {
    ensureOpen();
    NameRules.checkModelName(name);
    feed.catchUp();
    return requireModel(name).toModel();
  }

  @Override
  public Page<RegisteredModel> listModels(PageRequest page) {
    ensureOpen();
    String after = null;
    String token = page.pageToken();
    if (token != null) {
      after = PageTokens.decode(token, "models", 1).get(0);
      if (!NameRules.NAME_PATTERN.matcher(after).matches()) {
        throw PageTokens.foreign(token, "models");
      }
    }
    feed.catchUp();
    List<String> names = cache.modelNames();
    int from = after == null ? 0 : firstAfter(names, after);
    int to = Math.min(names.size(), from + page.limit());
    List<RegisteredModel> items = new ArrayList<>();
    for (String name : names.subList(from, to)) {
      ModelFile m = cache.model(name);
      if (m != null) {
        items.add(m.toModel());
      }
    }
    String next = to < names.size() ? PageTokens.encode("models", names.get(to - 1)) : null;
    return new Page<>(items, next);
  }

  @Override
  public Page<ModelVersion> listVersions(String name, PageRequest page) {
    ensureOpen();
    NameRules.checkModelName(name);
    int after = 0;
    String token = page.pageToken();
    if (token != null) {
      long last = PageTokens.decodeNumber(token, versionsListing(name));
      if (last > Integer.MAX_VALUE) {
        throw PageTokens.foreign(token, versionsListing(name));
      }
      after = (int) last;
    }
    feed.catchUp();
    ModelFile model = requireModel(name);
    int last = (int) Math.min(model.latestVersion(), (long) after + page.limit());
    List<ModelVersion> items = new ArrayList<>();
    for (int v = after + 1; v <= last; v++) {
      items.add(version(model, v));
    }
    String next = last < model.latestVersion()
        ? PageTokens.encode(versionsListing(name), Integer.toString(last))
        : null;
    return new Page<>(items, next);
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    ensureOpen();
    checkTag(name, key, value);
    write("set tag '" + key + "' of model '" + name + "'", name, (model, now) -> {
      String old = model.tags().get(key);
      if (value.equals(old)) {
        return Outcome.unchanged(Boolean.FALSE);
      }
      return new Outcome<>(Boolean.TRUE, new Change(AuditAction.SET_TAG, null, key, old, value, null,
          model.withTag(key, value, now), null));
    });
  }

  @Override
  public boolean deleteModelTag(String name, String key) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkTagKey(key);
    return write("delete tag '" + key + "' of model '" + name + "'", name, (model, now) -> {
      String old = model.tags().get(key);
      if (old == null) {
        return Outcome.unchanged(Boolean.FALSE);
      }
      return new Outcome<>(Boolean.TRUE, new Change(AuditAction.DELETE_TAG, null, key, old, null, null,
          model.withTag(key, null, now), null));
    });
  }

  @Override
  public void setVersionTag(String name, int version, String key, String value) {
    ensureOpen();
    checkTag(name, key, value);
    NameRules.checkVersion(name, version);
    write("set tag '" + key + "' of model '" + name + "' version " + version, name, (model, now) -> {
      VersionStateFile state = lockedState(model, version);
      String old = state.tags().get(key);
      if (value.equals(old)) {
        return Outcome.unchanged(Boolean.FALSE);
      }
      return new Outcome<>(Boolean.TRUE, new Change(AuditAction.SET_TAG, version, key, old, value, null,
          model.touched(now), state.withTag(key, value, now)));
    });
  }

  @Override
  public boolean deleteVersionTag(String name, int version, String key) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    NameRules.checkTagKey(key);
    return write("delete tag '" + key + "' of model '" + name + "' version " + version, name, (model, now) -> {
      VersionStateFile state = lockedState(model, version);
      String old = state.tags().get(key);
      if (old == null) {
        return Outcome.unchanged(Boolean.FALSE);
      }
      return new Outcome<>(Boolean.TRUE, new Change(AuditAction.DELETE_TAG, version, key, old, null, null,
          model.touched(now), state.withTag(key, null, now)));
    });
  }

  @Override
  public OptionalInt setAlias(
      String name, String alias, int version, AliasPrecondition expected, @Nullable String reason) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkAlias(alias);
    NameRules.checkVersion(name, version);
    Objects.requireNonNull(expected, "expected");
    return write("move alias '" + alias + "' of model '" + name + "'", name, (model, now) -> {
      VersionStateFile state = lockedState(model, version);
      Integer current = model.aliases().get(alias);
      if (!expected.isSatisfiedBy(current)) {
        throw new VersionConflictException(name, alias, expected, current);
      }
      if (current != null && current == version) {
        return Outcome.unchanged(OptionalInt.of(version));
      }
      if (state.status() == ModelVersionStatus.ARCHIVED) {
        throw new ModelStateException("Alias '" + alias + "' of model '" + name + "' cannot point to version "
            + version + ": it is archived. Choose a version that is not archived.");
      }
      return new Outcome<>(current == null ? OptionalInt.empty() : OptionalInt.of(current),
          new Change(AuditAction.SET_ALIAS, version, alias, current == null ? null : current.toString(),
              Integer.toString(version), reason, model.withAlias(alias, version, now), null));
    });
  }

  @Override
  public int deleteAlias(String name, String alias, AliasPrecondition expected, @Nullable String reason) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkAlias(alias);
    Objects.requireNonNull(expected, "expected");
    if (expected.kind() == AliasPrecondition.Kind.ABSENT) {
      throw new IllegalArgumentException("Deleting alias '" + alias + "' of model '" + name + "' on condition"
          + " that it is absent can never succeed; use AliasPrecondition.any() or pointsTo(version)");
    }
    return write("delete alias '" + alias + "' of model '" + name + "'", name, (model, now) -> {
      Integer current = model.aliases().get(alias);
      if (current == null) {
        throw new ModelNotFoundException(name, "alias '" + alias + "'");
      }
      if (!expected.isSatisfiedBy(current)) {
        throw new VersionConflictException(name, alias, expected, current);
      }
      return new Outcome<>(current, new Change(AuditAction.DELETE_ALIAS, current, alias, current.toString(),
          null, reason, model.withAlias(alias, null, now), null));
    });
  }

  @Override
  public ModelVersion archiveVersion(String name, int version, @Nullable String reason) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    return write("archive model '" + name + "' version " + version, name, (model, now) -> {
      VersionStateFile state = lockedState(model, version);
      VersionFile published = Objects.requireNonNull(store.readVersion(name, version));
      if (state.status() == ModelVersionStatus.ARCHIVED) {
        return Outcome.unchanged(published.toVersion(state.status(), state.tags(), Set.of()));
      }
      Set<String> aliases = aliasesOf(model, version);
      if (!aliases.isEmpty()) {
        throw new ModelStateException("Version " + version + " of model '" + name + "' cannot be archived:"
            + " alias" + (aliases.size() == 1 ? " " : "es ") + String.join(", ", aliases)
            + (aliases.size() == 1 ? " points" : " point") + " to it. Move or delete "
            + (aliases.size() == 1 ? "it" : "them") + " first.");
      }
      VersionStateFile archived = state.archived(now);
      return new Outcome<>(published.toVersion(archived.status(), archived.tags(), Set.of()),
          new Change(AuditAction.ARCHIVE_VERSION, version, null, ModelVersionStatus.READY.name(),
              ModelVersionStatus.ARCHIVED.name(), reason, model.touched(now), archived));
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>The returned artifact's directory is the stored one inside the registry, not a copy; closing
   * the artifact deletes nothing.
   */
  @Override
  public ModelArtifact openArtifact(String name, int version) {
    ModelVersion v = getVersion(name, version);
    Path dir = layout.artifactDir(name, version);
    for (ArtifactRef file : v.artifacts()) {
      try {
        // The directories on the way; a file that is a link is a damaged artifact, reported below.
        layout.requireNoLinks(DurableFiles.parent(dir.resolve(file.path())));
      } catch (IOException e) {
        throw new RegistryStorageException("Cannot open the artifact of model '" + name + "' version "
            + version + " in " + layout.root() + ": " + e, e);
      }
      String problem = ArtifactChecksums.verify(dir.resolve(file.path()), file);
      if (problem != null) {
        throw new ArtifactIntegrityException(name, version, file.path(), problem);
      }
    }
    return new StoredArtifact(v, dir);
  }

  @Override
  public Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page) {
    ensureOpen();
    String listing = "audit of " + (modelName == null ? "all models" : modelName);
    long from = 0;
    long afterSequence = 0;
    try {
      String token = page.pageToken();
      if (token != null) {
        List<String> parts = PageTokens.decode(token, listing, 2);
        from = parseNonNegativeLong(parts.get(0), token, listing);
        afterSequence = parseNonNegativeLong(parts.get(1), token, listing);
        if (from > auditLog.size() || !auditLog.isLineStart(from)) {
          throw PageTokens.foreign(token, listing);
        }
      }
      List<AuditEntry> items = new ArrayList<>();
      long[] resumeAt = {from};
      boolean[] more = {false};
      long after = afterSequence;
      auditLog.read(from, auditLog.size(), (entry, end) -> {
        if (entry.sequence() <= after || (modelName != null && !modelName.equals(entry.modelName()))) {
          return true;
        }
        if (items.size() == page.limit()) {
          more[0] = true;
          return false;
        }
        items.add(entry);
        resumeAt[0] = end;
        return true;
      });
      String next = more[0]
          ? PageTokens.encode(listing, Long.toString(resumeAt[0]),
              Long.toString(items.get(items.size() - 1).sequence()))
          : null;
      return new Page<>(items, next);
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read the audit log " + auditLog.file() + ": " + e, e);
    }
  }

  @Override
  public Subscription subscribe(RegistryListener listener) {
    Objects.requireNonNull(listener, "listener");
    ensureOpen();
    // Changes made elsewhere before this call belong to the listeners that were already there.
    feed.catchUp();
    return dispatcher.subscribe(listener);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stops polling and event delivery (events already queued are delivered first, for up to
   * five seconds). Closing twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (poller != null) {
      poller.shutdown();
      try {
        if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
          poller.shutdownNow();
        }
      } catch (InterruptedException e) {
        poller.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    dispatcher.close();
  }

  @Override
  public String toString() {
    return "FileModelRegistry[" + location + "]";
  }

  // --- writing -------------------------------------------------------------------------------

  /** What a mutation decided: its result and the change to commit, or null if nothing changes. */
  private record Outcome<T>(T result, @Nullable Change change) {
    static <T> Outcome<T> unchanged(T result) {
      return new Outcome<>(result, null);
    }
  }

  /** One change: its audit fields and the new documents. */
  private record Change(
      AuditAction action,
      @Nullable Integer version,
      @Nullable String key,
      @Nullable String before,
      @Nullable String after,
      @Nullable String reason,
      ModelFile model,
      @Nullable VersionStateFile state) {}

  /** Decides a mutation from the model's current document, read under the lock. */
  @FunctionalInterface
  private interface Mutation<T> {
    Outcome<T> apply(ModelFile model, Instant now) throws IOException;
  }

  @SuppressWarnings("try") // the lock is held for the block's duration, not referenced in it
  private <T> T write(String what, String name, Mutation<T> mutation) {
    try (RegistryLock.Held held = lock.acquire()) {
      prepareForWrite();
      ModelFile model = store.readModel(name);
      if (model == null || !model.name().equals(name)) {
        throw new ModelNotFoundException(name, null);
      }
      Instant now = clock.instant();
      Outcome<T> outcome = mutation.apply(model, now);
      Change c = outcome.change();
      if (c != null) {
        List<JournalFile.Write> writes = new ArrayList<>();
        if (c.state() != null) {
          writes.add(replacement(layout.stateFile(name, Objects.requireNonNull(c.version())), c.state()));
        }
        writes.add(replacement(layout.modelFile(name), c.model()));
        commit(entry(now, c.action(), name, c.version(), c.key(), c.before(), c.after(), c.reason()), null, writes);
      }
      return outcome.result();
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot " + what + " in registry " + layout.root() + ": " + e, e);
    }
  }

  /**
   * Brings this process up to date before it writes, under the lock: reads entries others
   * appended, cuts a torn audit line, and completes a crashed writer's journal.
   */
  private void prepareForWrite() throws IOException {
    layout.checkRoot();
    feed.catchUp();
    feed.repairTornTail();
    if (journal.recover(feed.lastSequence())) {
      feed.catchUp();
    }
  }

  private void commit(AuditEntry entry, JournalFile.@Nullable Move move, List<JournalFile.Write> writes)
      throws IOException {
    journal.commit(new JournalFile(AuditLine.of(entry), move, writes));
    // Reading our own entry back invalidates the cache and announces the change, like anyone else's.
    feed.catchUp();
  }

  private AuditEntry entry(Instant now, AuditAction action, String name, @Nullable Integer version,
      @Nullable String key, @Nullable String before, @Nullable String after, @Nullable String reason) {
    return new AuditEntry(feed.lastSequence() + 1, now, actor, action, name, version, key, before, after, reason);
  }

  private JournalFile.Write replacement(Path file, Object document) {
    return new JournalFile.Write(layout.relative(file), JsonCodec.tree(document));
  }

  /** A version's state read from disk under the lock. */
  private VersionStateFile lockedState(ModelFile model, int version) throws IOException {
    if (version > model.latestVersion()) {
      throw new ModelNotFoundException(model.name(), "version " + version);
    }
    VersionFile published = store.readVersion(model.name(), version);
    if (published == null) {
      throw CachedMetadata.missingVersion(model.name(), version);
    }
    return store.readState(model.name(), version, published);
  }

  private List<ArtifactRef> copyIn(ArtifactSource source, Path target) throws IOException {
    Files.createDirectories(target);
    Set<Path> directories = new TreeSet<>(Collections.reverseOrder());
    directories.add(target);
    List<ArtifactRef> refs = new ArrayList<>();
    for (ArtifactSource.SourceFile file : source.files()) {
      Path destination = target.resolve(file.relativePath()).normalize();
      if (!destination.startsWith(target) || destination.equals(target)) {
        throw new InvalidArtifactException(file.location().toString(), "its path '" + file.relativePath()
            + "' would lead outside the artifact directory");
      }
      for (Path d = destination.getParent();
          d != null && d.startsWith(target) && directories.add(d); d = d.getParent()) {

        Files.createDirectories(d);
      }
      refs.add(copyFile(file, destination));
      observer.reached(PublishStep.FILE_COPIED);
    }
    for (Path d : directories) {
      DurableFiles.syncDirectory(d);
    }
    // The staging directory itself is synced once version.json joins it, under the lock.
    return refs;
  }

  private static ArtifactRef copyFile(ArtifactSource.SourceFile file, Path destination) throws IOException {
    FileChannel in;
    try {
      in = FileChannel.open(file.location(), StandardOpenOption.READ);
    } catch (IOException e) {
      throw new InvalidArtifactException(file.location().toString(), "it cannot be read: " + e);
    }
    ArtifactRef ref;
    // READ as well: the copy is hashed by reading it back (see ArtifactChecksums.copy).
    try (in; FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      ref = ArtifactChecksums.copy(file.relativePath(), in, out);
      out.force(true);
    }
    makeReadOnly(destination);
    return ref;
  }

  private static void makeReadOnly(Path file) {
    if (!file.toFile().setWritable(false, false)) {
      LOG.debug("Cannot make {} read-only", file);
    }
  }

  // --- reading -------------------------------------------------------------------------------

  private ModelFile requireModel(String name) {
    ModelFile model = cache.model(name);
    if (model == null) {
      throw new ModelNotFoundException(name, null);
    }
    return model;
  }

  private ModelVersion version(ModelFile model, int version) {
    if (version > model.latestVersion()) {
      throw new ModelNotFoundException(model.name(), "version " + version);
    }
    ModelVersion view = cache.view(model.name(), version);
    Set<String> aliases = aliasesOf(model, version);
    // Most versions carry no alias: then the cached instance is the answer as it is.
    return aliases.isEmpty() ? view : withAliases(view, aliases);
  }

  private static ModelVersion withAliases(ModelVersion v, Set<String> aliases) {
    return new ModelVersion(v.name(), v.version(), v.format(), v.artifacts(), v.signature(), v.metrics(),
        v.params(), v.tags(), v.lineage(), v.status(), aliases, v.description(), v.createdAt(), v.createdBy());
  }

  private static Set<String> aliasesOf(ModelFile model, int version) {
    if (model.aliases().isEmpty()) {
      return Set.of();
    }
    Set<String> aliases = new TreeSet<>();
    model.aliases().forEach((alias, v) -> {
      if (v == version) {
        aliases.add(alias);
      }
    });
    return aliases;
  }

  /** Invalidates what an audit entry changed and announces it; runs for every entry, in order. */
  private void onAudited(AuditEntry entry) {
    cache.invalidate(entry);
    if (!dispatcher.hasListeners()) {
      return;
    }
    try {
      dispatcher.publish(toEvent(entry));
    } catch (RuntimeException e) {
      LOG.warn("Cannot announce audit entry {} of {}: {}", entry.sequence(), location, e.toString());
    }
  }

  private RegistryEvent toEvent(AuditEntry e) {
    String name = e.modelName();
    return switch (e.action()) {
      case REGISTER_VERSION -> new RegistryEvent.VersionRegistered(
          cache.version(name, Objects.requireNonNull(e.version())).asPublished());
      case SET_ALIAS -> new RegistryEvent.AliasMoved(name, Objects.requireNonNull(e.key()),
          parseVersion(e.before()), parseVersion(e.after()));
      case DELETE_ALIAS -> new RegistryEvent.AliasMoved(name, Objects.requireNonNull(e.key()),
          parseVersion(e.before()), null);
      case SET_TAG -> new RegistryEvent.TagChanged(name, e.version(), Objects.requireNonNull(e.key()), e.after());
      case DELETE_TAG -> new RegistryEvent.TagChanged(name, e.version(), Objects.requireNonNull(e.key()), null);
      case ARCHIVE_VERSION -> new RegistryEvent.VersionArchived(name, Objects.requireNonNull(e.version()));
    };
  }

  private static @Nullable Integer parseVersion(@Nullable String text) {
    return text == null ? null : Integer.valueOf(text);
  }

  private static int firstAfter(List<String> sorted, String after) {
    int i = Collections.binarySearch(sorted, after);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private static String versionsListing(String name) {
    return "versions of " + name;
  }

  private static long parseNonNegativeLong(String text, String token, String listing) {
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw PageTokens.foreign(token, listing);
  }

  private static void checkTag(String name, String key, String value) {
    NameRules.checkModelName(name);
    NameRules.checkTagKey(key);
    Objects.requireNonNull(value, "value");
    NameRules.checkTagValue(key, value);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The file registry at " + layout.root() + " is closed");
    }
  }

  private ScheduledExecutorService startPolling(Duration interval) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlops-registry-poll " + location);
      t.setDaemon(true);
      return t;
    });
    long nanos = interval.toNanos();
    executor.scheduleWithFixedDelay(() -> {
      try {
        feed.catchUp();
      } catch (RuntimeException e) {
        LOG.warn("Looking for changes in {} failed; will retry: {}", location, e.toString());
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS);
    return executor;
  }

  private static URI locationOf(Path root) {
    String path = root.toUri().getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new URI("file", null, path, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot express " + root + " as a URI", e);
    }
  }

  /**
   * Settings for a {@link FileModelRegistry}. Only the root is required.
   *
   * @since 0.1
   */
  public static final class Builder {
    private @Nullable Path root;
    private @Nullable Clock clock;
    private @Nullable String actor;
    private @Nullable Duration pollInterval;
    private @Nullable Long cacheSize;
    private @Nullable Boolean create;
    private PublishObserver observer = PublishObserver.NONE;

    private Builder() {}

    /**
     * Sets the root directory (required). It is created if it does not exist.
     *
     * @param value the directory
     * @return this builder
     * @throws IllegalStateException if the root was already set
     */
    public Builder root(Path value) {
      this.root = SetOnce.value("root", root, value);
      return this;
    }

    /**
     * Sets the clock that timestamps versions, audit entries and changes. The default is the system
     * clock in UTC.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if the clock was already set
     */
    public Builder clock(Clock value) {
      this.clock = SetOnce.value("clock", clock, value);
      return this;
    }

    /**
     * Sets who is recorded as the author of versions and audit entries. The default is the
     * operating-system user ({@code user.name}), the same as the {@value ModelRegistries#OPTION_ACTOR}
     * option of {@code ModelRegistries.open}.
     *
     * @param value the actor
     * @return this builder
     * @throws IllegalArgumentException if the actor is blank
     * @throws IllegalStateException if the actor was already set
     */
    public Builder actor(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("actor must not be blank but was '" + value + "'");
      }
      this.actor = SetOnce.value("actor", actor, value);
      return this;
    }

    /**
     * Sets how often the registry looks for changes made by other processes, so that listeners hear
     * of them. Zero turns polling off: changes made elsewhere are then noticed only when this
     * registry is next read or written. The default is {@link #DEFAULT_POLL_INTERVAL} (2 seconds).
     *
     * @param value the interval
     * @return this builder
     * @throws IllegalArgumentException if the interval is negative
     * @throws IllegalStateException if the interval was already set
     */
    public Builder pollInterval(Duration value) {
      if (Objects.requireNonNull(value, "pollInterval").isNegative()) {
        throw new IllegalArgumentException("pollInterval must not be negative but was " + value);
      }
      this.pollInterval = SetOnce.value("pollInterval", pollInterval, value);
      return this;
    }

    /**
     * Sets how many metadata documents of each kind (models, versions, version states) are kept
     * in memory. Zero disables caching. The default is {@link #DEFAULT_CACHE_SIZE}.
     *
     * @param value the number of entries
     * @return this builder
     * @throws IllegalArgumentException if the size is negative
     * @throws IllegalStateException if the size was already set
     */
    public Builder cacheSize(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative but was " + value);
      }
      this.cacheSize = SetOnce.value("cacheSize", cacheSize, value);
      return this;
    }

    /**
     * Sets whether {@link #open()} creates a registry where there is none (the default) or fails.
     * Tools that only read open with {@code false}, so that a mistyped path is reported instead of
     * becoming a new, empty registry.
     *
     * @param value false to open only an existing registry
     * @return this builder
     * @throws IllegalStateException if it was already set
     * @since 0.1
     */
    public Builder create(boolean value) {
      this.create = SetOnce.value("create", create, value);
      return this;
    }

    /** Installs a hook that sees each step of a registration; for crash tests. */
    Builder publishObserver(PublishObserver value) {
      this.observer = Objects.requireNonNull(value, "observer");
      return this;
    }

    /**
     * Opens the registry, creating the directory and an empty registry in it if needed (unless
     * {@link #create(boolean) create(false)}). Completes or discards whatever a crashed writer left
     * behind.
     *
     * @return the open registry; the caller closes it
     * @throws IllegalStateException if no root was set
     * @throws RegistryNotFoundException with {@code create(false)}, if the root holds no registry
     * @throws RegistryStorageException if the directory cannot be created or read, is a non-empty
     *     directory that is not a registry, or holds a registry in a newer on-disk format
     * @throws RegistryLayoutException if the registry holds a symbolic link (or an entry of the
     *     wrong kind) where it keeps its own files, such as a {@code staging} directory linked elsewhere
     */
    public FileModelRegistry open() {
      if (root == null) {
        throw new IllegalStateException("Set the registry's root directory with root(path) before open()");
      }
      Path given = root.toAbsolutePath().normalize();
      if (Boolean.FALSE.equals(create) && !Files.exists(given.resolve(RegistryLayout.MARKER))) {
        throw new RegistryNotFoundException(locationOf(given).toString(), "No file registry exists at "
            + given + (Files.isDirectory(given) ? " (the directory holds no " + RegistryLayout.MARKER + ")"
            : " (no such directory)") + ". Check the path, or register a version to create one there.", null);
      }
      try {
        Files.createDirectories(given);
        Path real = given.toRealPath();
        FormatMarker.checkBeforeOpening(new RegistryLayout(real));
        return new FileModelRegistry(this, real);
      } catch (IOException e) {
        throw new RegistryStorageException("Cannot open the file registry at " + given + ": " + e, e);
      }
    }

    private static String defaultActor() {
      String user = System.getProperty("user.name");
      return user == null || user.isBlank() ? "unknown" : user;
    }
  }
}

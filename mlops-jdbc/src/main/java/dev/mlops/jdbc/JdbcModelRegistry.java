package dev.mlops.jdbc;

import dev.mlops.core.registry.internal.ArtifactSource;
import dev.mlops.core.registry.internal.CheckedRegistration;
import dev.mlops.core.registry.internal.RegistryEventDispatcher;
import dev.mlops.core.registry.internal.TemporaryArtifact;
import dev.mlops.internal.SetOnce;
import dev.mlops.jdbc.internal.ArtifactStore;
import dev.mlops.jdbc.internal.AuditLog;
import dev.mlops.jdbc.internal.ChangeFeed;
import dev.mlops.jdbc.internal.Database;
import dev.mlops.jdbc.internal.DatabaseArtifactStore;
import dev.mlops.jdbc.internal.FileArtifactStore;
import dev.mlops.jdbc.internal.JdbcSettings;
import dev.mlops.jdbc.internal.MetadataCodec;
import dev.mlops.jdbc.internal.RegistryRows;
import dev.mlops.jdbc.internal.SchemaMigrations;
import dev.mlops.jdbc.internal.SqlWork;
import dev.mlops.jdbc.internal.StoredFile;
import dev.mlops.jdbc.internal.VerifyingOutputStream;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.Subscription;
import dev.mlops.registry.VersionConflictException;
import dev.mlops.registry.spi.ArtifactChecksums;
import dev.mlops.registry.spi.PageTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ModelRegistry} in a PostgreSQL database, shared by every instance of an application.
 *
 * <pre>{@code
 * try (ModelRegistry registry = JdbcModelRegistry.builder("jdbc:postgresql://db:5432/mlops")
 *     .user("mlops").password(secret).open()) { ... }
 * }</pre>
 *
 * <p>or {@code ModelRegistries.open(URI.create("jdbc:postgresql://db:5432/mlops"), options)} with
 * the options of {@link JdbcModelRegistryProvider}.
 *
 * <p><b>Guarantees.</b> Opening creates or migrates the registry's tables in its schema (a schema
 * written by a newer release is refused). A version number is allocated inside the transaction
 * that publishes the version, under a row lock on the model, so registrations from any number of
 * threads and instances get distinct, increasing numbers and none is lost; artifact bytes and
 * metadata commit together, so a version is visible complete or not at all. Artifacts are stored in
 * the database in chunks of 1 MiB and verified against their SHA-256 when opened, or, with an
 * external artifact store, as content-addressed files whose reference and checksum are in the
 * database. Alias changes are compare-and-set. Every mutation appends one audit entry in the same
 * transaction.
 *
 * <p><b>Events.</b> Every instance delivers every change, its own and other instances', in audit
 * order: changes are announced with PostgreSQL's NOTIFY on commit and read back from the audit log,
 * with polling every {@code pollInterval} as the fallback while the notification connection is
 * lost.
 *
 * <p><b>Outages.</b> While the database is unreachable, calls fail fast with
 * {@link dev.mlops.registry.RegistryUnavailableException}; the registry reconnects by itself and
 * resumes, delivering the changes it missed. A login the server refuses (wrong password, unknown
 * user, a {@code pg_hba.conf} rule) is a {@link dev.mlops.registry.RegistryAuthenticationException}
 * instead, which does not pass by itself.
 *
 * <p><b>Credentials.</b> The user and password may also be given in the location, as user-info
 * ({@code jdbc:postgresql://app:secret@db:5432/mlops}, with '/', '@' and ':' escaped as {@code %2F},
 * {@code %40}, {@code %3A}) or as a {@code password} parameter. They are taken out of the location
 * and handed to the driver as connection properties: {@link #location()}, {@link #toString()},
 * messages and logs never show the password.
 *
 * @since 0.1
 */
public final class JdbcModelRegistry implements ModelRegistry {

  private final JdbcSettings settings;
  private final Clock clock;
  private final Database db;
  private final MetadataCodec codec = new MetadataCodec();
  private final RegistryRows rows;
  private final AuditLog audit;
  private final DatabaseArtifactStore databaseStore = new DatabaseArtifactStore();
  private final @Nullable FileArtifactStore fileStore;
  private final RegistryEventDispatcher dispatcher;
  private final ChangeFeed feed;
  private volatile boolean closed;

  private JdbcModelRegistry(JdbcSettings settings, Clock clock, @Nullable DataSource dataSource) {
    this.settings = settings;
    this.clock = clock;
    this.rows = new RegistryRows(codec);
    this.audit = new AuditLog(settings.channel());
    this.db = new Database(settings, clock, dataSource);
    this.dispatcher = new RegistryEventDispatcher(settings.describe());
    this.feed = new ChangeFeed(db, settings, audit, rows, dispatcher);
    try {
      this.fileStore = settings.artifactStore() == null ? null : openFileStore(settings.artifactStore());
      db.checkConnection("Opening the registry");
      SchemaMigrations.migrate(db, settings);
      feed.start(db.read("Opening the registry", audit::lastSequence));
    } catch (RuntimeException e) {
      dispatcher.close();
      db.close();
      throw e;
    }
  }

  private static FileArtifactStore openFileStore(URI location) {
    try {
      return new FileArtifactStore(location);
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot create the artifact store " + location + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Starts configuring a registry at a PostgreSQL JDBC URL.
   *
   * @param jdbcUrl such as {@code jdbc:postgresql://db:5432/mlops}
   * @return a builder
   * @throws IllegalArgumentException if the text is not a URI
   */
  public static Builder builder(String jdbcUrl) {
    try {
      return new Builder(new URI(jdbcUrl));
    } catch (URISyntaxException e) {
      // Not e's message, nor e as the cause: both quote the input, password and all.
      throw new IllegalArgumentException("Registry location '" + ModelRegistries.redact(jdbcUrl)
          + "' is not a URI: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  /**
   * Starts configuring a registry at a PostgreSQL JDBC URI.
   *
   * @param location such as {@code jdbc:postgresql://db:5432/mlops}
   * @return a builder
   */
  public static Builder builder(URI location) {
    return new Builder(location);
  }

  /**
   * {@inheritDoc}
   *
   * @return the location without its password (a user in its user-info part is kept)
   */
  @Override
  public URI location() {
    return settings.location();
  }

  @Override
  public String toString() {
    return "JdbcModelRegistry[" + settings.describe() + "]";
  }

  @Override
  public ModelVersion register(RegistrationRequest request) {
    ensureOpen();
    CheckedRegistration checked = CheckedRegistration.of(request);
    ArtifactSource source = checked.source();
    String name = request.name();
    Instant now = now();
    ArtifactStore store = fileStore != null ? fileStore : databaseStore;
    return mutate("Registering a version of model '" + name + "'", c -> {
      // The slow part, streaming the bytes, happens before the model's row is locked.
      List<StoredFile> files = new ArrayList<>();
      for (ArtifactSource.SourceFile f : source.files()) {
        files.add(store.put(c, f));
      }
      int version = allocateVersion(c, name, now);
      insertVersion(c, request, checked.signature(), version, now);
      insertFiles(c, name, version, files);
      for (Map.Entry<String, String> tag : request.tags().entrySet()) {
        upsertTag(c, name, version, tag.getKey(), tag.getValue());
      }
      record(c, AuditAction.REGISTER_VERSION, name, version, null, null,
          Integer.toString(version), null, now);
      return rows.version(c, name, version).orElseThrow();
    });
  }

  private int allocateVersion(Connection c, String name, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO models (name, latest_version,"
        + " created_at, updated_at) VALUES (?, 0, ?, ?) ON CONFLICT (name) DO NOTHING")) {
      ps.setString(1, name);
      ps.setObject(2, timestamp(now));
      ps.setObject(3, timestamp(now));
      ps.executeUpdate();
    }
    int version = lockModel(c, name) + 1;
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE models SET latest_version = ?, updated_at = ? WHERE name = ?")) {
      ps.setInt(1, version);
      ps.setObject(2, timestamp(now));
      ps.setString(3, name);
      ps.executeUpdate();
    }
    return version;
  }

  private void insertVersion(Connection c, RegistrationRequest r,
      @Nullable ModelSignature signature, int version, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO versions (model_name, version,"
        + " format, signature, metrics, params, lineage, status, description, created_at,"
        + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'READY', ?, ?, ?)")) {
      ps.setString(1, r.name());
      ps.setInt(2, version);
      ps.setString(3, r.format().id());
      ps.setString(4, codec.signature(signature));
      ps.setString(5, codec.metrics(r.metrics()));
      ps.setString(6, codec.params(r.params()));
      ps.setString(7, codec.lineage(r.lineage()));
      ps.setString(8, r.description());
      ps.setObject(9, timestamp(now));
      ps.setString(10, settings.actor());
      ps.executeUpdate();
    }
  }

  private static void insertFiles(Connection c, String name, int version, List<StoredFile> files)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO version_files (model_name, version,"
        + " path, size, sha256, blob_id, external_ref) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (StoredFile f : files) {
        ps.setString(1, name);
        ps.setInt(2, version);
        ps.setString(3, f.ref().path());
        ps.setLong(4, f.ref().size());
        ps.setString(5, f.ref().sha256());
        if (f.blobId() == null) {
          ps.setNull(6, Types.BIGINT);
        } else {
          ps.setLong(6, f.blobId());
        }
        ps.setString(7, f.externalRef());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public ModelVersion getVersion(String name, int version) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    return db.read("Reading model '" + name + "' version " + version,
        c -> existingVersion(c, name, version));
  }

  private ModelVersion existingVersion(Connection c, String name, int version) throws SQLException {
    Optional<ModelVersion> found = rows.version(c, name, version);
    if (found.isPresent()) {
      return found.get();
    }
    throw rows.modelExists(c, name) ? new ModelNotFoundException(name, "version " + version)
        : new ModelNotFoundException(name, null);
  }

  @Override
  public ModelVersion resolve(ModelUri uri) {
    ensureOpen();
    String name = uri.name();
    return db.read("Resolving " + uri, c -> switch (uri.kind()) {
      case VERSION -> existingVersion(c, name, uri.version());
      case ALIAS -> existingVersion(c, name, aliasTarget(c, name, Objects.requireNonNull(uri.alias())));
      case LATEST -> existingVersion(c, name, latestReady(c, name));
    });
  }

  private int aliasTarget(Connection c, String name, String alias) throws SQLException {
    Integer target = rows.aliases(c, name).get(alias);
    if (target == null) {
      throw rows.modelExists(c, name) ? new ModelNotFoundException(name, "alias '" + alias + "'")
          : new ModelNotFoundException(name, null);
    }
    return target;
  }

  private int latestReady(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT max(version) FROM versions WHERE model_name = ? AND status = 'READY'")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int v = rs.getInt(1);
        if (!rs.wasNull()) {
          return v;
        }
      }
    }
    throw rows.modelExists(c, name) ? new ModelNotFoundException(name, "version that is not archived")
        : new ModelNotFoundException(name, null);
  }

  @Override
  public RegisteredModel getModel(String name) {
    ensureOpen();
    NameRules.checkModelName(name);
    return db.read("Reading model '" + name + "'", c -> rows.model(c, name)
        .orElseThrow(() -> new ModelNotFoundException(name, null)));
  }

  @Override
  public Page<RegisteredModel> listModels(PageRequest page) {
    ensureOpen();
    String token = page.pageToken();
    String after = token == null ? "" : PageTokens.decode(token, "models", 1).get(0);
    List<RegisteredModel> found = db.read("Listing models",
        c -> rows.models(c, after, page.limit() + 1));
    return PageTokens.page(found, page.limit(), m -> PageTokens.encode("models", m.name()));
  }

  @Override
  public Page<ModelVersion> listVersions(String name, PageRequest page) {
    ensureOpen();
    NameRules.checkModelName(name);
    String listing = "versions of " + name;
    String token = page.pageToken();
    long after = token == null ? 0 : PageTokens.decodeNumber(token, listing);
    if (token != null && after > Integer.MAX_VALUE) {
      throw PageTokens.foreign(token, listing);
    }
    List<ModelVersion> found = db.read("Listing the versions of model '" + name + "'", c -> {
      if (!rows.modelExists(c, name)) {
        throw new ModelNotFoundException(name, null);
      }
      return rows.versions(c, name, (int) after, Integer.MAX_VALUE, page.limit() + 1);
    });
    return PageTokens.page(found, page.limit(),
        v -> PageTokens.encode(listing, Integer.toString(v.version())));
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    setTag(name, null, key, value);
  }

  @Override
  public boolean deleteModelTag(String name, String key) {
    return deleteTag(name, null, key);
  }

  @Override
  public void setVersionTag(String name, int version, String key, String value) {
    NameRules.checkVersion(name, version);
    setTag(name, version, key, value);
  }

  @Override
  public boolean deleteVersionTag(String name, int version, String key) {
    NameRules.checkVersion(name, version);
    return deleteTag(name, version, key);
  }

  private void setTag(String name, @Nullable Integer version, String key, String value) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkTagKey(key);
    NameRules.checkTagValue(key, value);
    Instant now = now();
    mutate("Setting tag '" + key + "' of " + subject(name, version), c -> {
      lockModel(c, name);
      if (version != null) {
        versionStatus(c, name, version);
      }
      String before = currentTag(c, name, version, key);
      if (value.equals(before)) {
        return null;
      }
      upsertTag(c, name, version, key, value);
      touch(c, name, now);
      record(c, AuditAction.SET_TAG, name, version, key, before, value, null, now);
      return null;
    });
  }

  private boolean deleteTag(String name, @Nullable Integer version, String key) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkTagKey(key);
    Instant now = now();
    return mutate("Deleting tag '" + key + "' of " + subject(name, version), c -> {
      lockModel(c, name);
      if (version != null) {
        versionStatus(c, name, version);
      }
      String before = currentTag(c, name, version, key);
      if (before == null) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(version == null
          ? "DELETE FROM model_tags WHERE model_name = ? AND key = ?"
          : "DELETE FROM version_tags WHERE model_name = ? AND key = ? AND version = ?")) {
        bindTagKey(ps, name, version, key);
        ps.executeUpdate();
      }
      touch(c, name, now);
      record(c, AuditAction.DELETE_TAG, name, version, key, before, null, null, now);
      return true;
    });
  }

  private static @Nullable String currentTag(Connection c, String name, @Nullable Integer version,
      String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(version == null
        ? "SELECT value FROM model_tags WHERE model_name = ? AND key = ?"
        : "SELECT value FROM version_tags WHERE model_name = ? AND key = ? AND version = ?")) {
      bindTagKey(ps, name, version, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void upsertTag(Connection c, String name, @Nullable Integer version, String key,
      String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(version == null
        ? "INSERT INTO model_tags (model_name, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (model_name, key) DO UPDATE SET value = EXCLUDED.value"
        : "INSERT INTO version_tags (model_name, key, version, value) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (model_name, version, key) DO UPDATE SET value = EXCLUDED.value")) {
      bindTagKey(ps, name, version, key);
      ps.setString(version == null ? 3 : 4, value);
      ps.executeUpdate();
    }
  }

  private static void bindTagKey(PreparedStatement ps, String name, @Nullable Integer version,
      String key) throws SQLException {
    ps.setString(1, name);
    ps.setString(2, key);
    if (version != null) {
      ps.setInt(3, version);
    }
  }

  private static String subject(String name, @Nullable Integer version) {
    return version == null ? "model '" + name + "'" : "model '" + name + "' version " + version;
  }

  @Override
  public OptionalInt setAlias(String name, String alias, int version, AliasPrecondition expected,
      @Nullable String reason) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkAlias(alias);
    NameRules.checkVersion(name, version);
    Objects.requireNonNull(expected, "expected");
    Instant now = now();
    Integer previous = mutate("Pointing alias '" + alias + "' of model '" + name + "' at version "
        + version, c -> {
          lockModel(c, name);
          ModelVersionStatus status = versionStatus(c, name, version);
          Integer current = rows.aliases(c, name).get(alias);
          if (!expected.isSatisfiedBy(current)) {
            throw new VersionConflictException(name, alias, expected, current);
          }
          if (current != null && current == version) {
            return current;
          }
          if (status == ModelVersionStatus.ARCHIVED) {
            throw new ModelStateException("Version " + version + " of model '" + name
                + "' is archived and cannot be the target of alias '" + alias
                + "'; choose a version that is not archived");
          }
          compareAndSetAlias(c, name, alias, current, version, now);
          touch(c, name, now);
          record(c, AuditAction.SET_ALIAS, name, version, alias,
              current == null ? null : Integer.toString(current), Integer.toString(version),
              reason, now);
          return current;
        });
    return previous == null ? OptionalInt.empty() : OptionalInt.of(previous);
  }

  /** The compare-and-set itself: one statement that changes the alias only if it is as read. */
  private static void compareAndSetAlias(Connection c, String name, String alias,
      @Nullable Integer current, int version, Instant now) throws SQLException {
    String sql = current == null
        ? "INSERT INTO aliases (model_name, alias, version, updated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (model_name, alias) DO NOTHING"
        : "UPDATE aliases SET version = ?, updated_at = ? WHERE model_name = ? AND alias = ?"
            + " AND version = ?";
    int changed;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (current == null) {
        ps.setString(1, name);
        ps.setString(2, alias);
        ps.setInt(3, version);
        ps.setObject(4, timestamp(now));
      } else {
        ps.setInt(1, version);
        ps.setObject(2, timestamp(now));
        ps.setString(3, name);
        ps.setString(4, alias);
        ps.setInt(5, current);
      }
      changed = ps.executeUpdate();
    }
    if (changed != 1) {
      throw new VersionConflictException(name, alias, AliasPrecondition.of(current),
          currentAlias(c, name, alias));
    }
  }

  private static @Nullable Integer currentAlias(Connection c, String name, String alias)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version FROM aliases WHERE model_name = ? AND alias = ?")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  @Override
  public int deleteAlias(String name, String alias, AliasPrecondition expected,
      @Nullable String reason) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkAlias(alias);
    if (expected.kind() == AliasPrecondition.Kind.ABSENT) {
      throw new IllegalArgumentException("Deleting alias '" + alias + "' of model '" + name
          + "' cannot expect it to be absent; use AliasPrecondition.any() or pointsTo(version)");
    }
    Instant now = now();
    return mutate("Deleting alias '" + alias + "' of model '" + name + "'", c -> {
      lockModel(c, name);
      Integer current = rows.aliases(c, name).get(alias);
      if (current == null) {
        throw new ModelNotFoundException(name, "alias '" + alias + "'");
      }
      if (!expected.isSatisfiedBy(current)) {
        throw new VersionConflictException(name, alias, expected, current);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM aliases WHERE model_name = ? AND alias = ? AND version = ?")) {
        ps.setString(1, name);
        ps.setString(2, alias);
        ps.setInt(3, current);
        if (ps.executeUpdate() != 1) {
          throw new VersionConflictException(name, alias, expected, currentAlias(c, name, alias));
        }
      }
      touch(c, name, now);
      record(c, AuditAction.DELETE_ALIAS, name, current, alias, Integer.toString(current), null,
          reason, now);
      return current;
    });
  }

  @Override
  public ModelVersion archiveVersion(String name, int version, @Nullable String reason) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    Instant now = now();
    return mutate("Archiving model '" + name + "' version " + version, c -> {
      lockModel(c, name);
      if (versionStatus(c, name, version) == ModelVersionStatus.ARCHIVED) {
        return existingVersion(c, name, version);
      }
      List<String> aliases = rows.aliases(c, name).entrySet().stream()
          .filter(e -> e.getValue() == version).map(Map.Entry::getKey).sorted().toList();
      if (!aliases.isEmpty()) {
        throw new ModelStateException("Version " + version + " of model '" + name
            + "' cannot be archived: alias" + (aliases.size() == 1 ? " " : "es ")
            + String.join(", ", aliases.stream().map(a -> "'" + a + "'").toList())
            + (aliases.size() == 1 ? " points" : " point") + " to it. Move or delete "
            + (aliases.size() == 1 ? "it" : "them") + " first.");
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE versions SET status = 'ARCHIVED' WHERE model_name = ? AND version = ?")) {
        ps.setString(1, name);
        ps.setInt(2, version);
        ps.executeUpdate();
      }
      touch(c, name, now);
      record(c, AuditAction.ARCHIVE_VERSION, name, version, null,
          ModelVersionStatus.READY.name(), ModelVersionStatus.ARCHIVED.name(), reason, now);
      return existingVersion(c, name, version);
    });
  }

  @Override
  public ModelArtifact openArtifact(String name, int version) {
    ensureOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    return db.read("Opening the artifact of model '" + name + "' version " + version, c -> {
      ModelVersion v = existingVersion(c, name, version);
      Path dir = Files.createTempDirectory("mlops-jdbc-");
      try {
        for (StoredFile f : rows.files(c, name, version)) {
          materialize(c, v, f, dir);
        }
        return new TemporaryArtifact(v, dir);
      } catch (SQLException | IOException | RuntimeException e) {
        TemporaryArtifact.deleteRecursively(dir);
        throw e;
      }
    });
  }

  private void materialize(Connection c, ModelVersion v, StoredFile f, Path dir)
      throws SQLException, IOException {
    ArtifactStore store = storeOf(v, f);
    Path target = dir.resolve(f.ref().path());
    Files.createDirectories(target.getParent());
    ArtifactRef written;
    try (VerifyingOutputStream out = new VerifyingOutputStream(Files.newOutputStream(target))) {
      store.copyTo(c, f, out);
      written = out.written(f.ref().path());
    } catch (NoSuchFileException e) {
      throw new ArtifactIntegrityException(v.name(), v.version(), f.ref().path(),
          "the file " + e.getFile() + " is missing from the external artifact store");
    }
    String problem = ArtifactChecksums.mismatch(written, f.ref());
    if (problem != null) {
      throw new ArtifactIntegrityException(v.name(), v.version(), f.ref().path(), problem);
    }
  }

  private ArtifactStore storeOf(ModelVersion v, StoredFile f) {
    if (f.blobId() != null) {
      return databaseStore;
    }
    if (fileStore == null) {
      throw new RegistryStorageException("Model '" + v.name() + "' version " + v.version()
          + " keeps its artifact in an external artifact store, but this registry was opened"
          + " without one; open it with the artifactStore option (such as file:/shared/models)",
          null);
    }
    return fileStore;
  }

  @Override
  public Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page) {
    ensureOpen();
    if (modelName != null) {
      NameRules.checkModelName(modelName);
    }
    String listing = "audit of " + (modelName == null ? "all models" : modelName);
    String token = page.pageToken();
    long after = token == null ? 0 : PageTokens.decodeNumber(token, listing);
    List<AuditEntry> found = db.read("Reading the audit log",
        c -> audit.after(c, modelName, after, page.limit() + 1));
    return PageTokens.page(found, page.limit(),
        e -> PageTokens.encode(listing, Long.toString(e.sequence())));
  }

  @Override
  public Subscription subscribe(RegistryListener listener) {
    ensureOpen();
    return dispatcher.subscribe(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    feed.close();
    dispatcher.close();
    db.close();
  }

  private <T extends @Nullable Object> T mutate(String what, SqlWork<T> work) {
    T result = db.write(what, work);
    feed.catchUpQuietly();
    return result;
  }

  /** Locks the model's row until the transaction ends and returns its latest version number. */
  private static int lockModel(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT latest_version FROM models WHERE name = ? FOR UPDATE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ModelNotFoundException(name, null);
        }
        return rs.getInt(1);
      }
    }
  }

  private static ModelVersionStatus versionStatus(Connection c, String name, int version)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT status FROM versions WHERE model_name = ? AND version = ?")) {
      ps.setString(1, name);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ModelNotFoundException(name, "version " + version);
        }
        return ModelVersionStatus.valueOf(rs.getString(1));
      }
    }
  }

  private static void touch(Connection c, String name, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE models SET updated_at = ? WHERE name = ?")) {
      ps.setObject(1, timestamp(now));
      ps.setString(2, name);
      ps.executeUpdate();
    }
  }

  private void record(Connection c, AuditAction action, String name, @Nullable Integer version,
      @Nullable String key, @Nullable String before, @Nullable String after,
      @Nullable String reason, Instant now) throws SQLException {
    audit.append(c, new AuditLog.Change(action, name, version, key, before, after, reason), now,
        settings.actor());
  }

  private Instant now() {
    // PostgreSQL keeps microseconds: truncate so what is returned equals what is read back.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The registry " + settings.describe() + " is closed");
    }
  }

  /**
   * Configures a {@link JdbcModelRegistry}. Only the URL is required; {@link #open()} connects.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final URI location;
    private @Nullable String user;
    private @Nullable String password;
    private String schema = "mlops";
    private int poolSize = 10;
    private Duration pollInterval = Duration.ofSeconds(5);
    private String actor = System.getProperty("user.name", "unknown");
    private @Nullable URI artifactStore;
    private Clock clock = Clock.systemUTC();
    private @Nullable DataSource dataSource;
    private final Set<String> given = new HashSet<>();

    private Builder(URI location) {
      this.location = Objects.requireNonNull(location, "location");
    }

    /**
     * Sets the database user. The default is the URL's {@code user} parameter, or the driver's.
     *
     * @param value the user name
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder user(String value) {
      this.user = SetOnce.value("user", user, value);
      return this;
    }

    /**
     * Sets the database password.
     *
     * @param value the password
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder password(String value) {
      this.password = SetOnce.secret("password", password, value);
      return this;
    }

    /**
     * Sets the schema that holds the registry's tables, created if missing. The default is
     * {@code mlops}. Registries in different schemas of one database are independent.
     *
     * @param value a lower-case SQL identifier
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder schema(String value) {
      Objects.requireNonNull(value, "schema");
      SetOnce.mark(given, "schema");
      this.schema = value;
      return this;
    }

    /**
     * Sets the most connections the pool opens. The default is 10; the change feed uses one more,
     * outside the pool.
     *
     * @param value 1 to 1000
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder poolSize(int value) {
      SetOnce.mark(given, "poolSize");
      this.poolSize = value;
      return this;
    }

    /**
     * Sets how often changes are polled for besides the notifications, and how often a lost
     * notification connection is re-established. The default is 5 seconds.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder pollInterval(Duration value) {
      Objects.requireNonNull(value, "pollInterval");
      SetOnce.mark(given, "pollInterval");
      this.pollInterval = value;
      return this;
    }

    /**
     * Sets who is recorded in the audit log. The default is the {@code user.name} system property.
     *
     * @param value the actor
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder actor(String value) {
      Objects.requireNonNull(value, "actor");
      SetOnce.mark(given, "actor");
      this.actor = value;
      return this;
    }

    /**
     * Stores new artifacts in an external store instead of the database, with only their reference
     * and checksum in the database. Every instance must mount the store at this location.
     *
     * @param value a {@code file:} URI of a directory, such as {@code file:/shared/models}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder artifactStore(URI value) {
      this.artifactStore = SetOnce.value("artifactStore", artifactStore, value);
      return this;
    }

    /**
     * Sets the clock that timestamps versions, changes and audit entries. The default is the
     * system clock in UTC.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      SetOnce.mark(given, "clock");
      this.clock = value;
      return this;
    }

    /**
     * Takes connections from the application's data source (such as Spring Boot's pool) instead
     * of opening a pool of its own; the location then only names the registry in messages and
     * must be the same database. The registry switches each connection to its schema, holds one
     * connection for change notifications while it is open (so the pool needs at least two), and
     * never closes the data source. User, password and pool size settings do not apply.
     *
     * @param value the data source
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder dataSource(DataSource value) {
      this.dataSource = SetOnce.value("dataSource", dataSource, value);
      return this;
    }

    /**
     * Connects, creates or migrates the schema, and starts following changes.
     *
     * @return the open registry; the caller closes it
     * @throws IllegalArgumentException if a setting is invalid, naming it
     * @throws dev.mlops.registry.RegistryUnavailableException if the database cannot be reached
     * @throws dev.mlops.registry.RegistryAuthenticationException if the server refuses the login
     * @throws RegistryStorageException if the schema was written by a newer release, or cannot be
     *     created
     */
    public JdbcModelRegistry open() {
      JdbcSettings settings = new JdbcSettings(location, user, password, schema, poolSize,
          pollInterval, actor, artifactStore);
      return new JdbcModelRegistry(settings, clock, dataSource);
    }
  }
}

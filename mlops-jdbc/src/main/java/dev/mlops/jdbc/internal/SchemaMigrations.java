package dev.mlops.jdbc.internal;

import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the registry's tables. Each migration is a numbered SQL script shipped in
 * this jar; the {@code schema_history} table records which ran. All of it happens in one
 * transaction under an advisory lock, so instances starting at the same moment migrate once, and a
 * failed migration leaves the schema as it was.
 *
 * <p>A schema newer than this code knows is refused: an older SDK must not write to tables whose
 * meaning it does not know.
 */
public final class SchemaMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  /** An arbitrary constant: the advisory lock key all mlops-jdbc migrations take. */
  private static final long LOCK_KEY = 0x6d6c6f70735f7631L;

  /** One migration script. */
  record Migration(int version, String description, String resource) {}

  /** The migrations this code knows, in order; the last one's version is the current schema. */
  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "initial schema", "migrations/V1__initial_schema.sql"),
      new Migration(2, "monitoring store", "migrations/V2__monitoring.sql"));

  private SchemaMigrations() {}

  /**
   * The schema version this code writes.
   *
   * @return the highest known migration version
   */
  public static int currentVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  /**
   * Brings the schema up to {@link #currentVersion()}.
   *
   * @param db the database
   * @param settings the settings naming the schema
   * @throws RegistryStorageException if the schema is newer than this code, or a migration fails
   * @throws dev.mlops.registry.RegistryUnavailableException if the database is unreachable
   */
  public static void migrate(Database db, JdbcSettings settings) {
    // The common case, an up-to-date schema, is checked without locks or DDL.
    int installed = db.read("Checking the registry schema", c -> installedVersionIfAny(c, settings));
    if (installed == currentVersion()) {
      return;
    }
    db.write("Migrating the registry schema", c -> {
      apply(c, settings);
      return null;
    });
  }

  private static void apply(Connection c, JdbcSettings settings) throws SQLException, IOException {
    String schema = settings.schema();
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      s.execute("SET LOCAL search_path TO " + schema);
      s.execute("CREATE TABLE IF NOT EXISTS schema_history (version integer PRIMARY KEY,"
          + " description text NOT NULL, installed_at timestamptz NOT NULL DEFAULT now(),"
          + " installed_by text NOT NULL DEFAULT current_user)");
    }
    int installed = installedVersion(c);
    if (installed > currentVersion()) {
      throw new RegistryStorageException("The registry schema '" + schema + "' in "
          + settings.describe() + " is at version " + installed + ", but this mlops-jdbc knows"
          + " versions up to " + currentVersion() + ". A newer mlops-jdbc upgraded it; upgrade this"
          + " application's mlops-jdbc to that release or later before using the registry.", null);
    }
    for (Migration m : MIGRATIONS) {
      if (m.version() > installed) {
        run(c, m);
        LOG.info("Registry schema {} migrated to version {} ({})", schema, m.version(),
            m.description());
      }
    }
  }

  private static int installedVersionIfAny(Connection c, JdbcSettings settings)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
      ps.setString(1, settings.schema() + ".schema_history");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getString(1) == null) {
          return 0;
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + settings.schema()
            + ".schema_history")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int installedVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_history")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void run(Connection c, Migration m) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements(m)) {
        s.execute(sql);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO schema_history (version, description) VALUES (?, ?)")) {
      ps.setInt(1, m.version());
      ps.setString(2, m.description());
      ps.executeUpdate();
    }
  }

  private static List<String> statements(Migration m) throws IOException {
    String text;
    try (InputStream in = SchemaMigrations.class.getResourceAsStream(m.resource())) {
      if (in == null) {
        throw new IOException("Migration script " + m.resource() + " is missing from the jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        result.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    return result;
  }
}

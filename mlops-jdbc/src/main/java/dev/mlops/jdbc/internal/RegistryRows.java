package dev.mlops.jdbc.internal;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.RegisteredModel;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads models and versions from their tables into the API's values. Callers run these inside a
 * repeatable-read transaction, so the several statements behind one value see one snapshot.
 */
public final class RegistryRows {

  private static final String VERSION_COLUMNS = "version, format, signature, metrics, params,"
      + " lineage, status, description, created_at, created_by";

  private final MetadataCodec codec;

  /**
   * Creates the reader.
   *
   * @param codec decodes the metadata columns
   */
  public RegistryRows(MetadataCodec codec) {
    this.codec = codec;
  }

  /**
   * Whether a model exists.
   *
   * @param c a connection
   * @param name the model
   * @return true if it exists
   * @throws SQLException if the query fails
   */
  public boolean modelExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM models WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Reads one version.
   *
   * @param c a connection
   * @param name the model
   * @param version the version number
   * @return the version, or empty if it does not exist
   * @throws SQLException if a query fails
   */
  public Optional<ModelVersion> version(Connection c, String name, int version) throws SQLException {
    List<ModelVersion> found = versions(c, name, version - 1, version, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * Reads versions in number order.
   *
   * @param c a connection
   * @param name the model
   * @param after the number to start after
   * @param atMost the highest number to include
   * @param limit the most versions to return
   * @return the versions
   * @throws SQLException if a query fails
   */
  public List<ModelVersion> versions(Connection c, String name, int after, int atMost, int limit)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM versions"
        + " WHERE model_name = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?")) {
      ps.setString(1, name);
      ps.setInt(2, after);
      ps.setInt(3, atMost);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
              rs.getObject(9, OffsetDateTime.class), rs.getString(10)});
        }
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    int first = (Integer) rows.get(0)[0];
    int last = (Integer) rows.get(rows.size() - 1)[0];
    Map<Integer, List<ArtifactRef>> files = new HashMap<>();
    for (Map.Entry<Integer, List<StoredFile>> e : files(c, name, first, last).entrySet()) {
      files.put(e.getKey(), e.getValue().stream().map(StoredFile::ref).toList());
    }
    Map<Integer, Map<String, String>> tags = versionTags(c, name, first, last);
    Map<Integer, Set<String>> aliases = new HashMap<>();
    aliases(c, name).forEach((alias, v) -> aliases.computeIfAbsent(v, k -> new HashSet<>()).add(alias));
    List<ModelVersion> result = new ArrayList<>();
    for (Object[] r : rows) {
      int v = (Integer) r[0];
      result.add(new ModelVersion(name, v, new ModelFormat((String) r[1]),
          files.getOrDefault(v, List.of()), codec.readSignature((String) r[2]),
          codec.readMetrics((String) r[3]), codec.readParams((String) r[4]),
          tags.getOrDefault(v, Map.of()), codec.readLineage((String) r[5]),
          ModelVersionStatus.valueOf((String) r[6]), aliases.getOrDefault(v, Set.of()),
          (String) r[7], ((OffsetDateTime) r[8]).toInstant(), (String) r[9]));
    }
    return result;
  }

  /**
   * Reads where a version's artifact files are stored.
   *
   * @param c a connection
   * @param name the model
   * @param version the version
   * @return the files, sorted by path
   * @throws SQLException if the query fails
   */
  public List<StoredFile> files(Connection c, String name, int version) throws SQLException {
    return files(c, name, version, version).getOrDefault(version, List.of());
  }

  private Map<Integer, List<StoredFile>> files(Connection c, String name, int first, int last)
      throws SQLException {
    Map<Integer, List<StoredFile>> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT version, path, size, sha256, blob_id,"
        + " external_ref FROM version_files WHERE model_name = ? AND version BETWEEN ? AND ?"
        + " ORDER BY version, path")) {
      ps.setString(1, name);
      ps.setInt(2, first);
      ps.setInt(3, last);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long blob = rs.getLong(5);
          Long blobId = rs.wasNull() ? null : blob;
          result.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new StoredFile(
              new ArtifactRef(rs.getString(2), rs.getLong(3), rs.getString(4)), blobId,
              rs.getString(6)));
        }
      }
    }
    return result;
  }

  private Map<Integer, Map<String, String>> versionTags(Connection c, String name, int first,
      int last) throws SQLException {
    Map<Integer, Map<String, String>> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT version, key, value FROM version_tags"
        + " WHERE model_name = ? AND version BETWEEN ? AND ?")) {
      ps.setString(1, name);
      ps.setInt(2, first);
      ps.setInt(3, last);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.computeIfAbsent(rs.getInt(1), k -> new HashMap<>()).put(rs.getString(2),
              rs.getString(3));
        }
      }
    }
    return result;
  }

  /**
   * Reads a model's aliases.
   *
   * @param c a connection
   * @param name the model
   * @return alias to version
   * @throws SQLException if the query fails
   */
  public Map<String, Integer> aliases(Connection c, String name) throws SQLException {
    Map<String, Integer> result = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT alias, version FROM aliases WHERE model_name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return result;
  }

  /**
   * Reads models in name order.
   *
   * @param c a connection
   * @param afterName the name to start after, or empty for the first
   * @param limit the most models to return
   * @return the models
   * @throws SQLException if a query fails
   */
  public List<RegisteredModel> models(Connection c, String afterName, int limit) throws SQLException {
    return models(c, "name > ?", afterName, limit);
  }

  private List<RegisteredModel> models(Connection c, String condition, String name, int limit)
      throws SQLException {
    record Row(String name, int latest, OffsetDateTime created, OffsetDateTime updated) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name, latest_version, created_at,"
        + " updated_at FROM models WHERE " + condition + " ORDER BY name LIMIT ?")) {
      ps.setString(1, name);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class),
              rs.getObject(4, OffsetDateTime.class)));
        }
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Array names = c.createArrayOf("text", rows.stream().map(Row::name).toArray());
    Map<String, Map<String, Integer>> aliases = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT model_name, alias, version FROM aliases WHERE model_name = ANY (?)")) {
      ps.setArray(1, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          aliases.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2),
              rs.getInt(3));
        }
      }
    }
    Map<String, Map<String, String>> tags = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT model_name, key, value FROM model_tags WHERE model_name = ANY (?)")) {
      ps.setArray(1, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tags.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
              rs.getString(3));
        }
      }
    }
    List<RegisteredModel> result = new ArrayList<>();
    for (Row r : rows) {
      result.add(new RegisteredModel(r.name(), r.latest(), aliases.getOrDefault(r.name(), Map.of()),
          tags.getOrDefault(r.name(), Map.of()), r.created().toInstant(), r.updated().toInstant()));
    }
    return result;
  }

  /**
   * Reads one model.
   *
   * @param c a connection
   * @param name the model
   * @return the model, or empty if it does not exist
   * @throws SQLException if a query fails
   */
  public Optional<RegisteredModel> model(Connection c, String name) throws SQLException {
    List<RegisteredModel> found = models(c, "name = ?", name, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }
}

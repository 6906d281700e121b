package dev.mlops.jdbc.internal;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The append-only audit log. Appending takes the next sequence number from the single-row
 * {@code audit_sequence} table under its row lock, held until the transaction ends: numbers have no
 * gaps (a rolled-back transaction gives its number back) and entries commit in sequence order, so a
 * reader that has seen entry n never later finds an entry below n. The same transaction notifies
 * the registry's channel, which PostgreSQL delivers only if it commits.
 */
public final class AuditLog {

  private static final String COLUMNS =
      "sequence, timestamp, actor, action, model_name, version, key, before, after, reason";

  private final String channel;

  /**
   * Creates the log writer and reader.
   *
   * @param channel the LISTEN/NOTIFY channel to notify on append
   */
  public AuditLog(String channel) {
    this.channel = channel;
  }

  /** What a mutation records; the sequence is assigned on append. */
  public record Change(
      AuditAction action,
      String modelName,
      @Nullable Integer version,
      @Nullable String key,
      @Nullable String before,
      @Nullable String after,
      @Nullable String reason) {}

  /**
   * Appends an entry as the last statement of a mutating transaction.
   *
   * @param c the transaction's connection
   * @param change what changed
   * @param timestamp when
   * @param actor who
   * @return the entry's sequence number
   * @throws SQLException if a statement fails
   */
  public long append(Connection c, Change change, Instant timestamp, String actor)
      throws SQLException {
    long sequence;
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE audit_sequence SET last_sequence = last_sequence + 1 WHERE id = 1"
            + " RETURNING last_sequence");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      sequence = rs.getLong(1);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, sequence);
      ps.setObject(2, OffsetDateTime.ofInstant(timestamp, ZoneOffset.UTC));
      ps.setString(3, actor);
      ps.setString(4, change.action().name());
      ps.setString(5, change.modelName());
      if (change.version() == null) {
        ps.setNull(6, Types.INTEGER);
      } else {
        ps.setInt(6, change.version());
      }
      ps.setString(7, change.key());
      ps.setString(8, change.before());
      ps.setString(9, change.after());
      ps.setString(10, change.reason());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, Long.toString(sequence));
      ps.executeQuery().close();
    }
    return sequence;
  }

  /**
   * Reads entries after a sequence number, oldest first.
   *
   * @param c a connection
   * @param modelName only this model's entries, or null for all
   * @param after the sequence to start after, 0 for the beginning
   * @param limit the most entries to return
   * @return the entries
   * @throws SQLException if the query fails
   */
  public List<AuditEntry> after(Connection c, @Nullable String modelName, long after, int limit)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM audit_log WHERE sequence > ?"
        + (modelName == null ? "" : " AND model_name = ?") + " ORDER BY sequence LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, after);
      if (modelName != null) {
        ps.setString(i++, modelName);
      }
      ps.setInt(i, limit);
      List<AuditEntry> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(entry(rs));
        }
      }
      return result;
    }
  }

  /**
   * The last sequence number committed.
   *
   * @param c a connection
   * @return the sequence, 0 if the log is empty
   * @throws SQLException if the query fails
   */
  public long lastSequence(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(sequence), 0) FROM audit_log");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    int version = rs.getInt(6);
    Integer v = rs.wasNull() ? null : version;
    return new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
        rs.getString(3), AuditAction.valueOf(rs.getString(4)), rs.getString(5), v,
        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
  }
}

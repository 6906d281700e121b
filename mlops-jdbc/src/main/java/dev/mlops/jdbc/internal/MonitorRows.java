package dev.mlops.jdbc.internal;

import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.monitor.spi.WindowPartial;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of the monitoring store's tables ({@code V2__monitoring.sql}); each method runs on a
 * connection inside the transaction {@link Database} opened.
 */
public final class MonitorRows {

  private static final String PREDICTION_COLUMNS = "prediction_id, model, version, pane_start,"
      + " pane_millis, scores, predicted_at, expires_at, outcome";

  private MonitorRows() {}

  /**
   * Inserts or replaces partials by key.
   *
   * @param c the connection
   * @param partials the partials
   * @throws SQLException if a statement fails
   */
  public static void upsertPartials(Connection c, List<WindowPartial> partials)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitor_partials (model, version,"
        + " pane_start, pane_millis, window_millis, instance, written_at, data)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model, pane_start, version, pane_millis,"
        + " instance) DO UPDATE SET window_millis = EXCLUDED.window_millis,"
        + " written_at = EXCLUDED.written_at, data = EXCLUDED.data")) {
      for (WindowPartial p : partials) {
        ps.setString(1, p.model());
        ps.setInt(2, p.version());
        ps.setObject(3, timestamp(p.paneStart()));
        ps.setLong(4, p.paneLength().toMillis());
        ps.setLong(5, p.windowLength().toMillis());
        ps.setString(6, p.instance());
        ps.setObject(7, timestamp(p.writtenAt()));
        ps.setBytes(8, p.data());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The partials of a model whose pane starts in {@code [from, to)}.
   *
   * @param c the connection
   * @param model the model
   * @param from the first pane start
   * @param to the end, exclusive
   * @return the partials
   * @throws SQLException if a statement fails
   */
  public static List<WindowPartial> partials(Connection c, String model, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version, pane_start, pane_millis,"
        + " window_millis, instance, written_at, data FROM monitor_partials"
        + " WHERE model = ? AND pane_start >= ? AND pane_start < ?")) {
      ps.setString(1, model);
      ps.setObject(2, timestamp(from));
      ps.setObject(3, timestamp(to));
      List<WindowPartial> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new WindowPartial(model, rs.getInt(1), instant(rs, 2),
              Duration.ofMillis(rs.getLong(3)), Duration.ofMillis(rs.getLong(4)), rs.getString(5),
              instant(rs, 6), rs.getBytes(7)));
        }
      }
      return result;
    }
  }

  /**
   * Inserts predictions, leaving an id the model already has as it is.
   *
   * @param c the connection
   * @param predictions the predictions, without outcomes
   * @throws SQLException if a statement fails
   */
  public static void insertPredictions(Connection c, List<StoredPrediction> predictions)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitor_predictions ("
        + PREDICTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)"
        + " ON CONFLICT (model, prediction_id) DO NOTHING")) {
      for (StoredPrediction p : predictions) {
        ps.setString(1, p.predictionId());
        ps.setString(2, p.model());
        ps.setInt(3, p.version());
        ps.setObject(4, timestamp(p.paneStart()));
        ps.setLong(5, p.paneLength().toMillis());
        ps.setArray(6, scores(c, p.scores()));
        ps.setObject(7, timestamp(p.predictedAt()));
        ps.setObject(8, timestamp(p.expiresAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Looks predictions up by id.
   *
   * @param c the connection
   * @param model the model
   * @param ids the ids
   * @return the predictions found, by id
   * @throws SQLException if a statement fails
   */
  public static Map<String, StoredPrediction> findPredictions(Connection c, String model,
      Collection<String> ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + PREDICTION_COLUMNS
        + " FROM monitor_predictions WHERE model = ? AND prediction_id = ANY (?)")) {
      ps.setString(1, model);
      ps.setArray(2, c.createArrayOf("text", ids.toArray()));
      Map<String, StoredPrediction> found = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredPrediction p = prediction(rs);
          found.put(p.predictionId(), p);
        }
      }
      return found;
    }
  }

  /**
   * Joins outcomes to pending predictions, compare-and-set on {@code outcome IS NULL}: under
   * read committed, a concurrent join of the same row waits for the first and then finds it
   * joined.
   *
   * @param c the connection
   * @param model the model
   * @param outcomes the outcome by prediction id
   * @return what happened to each
   * @throws SQLException if a statement fails
   */
  public static Map<String, JoinResult> joinOutcomes(Connection c, String model,
      Map<String, String> outcomes) throws SQLException {
    List<String> ids = new ArrayList<>(outcomes.keySet());
    List<String> values = ids.stream().map(outcomes::get).toList();
    Set<String> joined;
    try (PreparedStatement ps = c.prepareStatement("UPDATE monitor_predictions p"
        + " SET outcome = v.outcome, joined_at = now()"
        + " FROM unnest(?::text[], ?::text[]) AS v (id, outcome)"
        + " WHERE p.model = ? AND p.prediction_id = v.id AND p.outcome IS NULL"
        + " RETURNING p.prediction_id")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      ps.setArray(2, c.createArrayOf("text", values.toArray()));
      ps.setString(3, model);
      joined = strings(ps);
    }
    Set<String> known;
    try (PreparedStatement ps = c.prepareStatement("SELECT prediction_id FROM monitor_predictions"
        + " WHERE model = ? AND prediction_id = ANY (?)")) {
      ps.setString(1, model);
      ps.setArray(2, c.createArrayOf("text", ids.toArray()));
      known = strings(ps);
    }
    Map<String, JoinResult> results = new HashMap<>();
    for (String id : ids) {
      results.put(id, joined.contains(id) ? JoinResult.JOINED
          : known.contains(id) ? JoinResult.ALREADY_JOINED : JoinResult.NOT_FOUND);
    }
    return results;
  }

  /**
   * The outcomes of a model per version and pane: joined predictions, pending and expired counts.
   *
   * @param c the connection
   * @param model the model
   * @param from the first pane start
   * @param to the end, exclusive
   * @return one entry per version and pane
   * @throws SQLException if a statement fails
   */
  public static List<PaneOutcomes> outcomes(Connection c, String model, Instant from, Instant to)
      throws SQLException {
    record Key(int version, Instant paneStart, long paneMillis) {}
    Map<Key, List<StoredPrediction>> joined = new LinkedHashMap<>();
    Map<Key, Long> pending = new HashMap<>();
    Map<Key, Long> expired = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + PREDICTION_COLUMNS
        + " FROM monitor_predictions WHERE model = ? AND pane_start >= ? AND pane_start < ?"
        + " AND outcome IS NOT NULL")) {
      range(ps, model, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredPrediction p = prediction(rs);
          joined.computeIfAbsent(new Key(p.version(), p.paneStart(), p.paneLength().toMillis()),
              k -> new ArrayList<>()).add(p);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT version, pane_start, pane_millis,"
        + " count(*) FROM monitor_predictions WHERE model = ? AND pane_start >= ?"
        + " AND pane_start < ? AND outcome IS NULL GROUP BY version, pane_start, pane_millis")) {
      range(ps, model, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pending.put(new Key(rs.getInt(1), instant(rs, 2), rs.getLong(3)), rs.getLong(4));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT version, pane_start, pane_millis,"
        + " expired FROM monitor_expired WHERE model = ? AND pane_start >= ? AND pane_start < ?")) {
      range(ps, model, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          expired.put(new Key(rs.getInt(1), instant(rs, 2), rs.getLong(3)), rs.getLong(4));
        }
      }
    }
    Map<Key, Boolean> keys = new LinkedHashMap<>();
    joined.keySet().forEach(k -> keys.put(k, true));
    pending.keySet().forEach(k -> keys.put(k, true));
    expired.keySet().forEach(k -> keys.put(k, true));
    List<PaneOutcomes> result = new ArrayList<>();
    for (Key k : keys.keySet()) {
      result.add(new PaneOutcomes(k.version(), k.paneStart(), Duration.ofMillis(k.paneMillis()),
          joined.getOrDefault(k, List.of()), pending.getOrDefault(k, 0L),
          expired.getOrDefault(k, 0L)));
    }
    return result;
  }

  /**
   * Pending predictions by version.
   *
   * @param c the connection
   * @param model the model
   * @return counts by version
   * @throws SQLException if a statement fails
   */
  public static Map<Integer, Long> pendingCounts(Connection c, String model) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version, count(*)"
        + " FROM monitor_predictions WHERE model = ? AND outcome IS NULL GROUP BY version")) {
      ps.setString(1, model);
      Map<Integer, Long> counts = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getInt(1), rs.getLong(2));
        }
      }
      return counts;
    }
  }

  /**
   * Deletes pending predictions past their time, then the oldest beyond the count, counting them
   * as expired in their panes, in one statement.
   *
   * @param c the connection
   * @param model the model
   * @param now the time
   * @param maxPending the most pending predictions to keep
   * @return how many expired
   * @throws SQLException if a statement fails
   */
  public static long expire(Connection c, String model, Instant now, long maxPending)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("WITH gone AS ("
        + " DELETE FROM monitor_predictions p WHERE p.model = ? AND p.outcome IS NULL"
        + " AND (p.expires_at <= ? OR p.prediction_id IN (SELECT prediction_id"
        + " FROM monitor_predictions WHERE model = ? AND outcome IS NULL AND expires_at > ?"
        + " ORDER BY predicted_at DESC, prediction_id DESC OFFSET ?))"
        + " RETURNING p.version, p.pane_start, p.pane_millis),"
        + " counted AS (SELECT version, pane_start, pane_millis, count(*) AS n FROM gone"
        + " GROUP BY version, pane_start, pane_millis),"
        + " added AS (INSERT INTO monitor_expired (model, version, pane_start, pane_millis,"
        + " expired) SELECT ?, version, pane_start, pane_millis, n FROM counted"
        + " ON CONFLICT (model, pane_start, version, pane_millis)"
        + " DO UPDATE SET expired = monitor_expired.expired + EXCLUDED.expired RETURNING 1)"
        + " SELECT coalesce(sum(n), 0) FROM counted")) {
      ps.setString(1, model);
      ps.setObject(2, timestamp(now));
      ps.setString(3, model);
      ps.setObject(4, timestamp(now));
      ps.setLong(5, maxPending);
      ps.setString(6, model);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Deletes a model's partials, predictions and expiry counts of panes before a time.
   *
   * @param c the connection
   * @param model the model
   * @param before the earliest pane start kept
   * @throws SQLException if a statement fails
   */
  public static void retire(Connection c, String model, Instant before) throws SQLException {
    for (String table : List.of("monitor_partials", "monitor_predictions", "monitor_expired")) {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM " + table + " WHERE model = ? AND pane_start < ?")) {
        ps.setString(1, model);
        ps.setObject(2, timestamp(before));
        ps.executeUpdate();
      }
    }
  }

  /**
   * Reads a state record.
   *
   * @param c the connection
   * @param key the key
   * @return the record, if any
   * @throws SQLException if a statement fails
   */
  public static Optional<StoredState> state(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT revision, value FROM monitor_state WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new StoredState(key, rs.getLong(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Writes a state record by compare-and-set on its revision.
   *
   * @param c the connection
   * @param key the key
   * @param expected the revision read, 0 for none
   * @param value the value
   * @return whether it was written
   * @throws SQLException if a statement fails
   */
  public static boolean writeState(Connection c, String key, long expected, String value)
      throws SQLException {
    String sql = expected == 0
        ? "INSERT INTO monitor_state (key, revision, value) VALUES (?, 1, ?)"
            + " ON CONFLICT (key) DO NOTHING"
        : "UPDATE monitor_state SET revision = revision + 1, value = ?, updated_at = now()"
            + " WHERE key = ? AND revision = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (expected == 0) {
        ps.setString(1, key);
        ps.setString(2, value);
      } else {
        ps.setString(1, value);
        ps.setString(2, key);
        ps.setLong(3, expected);
      }
      return ps.executeUpdate() == 1;
    }
  }

  private static void range(PreparedStatement ps, String model, Instant from, Instant to)
      throws SQLException {
    ps.setString(1, model);
    ps.setObject(2, timestamp(from));
    ps.setObject(3, timestamp(to));
  }

  private static StoredPrediction prediction(ResultSet rs) throws SQLException {
    Array array = rs.getArray(6);
    Object[] boxed = (Object[]) array.getArray();
    double[] scores = new double[boxed.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = ((Number) boxed[i]).doubleValue();
    }
    return new StoredPrediction(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4),
        Duration.ofMillis(rs.getLong(5)), scores, instant(rs, 7), instant(rs, 8),
        rs.getString(9));
  }

  private static Set<String> strings(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values.stream().collect(Collectors.toSet());
    }
  }

  private static Array scores(Connection c, double[] scores) throws SQLException {
    Double[] boxed = new Double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      boxed[i] = scores[i];
    }
    return c.createArrayOf("float8", boxed);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}

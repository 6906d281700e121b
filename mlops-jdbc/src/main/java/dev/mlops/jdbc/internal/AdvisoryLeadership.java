package dev.mlops.jdbc.internal;

import dev.mlops.lifecycle.Leadership;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of a key as a PostgreSQL session-level advisory lock, held by a connection of its own
 * outside the pool (with an application's data source, one of its connections, held while leading
 * and returned unlocked with its keepalive settings reset). The server releases the lock when the
 * session ends: at once when the holder's process dies (its socket closes), and within about 11
 * seconds when its host vanishes, since the session asks the server for TCP keepalives every 2
 * seconds after 5 idle ones, 3 tries. The lock key is the first 8 bytes of SHA-256 of the schema
 * and the key, so fleets in different schemas never contend.
 */
public final class AdvisoryLeadership implements Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLeadership.class);
  private static final int VALID_TIMEOUT_SECONDS = 2;

  private final String key;
  private final long lockKey;
  private final Connection connection;
  private final Consumer<AdvisoryLeadership> onClose;
  private boolean lost;
  private boolean closed;

  private AdvisoryLeadership(String key, long lockKey, Connection connection,
      Consumer<AdvisoryLeadership> onClose) {
    this.key = key;
    this.lockKey = lockKey;
    this.connection = connection;
    this.onClose = onClose;
  }

  /**
   * Tries to take the lock of a key, without waiting.
   *
   * @param db the database
   * @param settings the settings naming the schema
   * @param key what to lead
   * @param onClose told when the leadership is closed
   * @return the leadership, or empty if another session holds the lock
   * @throws dev.mlops.registry.RegistryUnavailableException if the database cannot be reached
   */
  public static Optional<AdvisoryLeadership> tryAcquire(Database db, JdbcSettings settings,
      String key, Consumer<AdvisoryLeadership> onClose) {
    long lockKey = lockKey(settings.schema(), key);
    Connection c = null;
    try {
      c = db.openDedicated("mlops-leader");
      try (Statement s = c.createStatement()) {
        s.execute("SET tcp_keepalives_idle = 5");
        s.execute("SET tcp_keepalives_interval = 2");
        s.execute("SET tcp_keepalives_count = 3");
      }
      boolean acquired;
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, lockKey);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          acquired = rs.getBoolean(1);
        }
      }
      if (!acquired) {
        c.close();
        return Optional.empty();
      }
      return Optional.of(new AdvisoryLeadership(key, lockKey, c, onClose));
    } catch (SQLException e) {
      closeQuietly(c);
      throw db.translate("Acquiring the leadership of '" + key + "'", e);
    }
  }

  static long lockKey(String schema, String key) {
    byte[] digest = ArtifactChecksums.sha256()
        .digest((schema + "\n" + key).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getLong();
  }

  @Override
  public String key() {
    return key;
  }

  /** Checks that the lock's session is alive (a round trip, at most 2 seconds). */
  @Override
  public synchronized boolean isHeld() {
    if (closed || lost) {
      return false;
    }
    boolean alive;
    try {
      alive = connection.isValid(VALID_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      alive = false;
    }
    if (!alive) {
      lost = true;
      LOG.warn("Leadership of '{}' lost: the connection holding its lock is gone", key);
      closeQuietly(connection);
    }
    return alive;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!lost) {
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, lockKey);
        ps.execute();
        // The connection may go back to an application's pool: leave its session as it was.
        try (Statement s = connection.createStatement()) {
          s.execute("RESET tcp_keepalives_idle");
          s.execute("RESET tcp_keepalives_interval");
          s.execute("RESET tcp_keepalives_count");
        }
      } catch (SQLException e) {
        // The session is gone, and its lock with it.
        LOG.debug("Unlocking '{}' failed; closing its session releases it", key, e);
      }
      closeQuietly(connection);
    }
    onClose.accept(this);
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("Closing a leadership connection failed", e);
    }
  }
}

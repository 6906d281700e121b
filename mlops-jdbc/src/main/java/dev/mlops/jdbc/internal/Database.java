package dev.mlops.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlops.MlopsException;
import dev.mlops.registry.RegistryAuthenticationException;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.RegistryUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's access to PostgreSQL: a HikariCP pool, transactions around units of work, and an
 * availability gate that makes calls fail fast while the database is unreachable.
 *
 * <p>Waiting for a connection of a pool whose database is down costs the pool's whole connection
 * timeout on every call. Instead, the first call that meets a connection failure probes the
 * database with a fresh connection; if that fails too, the database is marked unavailable and every
 * later call throws {@link RegistryUnavailableException} at once, until the change feed's background
 * thread (or any ungated read) reaches the database again.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * SQL states meaning the server turned the login away: invalid_password (a wrong password, or a
   * user that does not exist: the server does not say which) and invalid_authorization_specification
   * (pg_hba.conf rejects this user, host or database).
   */
  private static final Set<String> AUTHENTICATION_STATES = Set.of("28P01", "28000");

  /** SQL states meaning the connection or the server went away, rather than the statement failed. */
  private static final Set<String> CONNECTION_STATES =
      Set.of("57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006", "08007");

  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  private final JdbcSettings settings;
  private final DataSource source;
  private final @Nullable HikariDataSource ownPool;
  private final Clock clock;
  private volatile @Nullable Outage outage;

  private record Outage(Instant since, String cause) {}

  /**
   * Creates the pool; no connection is opened yet.
   *
   * @param settings the registry settings
   * @param clock the clock for outage timestamps
   */
  public Database(JdbcSettings settings, Clock clock) {
    this(settings, clock, null);
  }

  /**
   * Uses the application's data source, or creates a pool of its own when there is none. An
   * application's data source is never closed here; each transaction on one of its connections
   * sets the search path to the registry's schema for that transaction only ({@code SET LOCAL}),
   * and the change feed's LISTEN connection is one of its connections, held while the registry is
   * open and told to {@code UNLISTEN} before it goes back.
   *
   * @param settings the registry settings
   * @param clock the clock for outage timestamps
   * @param dataSource the application's data source, or null for a pool of the registry's own
   */
  public Database(JdbcSettings settings, Clock clock, @Nullable DataSource dataSource) {
    this.settings = settings;
    this.clock = clock;
    if (dataSource != null) {
      this.source = dataSource;
      this.ownPool = null;
      return;
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setDataSourceProperties(connectionProperties("mlops-registry"));
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
    // Opening must not fail inside the pool: the schema migration that follows reports the outage.
    config.setInitializationFailTimeout(-1);
    config.setPoolName("mlops-jdbc-" + settings.schema());
    this.ownPool = new HikariDataSource(config);
    this.source = ownPool;
  }

  /**
   * Runs work in a read-write transaction (read committed), committing on success and rolling back
   * on any failure.
   *
   * @param what the operation, named in error messages
   * @param work the work
   * @param <T> its result
   * @return the result
   * @throws RegistryUnavailableException if the database is unreachable
   * @throws RegistryStorageException if a statement fails
   */
  public <T extends @Nullable Object> T write(String what, SqlWork<T> work) {
    return transaction(what, true, false, work);
  }

  /**
   * Runs work in a read-only, repeatable-read transaction: one consistent snapshot for every
   * statement.
   *
   * @param what the operation, named in error messages
   * @param work the work
   * @param <T> its result
   * @return the result
   * @throws RegistryUnavailableException if the database is unreachable
   * @throws RegistryStorageException if a statement fails
   */
  public <T extends @Nullable Object> T read(String what, SqlWork<T> work) {
    return transaction(what, true, true, work);
  }

  /**
   * Like {@link #read}, but tries the database even while it is marked unavailable, and marks it
   * available again on success. The change feed's thread uses it as its probe.
   *
   * @param what the operation, named in error messages
   * @param work the work
   * @param <T> its result
   * @return the result
   * @throws RegistryUnavailableException if the database is unreachable
   * @throws RegistryStorageException if a statement fails
   */
  public <T extends @Nullable Object> T readUngated(String what, SqlWork<T> work) {
    return transaction(what, false, true, work);
  }

  private <T extends @Nullable Object> T transaction(String what, boolean gated, boolean readOnly,
      SqlWork<T> work) {
    if (gated) {
      checkAvailable(what);
    }
    try (Connection c = borrow()) {
      try {
        c.setAutoCommit(false);
        if (readOnly) {
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
        } else {
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
          c.setReadOnly(false);
        }
        if (ownPool == null) {
          // The application's pool keeps its search path; this transaction works in the schema.
          try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET LOCAL search_path TO \"" + settings.schema() + "\"");
          }
        }
        T result = work.run(c);
        c.commit();
        markAvailable();
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw translate(what, e);
    } catch (IOException e) {
      throw new RegistryStorageException(what + " failed reading or writing artifact bytes: "
          + e.getMessage(), e);
    }
  }

  /**
   * Throws at once while the database is marked unavailable.
   *
   * @param what the operation, named in the message
   * @throws RegistryUnavailableException if it is marked unavailable
   */
  public void checkAvailable(String what) {
    Outage o = outage;
    if (o != null) {
      throw new RegistryUnavailableException(what + " failed: the registry database "
          + settings.describe() + " has been unreachable since " + o.since() + " (" + o.cause()
          + "). Calls fail fast until it is back; the registry reconnects by itself.", null);
    }
  }

  /**
   * Whether the database is currently marked unavailable.
   *
   * @return true during an outage
   */
  public boolean isMarkedUnavailable() {
    return outage != null;
  }

  /** Clears the outage mark, logging the recovery once. */
  public void markAvailable() {
    Outage o = outage;
    if (o != null) {
      outage = null;
      LOG.info("Registry database {} is reachable again (unreachable since {})", settings.describe(),
          o.since());
    }
  }

  /**
   * Turns a SQL failure into the API's exceptions, marking the database unavailable when the
   * failure was the connection's and a fresh connection cannot be made either. A login the server
   * refuses, now or when the fresh connection is tried, is reported as such.
   *
   * @param what the operation, named in the message
   * @param e the failure
   * @return the exception to throw
   */
  public MlopsException translate(String what, SQLException e) {
    return classify(what, e, false);
  }

  /**
   * Opens one connection outside the pool and closes it, so that opening a registry reports at
   * once why the database cannot be used: credentials refused, or the database unreachable (then
   * it is marked unavailable, without a second attempt). The pool would only say, after its whole
   * connection timeout, that no connection became available.
   *
   * @param what the operation, named in the message
   * @throws dev.mlops.registry.RegistryAuthenticationException if the server refuses the login
   * @throws RegistryUnavailableException if the database cannot be reached
   * @throws RegistryStorageException if connecting fails otherwise
   */
  public void checkConnection(String what) {
    SQLException failure = tryConnecting();
    if (failure != null) {
      throw classify(what, failure, true);
    }
    markAvailable();
  }

  private MlopsException classify(String what, SQLException e, boolean freshConnectionFailed) {
    SQLException refused = authenticationFailure(e);
    if (refused != null) {
      return refused(what, refused, e);
    }
    if (!isConnectionFailure(e)) {
      return new RegistryStorageException(what + " failed in the registry database "
          + settings.describe() + ": " + e.getMessage(), e);
    }
    if (outage == null) {
      SQLException fresh = freshConnectionFailed ? e : tryConnecting();
      if (fresh != null) {
        // Connections that broke (a restart, a terminated session) may hide a login now refused.
        SQLException refusedNow = authenticationFailure(fresh);
        if (refusedNow != null) {
          RegistryAuthenticationException error = refused(what, refusedNow, e);
          error.addSuppressed(fresh);
          return error;
        }
        outage = new Outage(clock.instant(), String.valueOf(e.getMessage()));
        LOG.warn("Registry database {} is unreachable; calls fail fast until it is back: {}",
            settings.describe(), e.getMessage());
      }
    }
    return new RegistryUnavailableException(what + " failed: the registry database "
        + settings.describe() + " is unreachable (" + e.getMessage()
        + "). Nothing was changed; retry once it is back.", e);
  }

  private static @Nullable SQLException authenticationFailure(SQLException e) {
    // The pool's timeout carries the last connection failure as its cause, and copies its SQL
    // state: the deepest one is the server's own words.
    SQLException found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && AUTHENTICATION_STATES.contains(s.getSQLState())) {
        found = s;
      }
    }
    return found;
  }

  private RegistryAuthenticationException refused(String what, SQLException refused, SQLException e) {
    String user = settings.user() == null ? "the user given in the URL, or the driver's default"
        : "user '" + settings.user() + "'";
    return new RegistryAuthenticationException(what + " failed: the registry database "
        + settings.describe() + " refused the login of " + user + " (authentication failed: "
        + refused.getMessage() + "). Check the user and password, and the server's pg_hba.conf;"
        + " nothing was changed.", e);
  }

  /**
   * Whether a failure means the connection or server went away.
   *
   * @param e the failure
   * @return true for connection failures
   */
  public static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (CONNECTION_STATES.contains(s.getSQLState()) || s.getSQLState().startsWith("08"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Opens a connection outside the pool, for the LISTEN connection and probes.
   *
   * @param applicationName shown in {@code pg_stat_activity}
   * @return an open connection with auto-commit on
   * @throws SQLException if the database cannot be reached
   */
  public Connection openDedicated(String applicationName) throws SQLException {
    if (ownPool == null) {
      Connection c = borrow();
      c.setAutoCommit(true);
      return c;
    }
    return DriverManager.getConnection(settings.jdbcUrl(), connectionProperties(applicationName));
  }

  /**
   * Whether connections come from the application's data source rather than a pool of the
   * registry's own.
   *
   * @return true with an application's data source
   */
  public boolean usesApplicationPool() {
    return ownPool == null;
  }

  /** A connection of the pool; one of the application's pool is put in the schema per transaction. */
  private Connection borrow() throws SQLException {
    return source.getConnection();
  }

  /** Opens and checks a fresh connection outside the pool; null if that worked, else why not. */
  private @Nullable SQLException tryConnecting() {
    try (Connection c = openDedicated("mlops-registry-probe")) {
      return c.isValid(CONNECT_TIMEOUT_SECONDS) ? null
          : new SQLException("A fresh connection did not answer within " + CONNECT_TIMEOUT_SECONDS + " s", "08006");
    } catch (SQLException e) {
      return e;
    }
  }

  private Properties connectionProperties(String applicationName) {
    Properties p = new Properties();
    if (settings.user() != null) {
      p.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      p.setProperty("password", settings.password());
    }
    p.setProperty("currentSchema", settings.schema());
    p.setProperty("ApplicationName", applicationName);
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    // Batches of INSERTs (the monitoring store's predictions) become multi-row statements.
    p.setProperty("reWriteBatchedInserts", "true");
    return p;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("Rollback failed (the connection is probably gone)", e);
    }
  }

  /** Closes the pool the registry created; an application's data source stays open. */
  @Override
  public void close() {
    if (ownPool != null) {
      ownPool.close();
    }
  }
}

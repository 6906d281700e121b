package dev.mlops.jdbc.internal;

import dev.mlops.core.registry.internal.RegistryEventDispatcher;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.RegistryEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed audit entries into events, in sequence order, for this registry's listeners,
 * whichever instance made the change.
 *
 * <p>A background thread holds a dedicated connection that LISTENs on the registry's channel;
 * every mutation NOTIFYs it on commit, so other instances hear of a change within milliseconds.
 * Whether woken by a notification or by the poll interval running out, the thread reads the audit
 * log after the last sequence it delivered. When the LISTEN connection is lost (the database
 * restarted, the backend was terminated, the network failed), the thread keeps polling through the
 * pool every poll interval and reconnects; no change is missed, because the position is a sequence
 * number in the log rather than the notifications themselves.
 *
 * <p>The instance that made a change also catches up right after its commit, on the caller's
 * thread, so its own events are queued before the mutating call returns.
 */
public final class ChangeFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final int BATCH = 500;

  /** The application name of the LISTEN connection, visible in {@code pg_stat_activity}. */
  public static final String LISTENER_APPLICATION_NAME = "mlops-registry-listener";

  private final Database db;
  private final JdbcSettings settings;
  private final AuditLog audit;
  private final RegistryRows rows;
  private final RegistryEventDispatcher dispatcher;
  private final Thread thread;
  private final Object positionLock = new Object();
  private long position;
  private volatile boolean closed;
  private volatile @Nullable Connection listening;

  /**
   * Creates the feed; {@link #start(long)} starts it.
   *
   * @param db the database
   * @param settings the settings (channel, poll interval)
   * @param audit the audit log
   * @param rows reads versions for registration events
   * @param dispatcher delivers the events
   */
  public ChangeFeed(Database db, JdbcSettings settings, AuditLog audit, RegistryRows rows,
      RegistryEventDispatcher dispatcher) {
    this.db = db;
    this.settings = settings;
    this.audit = audit;
    this.rows = rows;
    this.dispatcher = dispatcher;
    this.thread = new Thread(this::run, "mlops-jdbc-changes " + settings.describe());
    this.thread.setDaemon(true);
  }

  /**
   * Starts following the log after a sequence number.
   *
   * @param fromSequence the last sequence that is not to be delivered
   */
  public void start(long fromSequence) {
    synchronized (positionLock) {
      position = fromSequence;
    }
    thread.start();
  }

  /**
   * Delivers the entries committed since the last call; on the caller's thread after its own
   * mutation. Never throws: the background thread retries what fails here.
   */
  public void catchUpQuietly() {
    try {
      catchUp(true);
    } catch (RuntimeException e) {
      LOG.debug("Catching up with the registry log failed; the change feed will retry", e);
    }
  }

  private void catchUp(boolean gated) {
    synchronized (positionLock) {
      while (!closed) {
        long from = position;
        SqlWork<List<Delivery>> work = c -> deliveries(c, from);
        List<Delivery> batch = gated ? db.read("Reading registry changes", work)
            : db.readUngated("Reading registry changes", work);
        for (Delivery d : batch) {
          if (d.event() != null) {
            dispatcher.publish(d.event());
          }
          position = d.sequence();
        }
        if (batch.size() < BATCH) {
          return;
        }
      }
    }
  }

  private record Delivery(long sequence, @Nullable RegistryEvent event) {}

  private List<Delivery> deliveries(Connection c, long from) throws SQLException {
    List<Delivery> result = new ArrayList<>();
    boolean wanted = dispatcher.hasListeners();
    for (AuditEntry e : audit.after(c, null, from, BATCH)) {
      result.add(new Delivery(e.sequence(), wanted ? event(c, e) : null));
    }
    return result;
  }

  private @Nullable RegistryEvent event(Connection c, AuditEntry e) throws SQLException {
    return switch (e.action()) {
      case REGISTER_VERSION -> rows.version(c, e.modelName(), requireVersion(e))
          .<RegistryEvent>map(RegistryEvent.VersionRegistered::new).orElse(null);
      case SET_ALIAS, DELETE_ALIAS -> new RegistryEvent.AliasMoved(e.modelName(), key(e),
          number(e.before()), number(e.after()));
      case SET_TAG, DELETE_TAG -> new RegistryEvent.TagChanged(e.modelName(), e.version(), key(e),
          e.after());
      case ARCHIVE_VERSION -> new RegistryEvent.VersionArchived(e.modelName(), requireVersion(e));
    };
  }

  private static int requireVersion(AuditEntry e) {
    Integer v = e.version();
    if (v == null) {
      throw new IllegalStateException("Audit entry " + e.sequence() + " has no version");
    }
    return v;
  }

  private static String key(AuditEntry e) {
    String k = e.key();
    if (k == null) {
      throw new IllegalStateException("Audit entry " + e.sequence() + " has no key");
    }
    return k;
  }

  private static @Nullable Integer number(@Nullable String text) {
    return text == null ? null : Integer.valueOf(text);
  }

  private void run() {
    try {
      follow();
    } finally {
      if (db.usesApplicationPool()) {
        closeListening(true);
      }
    }
  }

  private void follow() {
    long pollMillis = Math.max(1, settings.pollInterval().toMillis());
    boolean reportedLoss = false;
    while (!closed) {
      try {
        Connection c = listening;
        if (c == null) {
          c = listen();
          reportedLoss = false;
        }
        c.unwrap(PGConnection.class).getNotifications((int) Math.min(pollMillis, Integer.MAX_VALUE));
        catchUp(false);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (!reportedLoss) {
          LOG.info("Lost the change notifications of registry {} ({}); polling every {} ms and"
              + " reconnecting", settings.describe(), e.getMessage(), pollMillis);
          reportedLoss = true;
        }
        closeListening(db.usesApplicationPool());
        pollOnce();
        sleep(pollMillis);
      }
    }
  }

  private Connection listen() throws SQLException {
    Connection c = db.openDedicated(LISTENER_APPLICATION_NAME);
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN \"" + settings.channel() + "\"");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    listening = c;
    db.markAvailable();
    // Changes committed while nobody listened are in the log: read them now.
    catchUp(false);
    return c;
  }

  private void pollOnce() {
    try {
      catchUp(false);
    } catch (RuntimeException e) {
      LOG.debug("Polling registry {} failed", settings.describe(), e);
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      if (!closed) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void closeListening(boolean unlisten) {
    Connection c = listening;
    listening = null;
    if (c != null) {
      if (unlisten) {
        // A connection of the application's pool goes back to it: it must stop listening first.
        try (Statement s = c.createStatement()) {
          s.execute("UNLISTEN *");
        } catch (SQLException e) {
          LOG.debug("UNLISTEN failed (the connection is probably gone)", e);
        }
      }
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("Closing the LISTEN connection failed", e);
      }
    }
  }

  /**
   * Stops the thread and closes the LISTEN connection. A connection of the application's pool is
   * told to stop listening by the feed's own thread (a connection is not shared between threads),
   * which notices within the poll interval; closing waits that long.
   */
  @Override
  public void close() {
    closed = true;
    long wait = 5000;
    if (db.usesApplicationPool()) {
      // Not interrupted: an interrupted read can break the pooled connection under the thread.
      wait += settings.pollInterval().toMillis();
    } else {
      // Closing the connection wakes a thread blocked waiting for notifications.
      closeListening(false);
      thread.interrupt();
    }
    try {
      thread.join(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeListening(false);
  }
}

package dev.mlops.jdbc;

import dev.mlops.internal.SetOnce;
import dev.mlops.jdbc.internal.AdvisoryLeadership;
import dev.mlops.jdbc.internal.Database;
import dev.mlops.jdbc.internal.JdbcSettings;
import dev.mlops.jdbc.internal.MonitorRows;
import dev.mlops.jdbc.internal.SchemaMigrations;
import dev.mlops.lifecycle.Leadership;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.monitor.spi.WindowPartial;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring store of a fleet in the PostgreSQL database its registry uses: every instance's
 * monitor writes its window partials and sampled predictions here, outcomes are joined here by any
 * instance, and one instance per key leads through a PostgreSQL advisory lock.
 *
 * <pre>{@code
 * try (JdbcMonitorStore store = JdbcMonitorStore.builder("jdbc:postgresql://db:5432/mlops")
 *     .user("mlops").password(secret).open()) {
 *   ModelMonitor monitor = ModelMonitor.builder().registry(registry).store(store).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>The tables ({@code monitor_partials}, {@code monitor_predictions}, {@code monitor_expired},
 * {@code monitor_state}) live in the registry's schema and are created by the registry's
 * migrations (version 2), whichever of the two opens the schema first. Each method is one
 * transaction. While the database is unreachable, calls fail fast with {@link
 * dev.mlops.registry.RegistryUnavailableException} after the first one found it down, and the
 * store probes it again at most once a second; the monitor's writer keeps what it could not write
 * (docs/jdbc-registry.md).
 *
 * <p><b>On the application's pool</b> ({@link Builder#dataSource}), each transaction sets the
 * search path to the schema for itself only, and a leadership holds one of the pool's connections
 * while it lasts; closing the store leaves the data source open.
 *
 * <p><b>Leadership</b> is a session-level advisory lock held by a connection of its own, outside
 * the pool: it is released when the leadership is closed, or by the server when the holder's
 * connection ends. A process that dies closes its socket and loses the lock at once; for a host
 * that vanishes the connection asks the server to probe it with TCP keepalives (idle 5 s, then
 * every 2 s, 3 tries), so the lock is released about 11 seconds later.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class JdbcMonitorStore implements MonitorStore {

  private static final long PROBE_INTERVAL_MILLIS = 1000;

  private final JdbcSettings settings;
  private final Database db;
  private final Set<AdvisoryLeadership> leaderships = ConcurrentHashMap.newKeySet();
  private volatile long lastProbeMillis;
  private volatile boolean closed;

  private JdbcMonitorStore(JdbcSettings settings, @Nullable DataSource dataSource) {
    this.settings = settings;
    this.db = new Database(settings, Clock.systemUTC(), dataSource);
    try {
      SchemaMigrations.migrate(db, settings);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Starts configuring a store at a PostgreSQL JDBC URL.
   *
   * @param jdbcUrl such as {@code jdbc:postgresql://db:5432/mlops}
   * @return a builder
   * @throws IllegalArgumentException if the text is not a URI
   */
  public static Builder builder(String jdbcUrl) {
    try {
      return new Builder(new URI(jdbcUrl));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Store location '" + jdbcUrl + "' is not a URI: "
          + e.getMessage(), e);
    }
  }

  /**
   * Starts configuring a store at a PostgreSQL JDBC URI.
   *
   * @param location such as {@code jdbc:postgresql://db:5432/mlops}
   * @return a builder
   */
  public static Builder builder(URI location) {
    return new Builder(Objects.requireNonNull(location, "location"));
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void writePartials(List<WindowPartial> partials) {
    if (!partials.isEmpty()) {
      gate();
      db.write("Writing monitor partials", c -> {
        MonitorRows.upsertPartials(c, partials);
        return null;
      });
    }
  }

  @Override
  public List<WindowPartial> readPartials(String model, Instant from, Instant to) {
    gate();
    return db.read("Reading the monitor partials of model '" + model + "'",
        c -> MonitorRows.partials(c, model, from, to));
  }

  @Override
  public void writePredictions(List<StoredPrediction> predictions) {
    for (StoredPrediction p : predictions) {
      if (p.outcome() != null) {
        throw new IllegalArgumentException("Prediction " + p.predictionId()
            + " is stored waiting for its outcome, but already has one: " + p.outcome());
      }
    }
    if (!predictions.isEmpty()) {
      gate();
      db.write("Writing predictions waiting for outcomes", c -> {
        MonitorRows.insertPredictions(c, predictions);
        return null;
      });
    }
  }

  @Override
  public Map<String, StoredPrediction> findPredictions(String model,
      Collection<String> predictionIds) {
    if (predictionIds.isEmpty()) {
      return Map.of();
    }
    gate();
    return db.read("Looking up predictions of model '" + model + "'",
        c -> MonitorRows.findPredictions(c, model, predictionIds));
  }

  @Override
  public Map<String, JoinResult> joinOutcomes(String model, Map<String, String> outcomes) {
    if (outcomes.isEmpty()) {
      return Map.of();
    }
    gate();
    return db.write("Joining outcomes of model '" + model + "'",
        c -> MonitorRows.joinOutcomes(c, model, outcomes));
  }

  @Override
  public List<PaneOutcomes> readOutcomes(String model, Instant from, Instant to) {
    gate();
    return db.read("Reading the outcomes of model '" + model + "'",
        c -> MonitorRows.outcomes(c, model, from, to));
  }

  @Override
  public Map<Integer, Long> pendingCounts(String model) {
    gate();
    return db.read("Counting the pending predictions of model '" + model + "'",
        c -> MonitorRows.pendingCounts(c, model));
  }

  @Override
  public long expire(String model, Instant now, long maxPending) {
    gate();
    return db.write("Expiring predictions of model '" + model + "'",
        c -> MonitorRows.expire(c, model, now, maxPending));
  }

  @Override
  public void retire(String model, Instant before) {
    gate();
    db.write("Retiring monitor data of model '" + model + "'", c -> {
      MonitorRows.retire(c, model, before);
      return null;
    });
  }

  @Override
  public Optional<StoredState> readState(String key) {
    gate();
    return db.read("Reading state '" + key + "'", c -> MonitorRows.state(c, key));
  }

  @Override
  public boolean writeState(String key, long expectedRevision, String value) {
    gate();
    return db.write("Writing state '" + key + "'",
        c -> MonitorRows.writeState(c, key, expectedRevision, value));
  }

  @Override
  public Optional<Leadership> tryAcquire(String key) {
    ensureOpen();
    Optional<AdvisoryLeadership> acquired = AdvisoryLeadership.tryAcquire(db, settings, key,
        leaderships::remove);
    acquired.ifPresent(leaderships::add);
    return acquired.map(l -> l);
  }

  /** Releases every leadership this store holds and closes its connections. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AdvisoryLeadership leadership : List.copyOf(leaderships)) {
      leadership.close();
    }
    db.close();
  }

  /**
   * Fails fast while the database is marked unreachable, probing it again at most once a second
   * (the registry's change feed does this for the registry; the store has no thread of its own).
   */
  private void gate() {
    ensureOpen();
    if (db.isMarkedUnavailable()) {
      long now = System.currentTimeMillis();
      if (now - lastProbeMillis >= PROBE_INTERVAL_MILLIS) {
        lastProbeMillis = now;
        try {
          db.readUngated("Probing the monitoring store", c -> null);
        } catch (RuntimeException e) {
          // Still down: the gate below says so.
        }
      }
      db.checkAvailable("The monitoring store call");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The monitoring store " + describe() + " is closed");
    }
  }

  /**
   * Configures a {@link JdbcMonitorStore}: the same database and schema as the fleet's registry.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final URI location;
    private @Nullable String user;
    private @Nullable String password;
    private String schema = "mlops";
    private int poolSize = 4;
    private @Nullable DataSource dataSource;
    private final Set<String> given = new HashSet<>();

    private Builder(URI location) {
      this.location = location;
    }

    /**
     * The database user. The default is the URL's, or the driver's.
     *
     * @param value the user
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder user(String value) {
      this.user = SetOnce.value("user", user, value);
      return this;
    }

    /**
     * The password.
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
     * The schema; use the registry's. The default is {@code mlops}.
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
     * The most pooled connections; leaderships use one connection each besides. The default is 4.
     *
     * @param value from 1 to 1000
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder poolSize(int value) {
      SetOnce.mark(given, "poolSize");
      this.poolSize = value;
      return this;
    }

    /**
     * Takes connections from a data source the application already has (the same database as
     * the location, such as the registry's {@link JdbcModelRegistry.Builder#dataSource}) instead
     * of opening a pool of its own; {@code user}, {@code password} and {@code poolSize} then do
     * not apply. Each leadership held takes one of its connections for as long as it lasts, and
     * unlocks it before it goes back. The store never closes the data source.
     *
     * @param value the application's data source
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder dataSource(DataSource value) {
      this.dataSource = SetOnce.value("dataSource", dataSource, value);
      return this;
    }

    /**
     * Opens the store, creating or migrating the schema's tables.
     *
     * @return the open store
     * @throws IllegalArgumentException if a setting is invalid, naming it
     * @throws dev.mlops.registry.RegistryUnavailableException if the database cannot be reached
     * @throws dev.mlops.registry.RegistryStorageException if the schema cannot be used
     */
    public JdbcMonitorStore open() {
      return new JdbcMonitorStore(new JdbcSettings(location, user, password, schema, poolSize,
          Duration.ofSeconds(5), System.getProperty("user.name", "unknown"), null), dataSource);
    }
  }
}

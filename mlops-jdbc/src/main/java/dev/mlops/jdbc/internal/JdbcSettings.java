package dev.mlops.jdbc.internal;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of a JDBC registry.
 *
 * @param location the registry URI, {@code jdbc:postgresql://host:port/db}; a password in it (in
 *     the user-info part or a {@code password} parameter) is moved to {@code password}, so that
 *     this component never holds one
 * @param user the database user, or null to use the URL's or the driver's default; the user of the
 *     location's user-info part if that has one
 * @param password the password, or null; never shown by {@link #toString()}
 * @param schema the schema holding the registry's tables
 * @param poolSize the most connections the pool opens
 * @param pollInterval how often the change feed polls, and waits between reconnection attempts
 * @param actor who is recorded in the audit log
 * @param artifactStore where artifact files go instead of the database ({@code file:} URI), or null
 */
public record JdbcSettings(
    URI location,
    @Nullable String user,
    @Nullable String password,
    String schema,
    int poolSize,
    Duration pollInterval,
    String actor,
    @Nullable URI artifactStore) {

  /** Schema names are interpolated into SQL, so only plain lower-case identifiers are allowed. */
  public static final Pattern SCHEMA_PATTERN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting that is wrong and how (never quoting a
   *     password), also if the user or password is given both in the location and separately
   */
  public JdbcSettings {
    JdbcLocation parsed = JdbcLocation.parse(location);
    location = parsed.shown();
    if (user != null && parsed.user() != null && !user.equals(parsed.user())) {
      throw new IllegalArgumentException("The database user is given twice, as '" + parsed.user()
          + "' in the location " + location + " and as '" + user + "'; give it once");
    }
    if (password != null && parsed.password() != null && !password.equals(parsed.password())) {
      throw new IllegalArgumentException("The database password is given twice, in the location "
          + location + " and separately; give it once");
    }
    user = user != null ? user : parsed.user();
    password = password != null ? password : parsed.password();
    if (!SCHEMA_PATTERN.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must be a lower-case SQL identifier (letters, digits"
          + " and '_', not starting with a digit, at most 63 characters) but was '" + schema + "'");
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("poolSize must be between 1 and 1000 but was " + poolSize);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
    }
    if (actor.isBlank()) {
      throw new IllegalArgumentException("actor must not be blank");
    }
    if (artifactStore != null && !"file".equals(artifactStore.getScheme())) {
      throw new IllegalArgumentException("artifactStore must be a file: URI such as file:/shared/models"
          + " but was '" + artifactStore + "'");
    }
  }

  /**
   * The JDBC URL to connect to, without credentials (they go to the driver as properties).
   *
   * @return the location without user-info and password
   */
  public String jdbcUrl() {
    return JdbcLocation.parse(location).connectUrl();
  }

  /**
   * The settings with the password masked.
   *
   * @return a description safe for logs
   */
  @Override
  public String toString() {
    return "JdbcSettings[location=" + location + ", user=" + user + ", password="
        + (password == null ? "none" : "****") + ", schema=" + schema + ", poolSize=" + poolSize
        + ", pollInterval=" + pollInterval + ", actor=" + actor + ", artifactStore=" + artifactStore + "]";
  }

  /**
   * The location without its query part, which may carry credentials: safe for messages and logs.
   *
   * @return such as {@code jdbc:postgresql://db:5432/mlops (schema mlops)}
   */
  public String describe() {
    String url = location.toString();
    int query = url.indexOf('?');
    return (query < 0 ? url : url.substring(0, query)) + " (schema " + schema + ")";
  }

  /**
   * The LISTEN/NOTIFY channel of this schema's registry.
   *
   * @return the channel name, a valid identifier
   */
  public String channel() {
    return "mlops_registry_" + schema;
  }
}

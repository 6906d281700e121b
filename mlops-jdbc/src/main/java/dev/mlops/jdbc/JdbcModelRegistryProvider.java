package dev.mlops.jdbc;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.spi.ModelRegistryProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Opens {@link JdbcModelRegistry} instances for {@code jdbc:postgresql://host:port/database}
 * locations through {@link ModelRegistries#open(URI, Map)}. Options:
 *
 * <ul>
 *   <li>{@value #USER}, {@value #PASSWORD}: the database credentials;
 *   <li>{@value #SCHEMA}: the schema of the registry's tables (default {@code mlops});
 *   <li>{@value #POOL_SIZE}: the most pooled connections (default 10);
 *   <li>{@value #POLL_INTERVAL}: how often to poll for changes besides notifications, as an
 *       ISO-8601 duration ({@code PT5S}) or a number with {@code ms} or {@code s} (default 5s);
 *   <li>{@value ModelRegistries#OPTION_ACTOR}: who is recorded in the audit log (default the
 *       {@code user.name} system property);
 *   <li>{@value #ARTIFACT_STORE}: a {@code file:} URI of a shared directory to keep artifacts in
 *       instead of the database.
 * </ul>
 *
 * <p>Unknown options are rejected with a message listing these.
 *
 * @since 0.1
 */
public final class JdbcModelRegistryProvider implements ModelRegistryProvider {

  /** The option naming the database user. */
  public static final String USER = "user";
  /** The option giving the database password. */
  public static final String PASSWORD = "password";
  /** The option naming the schema. */
  public static final String SCHEMA = "schema";
  /** The option giving the connection pool size. */
  public static final String POOL_SIZE = "poolSize";
  /** The option giving the poll interval. */
  public static final String POLL_INTERVAL = "pollInterval";
  /** The option giving the external artifact store. */
  public static final String ARTIFACT_STORE = "artifactStore";

  private static final List<String> KNOWN = List.of(USER, PASSWORD, SCHEMA, POOL_SIZE,
      POLL_INTERVAL, ModelRegistries.OPTION_ACTOR, ARTIFACT_STORE);

  /** Creates the provider; cheap, connects to nothing. */
  public JdbcModelRegistryProvider() {}

  /**
   * The scheme of JDBC URLs.
   *
   * @return {@code jdbc}
   */
  @Override
  public String scheme() {
    return "jdbc";
  }

  /**
   * Opens a registry.
   *
   * @param location {@code jdbc:postgresql://host:port/database}
   * @param options the options listed in the class documentation
   * @return the open registry
   * @throws IllegalArgumentException if an option is unknown or invalid, or the location is not a
   *     PostgreSQL URL
   * @throws dev.mlops.registry.RegistryUnavailableException if the database cannot be reached
   * @throws dev.mlops.registry.RegistryStorageException if the schema cannot be used
   */
  @Override
  public ModelRegistry open(URI location, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("Unknown option '" + key + "' for registry "
            + ModelRegistries.redact(location.toString())
            + "; the jdbc registry knows " + String.join(", ", new TreeSet<>(KNOWN)));
      }
    }
    JdbcModelRegistry.Builder b = JdbcModelRegistry.builder(location);
    options.forEach((key, value) -> {
      switch (key) {
        case USER -> b.user(value);
        case PASSWORD -> b.password(value);
        case SCHEMA -> b.schema(value);
        case POOL_SIZE -> b.poolSize(integer(key, value));
        case POLL_INTERVAL -> b.pollInterval(duration(key, value));
        case ModelRegistries.OPTION_ACTOR -> b.actor(value);
        case ARTIFACT_STORE -> b.artifactStore(uri(key, value));
        default -> throw new IllegalStateException("unreachable: " + key);
      }
    });
    return b.open();
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number but was '" + value + "'", e);
    }
  }

  static Duration duration(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).strip()));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be a duration such as PT5S, 500ms or 5s but was '"
          + value + "'", e);
    }
    throw new IllegalArgumentException(key + " must be a duration such as PT5S, 500ms or 5s but was '"
        + value + "'");
  }

  private static URI uri(String key, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + " must be a URI such as file:/shared/models but was '"
          + value + "'", e);
    }
  }
}

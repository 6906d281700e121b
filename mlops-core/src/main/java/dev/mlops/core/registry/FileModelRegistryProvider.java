package dev.mlops.core.registry;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.spi.ModelRegistryProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provides the {@code file:} scheme to {@link ModelRegistries#open}: {@code file:/var/mlops} (an
 * absolute path, also {@code file:///var/mlops}) or {@code file:mlops-registry} (relative to the
 * working directory) opens a {@link FileModelRegistry} there.
 *
 * <p>Options: {@value ModelRegistries#OPTION_ACTOR} (who is recorded in the audit log; default the
 * OS user), {@value #OPTION_POLL_INTERVAL} (an ISO-8601 duration such as {@code PT2S}, the
 * default; {@code PT0S} turns polling off) and {@value #OPTION_CREATE} ({@code true}, the default,
 * creates a registry where there is none; {@code false} opens only an existing one and throws
 * {@link dev.mlops.registry.RegistryNotFoundException} otherwise). Any other option is rejected.
 *
 * @since 0.1
 */
public final class FileModelRegistryProvider implements ModelRegistryProvider {

  /** The scheme this provider handles. */
  public static final String SCHEME = "file";

  /** The option naming how often to look for other processes' changes. */
  public static final String OPTION_POLL_INTERVAL = "pollInterval";

  /**
   * The option saying whether to create a registry where there is none: {@code true} (the
   * default) or {@code false}.
   */
  public static final String OPTION_CREATE = "create";

  private static final Set<String> OPTIONS =
      new TreeSet<>(Set.of(ModelRegistries.OPTION_ACTOR, OPTION_POLL_INTERVAL, OPTION_CREATE));

  /** Creates the provider; cheap, opens nothing. */
  public FileModelRegistryProvider() {}

  /**
   * {@inheritDoc}
   *
   * @return {@value #SCHEME}
   */
  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * Opens the file registry a {@code file:} URI names.
   *
   * @param location {@code file:/absolute/path}, {@code file:///absolute/path} or {@code
   *     file:relative/path}
   * @param options {@value ModelRegistries#OPTION_ACTOR}, {@value #OPTION_POLL_INTERVAL} and
   *     {@value #OPTION_CREATE}
   * @return the open registry
   * @throws IllegalArgumentException if the URI is not a plain {@code file:} path (a host, a query
   *     or a fragment), an option is unknown, or an option's value is invalid
   * @throws dev.mlops.registry.RegistryNotFoundException if {@value #OPTION_CREATE} is
   *     {@code false} and no registry exists there
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be opened
   */
  @Override
  public ModelRegistry open(URI location, Map<String, String> options) {
    FileModelRegistry.Builder builder = FileModelRegistry.builder().root(pathOf(location));
    for (Map.Entry<String, String> option : options.entrySet()) {
      String value = option.getValue();
      switch (option.getKey()) {
        case ModelRegistries.OPTION_ACTOR -> builder.actor(value);
        case OPTION_POLL_INTERVAL -> builder.pollInterval(duration(value));
        case OPTION_CREATE -> builder.create(bool(value));
        default -> throw new IllegalArgumentException("Unknown option '" + option.getKey()
            + "' for the file registry at " + location + "; known options: " + String.join(", ", OPTIONS));
      }
    }
    return builder.open();
  }

  static Path pathOf(URI location) {
    if (!SCHEME.equalsIgnoreCase(location.getScheme())) {
      throw new IllegalArgumentException("'" + location + "' is not a file: URI");
    }
    // An opaque URI (file:relative/path) has no query component in java.net.URI: its '?' is part
    // of the scheme-specific part, and would silently become part of a directory name.
    if (location.getRawQuery() != null || location.getRawFragment() != null
        || (location.isOpaque() && location.getRawSchemeSpecificPart().contains("?"))) {
      throw new IllegalArgumentException("File registry location '" + location
          + "' must be a plain path, without '?' query or '#' fragment");
    }
    String path;
    if (location.isOpaque()) {
      path = location.getSchemeSpecificPart();
    } else {
      String authority = location.getRawAuthority();
      if (authority != null && !authority.isEmpty()) {
        throw new IllegalArgumentException("File registry location '" + location + "' names a host ('"
            + authority + "'); use file:/absolute/path or file:relative/path on this machine");
      }
      path = location.getPath();
    }
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("File registry location '" + location + "' names no directory");
    }
    try {
      return location.isOpaque() ? Path.of(path) : Path.of(location);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("File registry location '" + location + "' is not a valid path: "
          + e.getMessage(), e);
    }
  }

  private static boolean bool(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("Option " + OPTION_CREATE + " must be true or false but was '"
          + value + "'");
    };
  }

  private static Duration duration(String value) {
    try {
      Duration d = Duration.parse(value);
      if (d.isNegative()) {
        throw new IllegalArgumentException("Option " + OPTION_POLL_INTERVAL + " must not be negative but was " + value);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Option " + OPTION_POLL_INTERVAL + " must be an ISO-8601 duration"
          + " such as PT2S (or PT0S for no polling) but was '" + value + "'", e);
    }
  }
}

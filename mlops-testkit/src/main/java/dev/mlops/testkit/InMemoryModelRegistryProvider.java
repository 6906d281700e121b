package dev.mlops.testkit;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.spi.ModelRegistryProvider;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens {@link InMemoryModelRegistry} instances for {@code memory:NAME} locations, each attached to
 * the JVM-wide store of that name. Found by {@link ModelRegistries#open(String)} through
 * {@link java.util.ServiceLoader}.
 *
 * <p>Options: {@value ModelRegistries#OPTION_ACTOR} (who is acting; by default the
 * {@code user.name} system property). Any other option is rejected.
 *
 * @since 0.1
 */
public final class InMemoryModelRegistryProvider implements ModelRegistryProvider {

  private static final Set<String> KNOWN_OPTIONS = Set.of(ModelRegistries.OPTION_ACTOR);

  /** Creates the provider; it holds no state. */
  public InMemoryModelRegistryProvider() {}

  /**
   * The scheme this provider handles.
   *
   * @return {@code memory}
   */
  @Override
  public String scheme() {
    return InMemoryModelRegistry.SCHEME;
  }

  /**
   * Opens a registry on the shared store named by the location.
   *
   * @param location {@code memory:NAME}, where NAME follows {@link NameRules#NAME_PATTERN}
   * @param options provider settings
   * @return the open registry
   * @throws IllegalArgumentException if the location is not {@code memory:NAME} or an option is
   *     unknown or invalid
   */
  @Override
  public ModelRegistry open(URI location, Map<String, String> options) {
    if (!InMemoryModelRegistry.SCHEME.equalsIgnoreCase(location.getScheme()) || !location.isOpaque()
        || location.getFragment() != null
        || !NameRules.NAME_PATTERN.matcher(location.getSchemeSpecificPart()).matches()) {
      throw new IllegalArgumentException("In-memory registry location '" + location + "' must be"
          + " memory:NAME, where NAME starts with a letter or digit and contains only letters,"
          + " digits, '.', '_' and '-', such as memory:test");
    }
    for (String key : options.keySet()) {
      if (!KNOWN_OPTIONS.contains(key)) {
        throw new IllegalArgumentException("Unknown option '" + key + "' for in-memory registry "
            + location + "; known options: " + new TreeSet<>(KNOWN_OPTIONS));
      }
    }
    InMemoryModelRegistry.Builder builder =
        InMemoryModelRegistry.builder().sharedStore(location.getSchemeSpecificPart());
    String actor = options.get(ModelRegistries.OPTION_ACTOR);
    if (actor != null) {
      builder.actor(actor);
    }
    return builder.build();
  }
}

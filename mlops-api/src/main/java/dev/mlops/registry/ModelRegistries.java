package dev.mlops.registry;

import dev.mlops.registry.spi.ModelRegistryProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Opens registries by location, finding the implementation for the URI's scheme:
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistries.open("file:/var/mlops")) { ... }
 * }</pre>
 *
 * <p><b>Discovery order.</b> For scheme {@code s}, the system property
 * {@code mlops.registry.provider.s}, if set, names a provider class to use (explicit choice wins).
 * Otherwise the providers found by {@link ServiceLoader} are asked; a provider that fails to load
 * is skipped and logged, and two providers claiming the same scheme are an error naming both and
 * where they came from. A scheme nobody handles is an error listing the installed schemes.
 *
 * <p>Options common to every registry: {@value #OPTION_ACTOR}, the name recorded as the actor in
 * the audit log (by default the {@code user.name} system property). Providers document their own.
 *
 * @since 0.1
 */
public final class ModelRegistries {

  /** The option naming who is acting, recorded in the audit log. */
  public static final String OPTION_ACTOR = "actor";

  /** The prefix of the system properties that choose a provider class per scheme. */
  public static final String PROVIDER_PROPERTY_PREFIX = "mlops.registry.provider.";

  // System.Logger keeps this module free of dependencies; SLF4J's JDK platform logging module
  // routes it to the application's backend where users want.
  private static final System.Logger LOG = System.getLogger(ModelRegistries.class.getName());

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][^=&;#?]*password=)[^&;#]*");

  private ModelRegistries() {}

  /**
   * Opens the registry at a location with no options.
   *
   * @param location such as {@code file:/var/mlops} or {@code memory:test}
   * @return the open registry; the caller closes it
   * @throws IllegalArgumentException if the text is not a URI with a scheme
   * @throws NoRegistryProviderException if no provider handles the scheme, or it failed to open
   * @throws RegistryStorageException if the provider reports a storage failure while opening
   */
  public static ModelRegistry open(String location) {
    return open(toUri(location), Map.of());
  }

  /**
   * Opens the registry at a location with provider options.
   *
   * @param location the registry location
   * @param options settings for the provider, such as {@value #OPTION_ACTOR}
   * @return the open registry; the caller closes it
   * @throws IllegalArgumentException if the URI has no scheme
   * @throws NoRegistryProviderException if no provider handles the scheme, or it failed to open
   * @throws RegistryStorageException if the provider reports a storage failure while opening
   */
  public static ModelRegistry open(URI location, Map<String, String> options) {
    String scheme = location.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("Registry location '" + redact(location.toString())
          + "' has no scheme; use file:/path, memory:name or another installed scheme");
    }
    ModelRegistryProvider provider = provider(scheme.toLowerCase(Locale.ROOT));
    try {
      return provider.open(location, Map.copyOf(options));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new NoRegistryProviderException(scheme, "Provider " + provider.getClass().getName()
          + " could not open " + redact(location.toString()) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The schemes of the providers installed, with the provider class of each.
   *
   * @return scheme to provider class name, sorted by scheme
   * @throws NoRegistryProviderException if two providers claim the same scheme
   */
  public static Map<String, String> installedSchemes() {
    Map<String, String> result = new TreeMap<>();
    discover().forEach((s, p) -> result.put(s, p.getClass().getName()));
    return result;
  }

  private static ModelRegistryProvider provider(String scheme) {
    String explicit = System.getProperty(PROVIDER_PROPERTY_PREFIX + scheme);
    if (explicit != null) {
      return instantiate(scheme, explicit);
    }
    Map<String, ModelRegistryProvider> providers = discover();
    ModelRegistryProvider p = providers.get(scheme);
    if (p == null) {
      throw new NoRegistryProviderException(scheme, "No registry provider for scheme '" + scheme
          + "'. Installed: " + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))
          + ". Add the module that provides it (mlops-core for file:, mlops-testkit for memory:,"
          + " mlops-jdbc for jdbc:) to the class path.", null);
    }
    LOG.log(System.Logger.Level.DEBUG, "Using registry provider {0} for scheme {1}",
        p.getClass().getName(), scheme);
    return p;
  }

  private static Map<String, ModelRegistryProvider> discover() {
    Map<String, ModelRegistryProvider> found = new TreeMap<>();
    var iterator = ServiceLoader.load(ModelRegistryProvider.class, classLoader()).iterator();
    while (true) {
      ModelRegistryProvider p;
      try {
        if (!iterator.hasNext()) {
          break;
        }
        p = iterator.next();
      } catch (ServiceConfigurationError e) {
        LOG.log(System.Logger.Level.WARNING,
            "Skipping a registry provider that failed to load: " + e.getMessage(), e);
        continue;
      }
      String scheme = p.scheme().toLowerCase(Locale.ROOT);
      ModelRegistryProvider previous = found.putIfAbsent(scheme, p);
      if (previous != null && previous.getClass() != p.getClass()) {
        throw new NoRegistryProviderException(scheme, "Two registry providers claim scheme '" + scheme
            + "': " + describe(previous) + " and " + describe(p) + ". Remove one from the class path,"
            + " or choose one with -D" + PROVIDER_PROPERTY_PREFIX + scheme + "=CLASS.", null);
      }
    }
    return found;
  }

  private static String describe(ModelRegistryProvider p) {
    CodeSource source = p.getClass().getProtectionDomain().getCodeSource();
    return p.getClass().getName() + " (from " + (source == null ? "unknown" : source.getLocation()) + ")";
  }

  private static ModelRegistryProvider instantiate(String scheme, String className) {
    try {
      Object o = Class.forName(className, true, classLoader()).getDeclaredConstructor().newInstance();
      if (!(o instanceof ModelRegistryProvider p)) {
        throw new NoRegistryProviderException(scheme, "Class " + className + " chosen by -D"
            + PROVIDER_PROPERTY_PREFIX + scheme + " is not a ModelRegistryProvider", null);
      }
      return p;
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new NoRegistryProviderException(scheme, "Cannot instantiate registry provider " + className
          + " chosen by -D" + PROVIDER_PROPERTY_PREFIX + scheme + ": " + e, e);
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ModelRegistries.class.getClassLoader();
  }

  private static URI toUri(String location) {
    try {
      return new URI(location);
    } catch (URISyntaxException e) {
      // Not e's message, nor e as the cause: both quote the input, password and all.
      throw new IllegalArgumentException("Registry location '" + redact(location) + "' is not a URI: "
          + e.getReason() + " at index " + e.getIndex());
    }
  }

  /**
   * A registry location with its password masked, safe for messages and logs: the password in the
   * user-info part ({@code //user:secret@host}) and the value of every parameter whose name ends
   * in {@code password} ({@code ?password=secret}) become {@code ****}. Works on any text, also
   * one that is not a valid URI; when in doubt it masks more rather than less.
   *
   * @param location a location as given, such as {@code jdbc:postgresql://app:secret@db/mlops}
   * @return the location with passwords masked, such as {@code jdbc:postgresql://app:****@db/mlops}
   * @since 0.1
   */
  public static String redact(String location) {
    String text = PASSWORD_PARAMETER.matcher(location).replaceAll("$1****");
    int start = text.indexOf("//");
    if (start < 0) {
      return text;
    }
    start += 2;
    int end = text.length();
    for (char c : new char[] {'?', '#'}) {
      int i = text.indexOf(c, start);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    // The last '@' before the query: a password may hold an unescaped '@', '/' or space.
    int at = text.lastIndexOf('@', end - 1);
    int colon = text.indexOf(':', start);
    if (at < start || colon < 0 || colon > at) {
      return text;
    }
    return text.substring(0, colon + 1) + "****" + text.substring(at);
  }
}

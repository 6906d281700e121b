package dev.mlops.registry;

import dev.mlops.registry.spi.ModelRegistryProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
 * <p>{@link #copy(ModelRegistry, ModelUri, ModelRegistry)} copies a version from one registry into
 * another, of any two kinds (such as a development {@code file:} registry into a production
 * {@code jdbc:} one).
 *
 * @since 0.1
 */
public final class ModelRegistries {

  /** The option naming who is acting, recorded in the audit log. */
  public static final String OPTION_ACTOR = "actor";

  /** The prefix of the system properties that choose a provider class per scheme. */
  public static final String PROVIDER_PROPERTY_PREFIX = "mlops.registry.provider.";

  /**
   * The lineage property of a copied version naming the registry it was copied from, with any
   * password masked.
   */
  public static final String LINEAGE_COPIED_FROM_REGISTRY = "mlops.copiedFrom.registry";

  /** The lineage property of a copied version naming the version it was copied from. */
  public static final String LINEAGE_COPIED_FROM_VERSION = "mlops.copiedFrom.version";

  /**
   * The version tag set on a copy, naming where it came from: the source registry (password
   * masked), a space and the source version's URI. Setting it records the copy in the target's
   * audit log.
   */
  public static final String TAG_COPIED_FROM = "mlops.copiedFrom";

  /**
   * The version tag set on the source of a copy, naming the latest copy: the target registry
   * (password masked), a space and the copy's URI. Setting it records the copy in the source's audit
   * log; an earlier copy's value is kept there as the entry's previous value.
   */
  public static final String TAG_COPIED_TO = "mlops.copiedTo";

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][^=&;#]*password[^=&;#]*=)[^&;#]*");

  // System.Logger keeps this module free of dependencies; SLF4J's JDK platform logging module
  // routes it to the application's backend where users want.
  private static final System.Logger LOG = System.getLogger(ModelRegistries.class.getName());

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
      throw new IllegalArgumentException("Registry location '" + redact(location)
          + "' has no scheme; use file:/path, memory:name or another installed scheme");
    }
    ModelRegistryProvider provider = provider(scheme.toLowerCase(Locale.ROOT));
    try {
      return provider.open(location, Map.copyOf(options));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new NoRegistryProviderException(scheme, "Provider " + provider.getClass().getName()
          + " could not open " + redact(location) + ": " + e.getMessage(), e);
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

  /**
   * A registry location fit for messages, logs and records: the password of the user information
   * ({@code //user:secret@host}) and the value of every query parameter whose name contains
   * {@code password} ({@code ?password=secret}) are replaced by {@code ***}.
   *
   * @param location a registry location, such as {@code jdbc:postgresql://ci:secret@db/mlops}
   * @return the location's text with passwords masked, such as
   *     {@code jdbc:postgresql://ci:***@db/mlops}
   * @since 0.1
   */
  public static String redact(URI location) {
    return redact(location.toString());
  }

  /**
   * Copies a version into another registry, as {@link #copy(ModelRegistry, ModelUri, ModelRegistry,
   * String, AliasPrecondition)} does, without setting an alias.
   *
   * @param source the registry holding the version
   * @param uri the version to copy, such as {@code models:/churn@staging}
   * @param target the registry to copy it into
   * @return the new version in the target
   * @throws IllegalArgumentException if source and target are the same instance
   * @throws ModelNotFoundException if the source has nothing the URI names
   * @throws ArtifactIntegrityException if a source file fails verification, or the files stored in
   *     the target differ from the source's (the new version is then archived)
   * @throws RegistryStorageException if either registry cannot be read or written
   * @since 0.1
   */
  public static ModelVersion copy(ModelRegistry source, ModelUri uri, ModelRegistry target) {
    return copyVersion(source, uri, target, null, AliasPrecondition.any());
  }

  /**
   * Copies a version into another registry (a development registry into a production one, say) and
   * points an alias of the target at the copy, compare-and-set.
   *
   * <p>The copy is a new version of the same model name in the target, numbered by the target, with
   * the source's artifact files, format, signature (with its input example), metrics, parameters,
   * version tags and description. Its lineage is the source's, plus the properties
   * {@value #LINEAGE_COPIED_FROM_REGISTRY} (the source location, password masked) and
   * {@value #LINEAGE_COPIED_FROM_VERSION} (the source version's URI). The source's files are
   * verified when opened, and the sizes and SHA-256 checksums the target computed while storing
   * them must equal the source's; otherwise the new version is archived and an
   * {@link ArtifactIntegrityException} thrown. Both audit logs record the copy: the copy is tagged
   * {@value #TAG_COPIED_FROM} and the source version {@value #TAG_COPIED_TO}. Only then does the
   * alias move, with the audit reason {@code copied from REGISTRY models:/NAME/N}.
   *
   * @param source the registry holding the version
   * @param uri the version to copy, such as {@code models:/churn@staging}
   * @param target the registry to copy it into
   * @param alias the alias of the target's model to point at the copy
   * @param expected what the alias must point to now for it to move
   * @return the new version in the target, with its aliases
   * @throws IllegalArgumentException if source and target are the same instance
   * @throws InvalidNameException if the alias is invalid; nothing is copied
   * @throws ModelNotFoundException if the source has nothing the URI names
   * @throws ArtifactIntegrityException if a source file fails verification, or the files stored in
   *     the target differ from the source's (the new version is then archived)
   * @throws VersionConflictException if the alias does not satisfy {@code expected}; the version
   *     was copied and recorded, only the alias did not move
   * @throws RegistryStorageException if either registry cannot be read or written
   * @since 0.1
   */
  public static ModelVersion copy(ModelRegistry source, ModelUri uri, ModelRegistry target,
      String alias, AliasPrecondition expected) {
    NameRules.checkAlias(alias);
    return copyVersion(source, uri, target, alias, Objects.requireNonNull(expected, "expected"));
  }

  private static ModelVersion copyVersion(ModelRegistry source, ModelUri uri, ModelRegistry target,
      @Nullable String alias, AliasPrecondition expected) {
    Objects.requireNonNull(uri, "uri");
    String from = redact(source.location());
    // Locations cannot tell registries apart (two schemas of one database share a URL): only the
    // same instance is refused.
    if (source == target) {
      throw new IllegalArgumentException("Cannot copy " + uri + " from " + from
          + " into the same registry; copy it into another registry");
    }
    String to = redact(target.location());
    ModelVersion original;
    ModelVersion copy;
    try (ModelArtifact artifact = source.openArtifact(uri)) {
      original = artifact.version();
      copy = target.register(copyRequest(original, artifact.directory(), from));
    }
    checkArrival(original, copy, target, from);
    target.setVersionTag(copy.name(), copy.version(), TAG_COPIED_FROM, from + " " + original.uri());
    try {
      source.setVersionTag(original.name(), original.version(), TAG_COPIED_TO, to + " " + copy.uri());
    } catch (RuntimeException e) {
      throw new RegistryStorageException("Copied " + original.uri() + " from " + from + " to " + to
          + " as " + copy.uri() + ", but could not record the copy in the source registry: "
          + e.getMessage(), e);
    }
    if (alias != null) {
      target.setAlias(copy.name(), alias, copy.version(), expected,
          "copied from " + from + " " + original.uri());
    }
    return target.getVersion(copy.name(), copy.version());
  }

  private static RegistrationRequest copyRequest(ModelVersion original, Path files, String from) {
    RegistrationRequest.Builder request = RegistrationRequest.builder(original.name())
        .artifact(files)
        .format(original.format())
        .metrics(original.metrics())
        .params(original.params())
        .lineage(withCopyRecord(original.lineage(), from, original.uri()));
    if (original.signature() != null) {
      request.signature(original.signature());
    }
    if (original.description() != null) {
      request.description(original.description());
    }
    // The source's own copy records describe other copies, not this one.
    original.tags().forEach((key, value) -> {
      if (!key.equals(TAG_COPIED_FROM) && !key.equals(TAG_COPIED_TO)) {
        request.tag(key, value);
      }
    });
    return request.build();
  }

  private static Lineage withCopyRecord(Lineage lineage, String from, ModelUri version) {
    Map<String, String> properties = new LinkedHashMap<>(lineage.properties());
    properties.put(LINEAGE_COPIED_FROM_REGISTRY, from);
    properties.put(LINEAGE_COPIED_FROM_VERSION, version.toString());
    return new Lineage(lineage.datasetFingerprint(), lineage.codeVersion(), lineage.configHash(),
        lineage.parentVersion(), lineage.seed(), lineage.runId(), lineage.trainingStartedAt(),
        lineage.trainingFinishedAt(), lineage.environment(), properties);
  }

  /** Archives the copy and throws if the target stored other bytes than the source handed out. */
  private static void checkArrival(ModelVersion original, ModelVersion copy, ModelRegistry target, String from) {
    Mismatch mismatch = firstMismatch(original.artifacts(), copy.artifacts());
    if (mismatch == null) {
      return;
    }
    ArtifactIntegrityException failure = new ArtifactIntegrityException(copy.name(), copy.version(),
        mismatch.path(), "copied from " + from + " " + original.uri() + ", " + mismatch.problem()
        + "; the copy was archived");
    try {
      target.archiveVersion(copy.name(), copy.version(), "copy failed verification");
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    throw failure;
  }

  /** A file that differs between what a copy sent and what the target stored. */
  private record Mismatch(String path, String problem) {}

  private static @Nullable Mismatch firstMismatch(List<ArtifactRef> sent, List<ArtifactRef> stored) {
    Map<String, ArtifactRef> expected = new TreeMap<>();
    sent.forEach(ref -> expected.put(ref.path(), ref));
    for (ArtifactRef got : stored) {
      ArtifactRef want = expected.remove(got.path());
      if (want == null) {
        return new Mismatch(got.path(), "the target stored a file the source does not have");
      }
      if (want.size() != got.size()) {
        return new Mismatch(got.path(), "the target stored " + got.size() + " bytes but the source has "
            + want.size());
      }
      if (!want.sha256().equals(got.sha256())) {
        return new Mismatch(got.path(), "the target stored SHA-256 " + got.sha256() + " but the source has "
            + want.sha256());
      }
    }
    return expected.isEmpty() ? null
        : new Mismatch(expected.keySet().iterator().next(), "the file did not arrive in the target");
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
   * The same as {@link #redact(URI)} for text that may not even be a valid URI (such as a location
   * a user typed, with an unescaped space or '/' in its password); when in doubt it masks more
   * rather than less.
   *
   * @param location a location as given, such as {@code jdbc:postgresql://ci:se/cret@db/mlops}
   * @return the text with passwords masked, such as {@code jdbc:postgresql://ci:***@db/mlops}
   * @since 0.1
   */
  public static String redact(String location) {
    String text = PASSWORD_PARAMETER.matcher(location).replaceAll("$1***");
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
    // The last '@' before the query: a password may hold an unescaped '@', '/' or space. A ':'
    // only after it belongs to the host (a port, an IPv6 address): then there is no password.
    int at = text.lastIndexOf('@', end - 1);
    int colon = text.indexOf(':', start);
    if (at < start || colon < 0 || colon > at) {
      return text;
    }
    return text.substring(0, colon + 1) + "***" + text.substring(at);
  }
}

package dev.mlops.samples.onnxdir;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.Subscription;
import dev.mlops.registry.spi.PageTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A read-only {@link ModelRegistry} over a directory of ONNX files: the example of a registry
 * plugin (see docs/registry-plugins.md). The directory is the truth: each call reads it, so files
 * copied in by people or deployment scripts are visible at once.
 *
 * <p><b>Layout.</b> {@code ROOT/MODEL/N.onnx} is version {@code N} (1, 2, 3..., gaps allowed) of
 * the model {@code MODEL}, whose name follows {@link NameRules}. Other files and directories are
 * ignored. An optional {@code N.onnx.sha256} beside it holds the SHA-256 in hex (as written by
 * {@code sha256sum}); with it, a file changed or damaged later fails
 * {@link #openArtifact(String, int)} with {@link ArtifactIntegrityException}. Without it, the
 * checksum is that of the file as it is now.
 *
 * <p><b>What a version looks like.</b> Format {@link ModelFormat#ONNX}; one artifact file,
 * {@code model.onnx}; no signature, metrics, parameters, tags, lineage, aliases or description;
 * status {@link ModelVersionStatus#READY}; created at the file's modification time by
 * {@code "onnxdir"}. {@code latest} is the highest version number.
 *
 * <p><b>What it refuses.</b> Every change (register, tags, aliases, archiving) throws
 * {@link UnsupportedOperationException} after checking that the registry is open and the names are
 * valid. The audit log is always empty, and subscriptions receive no events, since nothing changes
 * through this registry.
 *
 * <p>Thread-safe: it holds no mutable state besides its open flag.
 *
 * @since 0.1
 */
public final class OnnxDirectoryRegistry implements ModelRegistry {

  /** The URI scheme of this registry. */
  public static final String SCHEME = "onnxdir";

  /** The name of the artifact file of every version. */
  public static final String ARTIFACT_FILE = "model.onnx";

  private static final Pattern VERSION_FILE = Pattern.compile("([1-9][0-9]{0,8})\\.onnx");
  private static final String CREATED_BY = "onnxdir";

  private final URI location;
  private final Path root;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens a registry over a directory. Prefer
   * {@code ModelRegistries.open("onnxdir:/path/to/models")}.
   *
   * @param location the location to report from {@link #location()}
   * @param root the directory, which must exist
   */
  public OnnxDirectoryRegistry(URI location, Path root) {
    this.location = Objects.requireNonNull(location, "location");
    this.root = Objects.requireNonNull(root, "root");
  }

  /**
   * The directory this registry reads.
   *
   * @return the root directory
   */
  public Path root() {
    return root;
  }

  @Override
  public URI location() {
    return location;
  }

  @Override
  public ModelVersion getVersion(String name, int version) {
    checkOpen();
    NameRules.checkModelName(name);
    NameRules.checkVersion(name, version);
    Path file = versionFile(name, version);
    if (!Files.isRegularFile(file)) {
      throw modelExists(name) ? new ModelNotFoundException(name, "version " + version)
          : new ModelNotFoundException(name, null);
    }
    return describe(name, version, file);
  }

  @Override
  public ModelVersion resolve(ModelUri uri) {
    checkOpen();
    return switch (uri.kind()) {
      case VERSION -> getVersion(uri.name(), uri.version());
      case LATEST -> getVersion(uri.name(), getModel(uri.name()).latestVersion());
      case ALIAS -> {
        getModel(uri.name());
        throw new ModelNotFoundException(uri.name(), "alias '" + uri.alias() + "'");
      }
    };
  }

  @Override
  public RegisteredModel getModel(String name) {
    checkOpen();
    NameRules.checkModelName(name);
    List<Integer> versions = versionsOf(name);
    if (versions.isEmpty()) {
      throw new ModelNotFoundException(name, null);
    }
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    for (int v : versions) {
      Instant t = modified(versionFile(name, v));
      first = t.isBefore(first) ? t : first;
      last = t.isAfter(last) ? t : last;
    }
    return new RegisteredModel(name, versions.get(versions.size() - 1), Map.of(), Map.of(), first, last);
  }

  @Override
  public Page<RegisteredModel> listModels(PageRequest page) {
    checkOpen();
    String token = page.pageToken();
    @Nullable String after = token == null ? null : PageTokens.decode(token, "models", 1).get(0);
    List<String> names = modelNames().stream().filter(n -> after == null || n.compareTo(after) > 0).toList();
    return page(names, page, this::getModel, n -> PageTokens.encode("models", n));
  }

  @Override
  public Page<ModelVersion> listVersions(String name, PageRequest page) {
    checkOpen();
    NameRules.checkModelName(name);
    String listing = "versions of " + name;
    String token = page.pageToken();
    long from = token == null ? 0 : PageTokens.decodeNumber(token, listing);
    List<Integer> all = versionsOf(name);
    if (all.isEmpty()) {
      throw new ModelNotFoundException(name, null);
    }
    List<Integer> rest = all.stream().filter(v -> v > from).toList();
    return page(rest, page, v -> getVersion(name, v), v -> PageTokens.encode(listing, Integer.toString(v)));
  }

  @Override
  public ModelArtifact openArtifact(String name, int version) {
    ModelVersion v = getVersion(name, version);
    return VerifiedCopy.of(v, versionFile(name, version));
  }

  @Override
  public Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page) {
    checkOpen();
    if (modelName != null) {
      NameRules.checkModelName(modelName);
    }
    // Nothing changes through this registry, so the log is empty and no token can come from it.
    String token = page.pageToken();
    if (token != null) {
      throw PageTokens.foreign(token, "audit");
    }
    return new Page<>(List.of(), null);
  }

  @Override
  public Subscription subscribe(RegistryListener listener) {
    checkOpen();
    Objects.requireNonNull(listener, "listener");
    return () -> { };
  }

  @Override
  public void close() {
    closed.set(true);
  }

  // ---- changes: refused ----

  @Override
  public ModelVersion register(RegistrationRequest request) {
    throw refused("register a version", request.name());
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    NameRules.checkTagKey(key);
    throw refused("set a model tag", name);
  }

  @Override
  public boolean deleteModelTag(String name, String key) {
    throw refused("delete a model tag", name);
  }

  @Override
  public void setVersionTag(String name, int version, String key, String value) {
    NameRules.checkTagKey(key);
    throw refused("set a version tag", name);
  }

  @Override
  public boolean deleteVersionTag(String name, int version, String key) {
    throw refused("delete a version tag", name);
  }

  @Override
  public OptionalInt setAlias(
      String name, String alias, int version, AliasPrecondition expected, @Nullable String reason) {
    NameRules.checkAlias(alias);
    throw refused("set alias '" + alias + "'", name);
  }

  @Override
  public int deleteAlias(String name, String alias, AliasPrecondition expected, @Nullable String reason) {
    throw refused("delete alias '" + alias + "'", name);
  }

  @Override
  public ModelVersion archiveVersion(String name, int version, @Nullable String reason) {
    throw refused("archive version " + version, name);
  }

  private UnsupportedOperationException refused(String what, String name) {
    checkOpen();
    NameRules.checkModelName(name);
    return new UnsupportedOperationException("The onnxdir registry at " + root + " is read-only and"
        + " cannot " + what + " of model '" + name + "'. Add a version by copying its file to "
        + root.resolve(name).resolve("N.onnx") + ", or use a file: registry for aliases, tags and"
        + " archiving.");
  }

  // ---- reading the directory ----

  private ModelVersion describe(String name, int version, Path file) {
    ArtifactRef ref = new ArtifactRef(ARTIFACT_FILE, size(file), Checksums.recordedOrCurrent(file));
    return new ModelVersion(name, version, ModelFormat.ONNX, List.of(ref), null, Map.of(), Map.of(),
        Map.of(), Lineage.empty(), ModelVersionStatus.READY, Set.of(), null, modified(file), CREATED_BY);
  }

  private Path versionFile(String name, int version) {
    return root.resolve(name).resolve(version + ".onnx");
  }

  private boolean modelExists(String name) {
    return !versionsOf(name).isEmpty();
  }

  private List<Integer> versionsOf(String name) {
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    TreeSet<Integer> versions = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.onnx")) {
      for (Path f : files) {
        Matcher m = VERSION_FILE.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f)) {
          versions.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (NoSuchFileException gone) {
      return List.of();
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot list the versions of model '" + name + "' in " + dir
          + ": " + e.getMessage(), e);
    }
    return List.copyOf(versions);
  }

  private List<String> modelNames() {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (NameRules.NAME_PATTERN.matcher(name).matches() && modelExists(name)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot list the models in " + root + ": " + e.getMessage(), e);
    }
    return List.copyOf(names);
  }

  private static <K, T> Page<T> page(
      List<K> keys, PageRequest page, Function<K, T> read, Function<K, String> token) {
    List<K> slice = keys.subList(0, Math.min(page.limit(), keys.size()));
    List<T> items = slice.stream().map(read).toList();
    String next = keys.size() > slice.size() ? token.apply(slice.get(slice.size() - 1)) : null;
    return new Page<>(items, next);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read the size of " + file + ": " + e.getMessage(), e);
    }
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read the time of " + file + ": " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("The onnxdir registry at " + root + " is closed; open a new one"
          + " with ModelRegistries.open(\"" + location + "\")");
    }
  }
}

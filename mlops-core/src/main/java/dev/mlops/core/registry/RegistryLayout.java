package dev.mlops.core.registry;

import java.nio.file.Path;
import java.util.Set;

/**
 * Where everything lives under the registry root. See {@code docs/file-registry.md} for the
 * layout and what each file holds. Model names are validated by {@code NameRules} before they get
 * here, so they are safe as single path segments.
 */
final class RegistryLayout {

  static final String MARKER = "mlops-registry.json";
  static final String LOCK = "registry.lock";
  static final String AUDIT_LOG = "audit.jsonl";
  static final String JOURNAL = "journal.json";
  static final String STAGING = "staging";
  static final String MODELS = "models";
  static final String MODEL_FILE = "model.json";
  static final String VERSIONS = "versions";
  static final String VERSION_FILE = "version.json";
  static final String STATE_FILE = "state.json";
  static final String ARTIFACT = "artifact";

  /** The names this registry creates at the root; a root holding anything else is not ours. */
  static final Set<String> ROOT_ENTRIES = Set.of(MARKER, LOCK, AUDIT_LOG, JOURNAL, STAGING, MODELS);

  private final Path root;

  RegistryLayout(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path marker() {
    return root.resolve(MARKER);
  }

  Path lockFile() {
    return root.resolve(LOCK);
  }

  Path auditLog() {
    return root.resolve(AUDIT_LOG);
  }

  Path journal() {
    return root.resolve(JOURNAL);
  }

  Path staging() {
    return root.resolve(STAGING);
  }

  Path models() {
    return root.resolve(MODELS);
  }

  Path modelDir(String name) {
    return models().resolve(name);
  }

  Path modelFile(String name) {
    return modelDir(name).resolve(MODEL_FILE);
  }

  Path versionsDir(String name) {
    return modelDir(name).resolve(VERSIONS);
  }

  Path versionDir(String name, int version) {
    return versionsDir(name).resolve(Integer.toString(version));
  }

  Path versionFile(String name, int version) {
    return versionDir(name, version).resolve(VERSION_FILE);
  }

  Path stateFile(String name, int version) {
    return versionDir(name, version).resolve(STATE_FILE);
  }

  Path artifactDir(String name, int version) {
    return versionDir(name, version).resolve(ARTIFACT);
  }

  /** A path relative to the root with '/' separators, as the journal records paths. */
  String relative(Path p) {
    return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  /**
   * Resolves a path the journal recorded.
   *
   * @throws IllegalArgumentException if it would lead outside the root
   */
  Path resolveRelative(String relative) {
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("Path '" + relative + "' leads outside the registry root " + root);
    }
    return p;
  }
}

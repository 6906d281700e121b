package dev.mlops.core.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where everything lives under the registry root. See {@code docs/file-registry.md} for the
 * layout and what each file holds. Model names are validated by {@code NameRules} before they get
 * here, so they are safe as single path segments.
 *
 * <p>The registry never creates a symbolic link, so it never follows one either: a link (or any
 * entry of the wrong kind) where the registry keeps its own files is reported with a {@link
 * RegistryLayoutException} before anything is read through it, written through it or deleted.
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
   * @throws RegistryLayoutException if it leads through a symbolic link
   */
  Path resolveRelative(String relative) throws IOException {
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("Path '" + relative + "' leads outside the registry root " + root);
    }
    requireNoLinks(p);
    return p;
  }

  /**
   * Checks the entries the registry keeps at its root: {@code staging} and {@code models} are
   * directories, the others regular files, where they exist, and none is a link.
   *
   * @throws RegistryLayoutException if one is not
   */
  void checkRoot() throws IOException {
    requireKind(staging(), true);
    requireKind(models(), true);
    for (Path file : new Path[] {marker(), lockFile(), auditLog(), journal()}) {
      requireKind(file, false);
    }
  }

  /**
   * Checks that a directory or file the registry keeps is of the kind it writes there, without
   * following a link: a missing entry is fine (the registry creates it when needed).
   *
   * @param path the entry
   * @param directory whether a directory belongs there, else a regular file
   * @return its attributes, or null if it does not exist
   * @throws RegistryLayoutException if it is a link or of the other kind
   */
  static @Nullable BasicFileAttributes requireKind(Path path, boolean directory) throws IOException {
    BasicFileAttributes attributes = entry(path);
    if (attributes != null && (directory ? !attributes.isDirectory() : !attributes.isRegularFile())) {
      throw new RegistryLayoutException(path, "is not a " + (directory ? "directory" : "regular file"));
    }
    return attributes;
  }

  /**
   * An entry's attributes, read without following a link.
   *
   * @return null if the entry does not exist
   * @throws RegistryLayoutException if it is a symbolic link
   */
  static @Nullable BasicFileAttributes entry(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (attributes.isSymbolicLink()) {
      throw linked(path);
    }
    return attributes;
  }

  /**
   * Checks that no entry on the way from the root to a path (the path included, where it exists)
   * is a symbolic link. One {@code realpath} call when all is well.
   *
   * @param path a path under the root
   * @throws RegistryLayoutException naming the first link found
   */
  void requireNoLinks(Path path) throws IOException {
    Path existing = path;
    Path real = null;
    while (real == null && existing.startsWith(root) && !existing.equals(root)) {
      try {
        real = existing.toRealPath();
      } catch (NoSuchFileException e) {
        if (Files.isSymbolicLink(existing)) {
          throw linked(existing); // a dangling one
        }
        existing = DurableFiles.parent(existing);

      }
    }
    if (real == null || real.equals(existing)) {
      return;
    }
    // Something differs: find the link. (A case-insensitive file system may also spell names
    // differently from how they were asked for; that is no link.)
    Path p = root;
    for (Path name : root.relativize(existing)) {
      p = p.resolve(name);
      if (Files.isSymbolicLink(p)) {
        throw linked(p);
      }
    }
  }

  /** The error for a link where the registry keeps its own entry, naming where the link leads. */
  static RegistryLayoutException linked(Path link) {
    String target;
    try {
      target = " to " + Files.readSymbolicLink(link);
    } catch (IOException | UnsupportedOperationException e) {
      target = "";
    }
    return new RegistryLayoutException(link, "is a symbolic link" + target);
  }
}

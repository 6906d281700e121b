package dev.mlops.testkit;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * One version held by an in-memory store: what was published, the bytes of its files, and the
 * parts that may change later (tags, status). Guarded by the store's lock.
 */
final class StoredVersion {

  private final ModelVersion published;
  private final Map<String, byte[]> files;
  private final NavigableMap<String, String> tags;
  private ModelVersionStatus status;

  StoredVersion(ModelVersion published, Map<String, byte[]> files) {
    this.published = published;
    this.files = new HashMap<>(files);
    this.tags = new TreeMap<>(published.tags());
    this.status = published.status();
  }

  int number() {
    return published.version();
  }

  NavigableMap<String, String> tags() {
    return tags;
  }

  ModelVersionStatus status() {
    return status;
  }

  void archive() {
    status = ModelVersionStatus.ARCHIVED;
  }

  /** The version as it is now, with the aliases that point to it. */
  ModelVersion snapshot(Set<String> aliases) {
    return published.withState(tags, status, aliases);
  }

  /** Copies of the stored bytes, so that a reader never shares an array with the store. */
  Map<String, byte[]> copyOfFiles() {
    Map<String, byte[]> copy = new HashMap<>();
    files.forEach((path, bytes) -> copy.put(path, bytes.clone()));
    return copy;
  }

  /**
   * Damages one stored file: inverts its first byte, or appends a byte to an empty file, so that
   * its checksum (and for an empty file its size) no longer matches.
   */
  void corrupt(String relativePath) {
    byte[] bytes = files.get(relativePath);
    if (bytes == null) {
      throw new IllegalArgumentException("Model '" + published.name() + "' version " + number()
          + " has no artifact file '" + relativePath + "'; it has " + new TreeMap<>(files).keySet());
    }
    if (bytes.length == 0) {
      files.put(relativePath, new byte[] {0x2a});
    } else {
      byte[] damaged = bytes.clone();
      damaged[0] = (byte) ~damaged[0];
      files.put(relativePath, damaged);
    }
  }
}

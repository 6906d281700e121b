package dev.mlops.testkit;

import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisteredModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One model held by an in-memory store: its versions (version {@code n} at index {@code n - 1}),
 * aliases and tags. Guarded by the store's lock.
 */
final class StoredModel {

  private final String name;
  private final Instant createdAt;
  private Instant updatedAt;
  private final NavigableMap<String, String> tags = new TreeMap<>();
  private final NavigableMap<String, Integer> aliases = new TreeMap<>();
  private final List<StoredVersion> versions = new ArrayList<>();

  StoredModel(String name, Instant createdAt) {
    this.name = name;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  String name() {
    return name;
  }

  NavigableMap<String, String> tags() {
    return tags;
  }

  NavigableMap<String, Integer> aliases() {
    return aliases;
  }

  List<StoredVersion> versions() {
    return versions;
  }

  void touch(Instant at) {
    updatedAt = at;
  }

  int nextVersionNumber() {
    return versions.size() + 1;
  }

  void add(StoredVersion version) {
    if (version.number() != nextVersionNumber()) {
      throw new IllegalStateException("Version " + version.number() + " of '" + name
          + "' added out of order; expected " + nextVersionNumber());
    }
    versions.add(version);
  }

  /**
   * The version with this number.
   *
   * @throws ModelNotFoundException if there is none
   */
  StoredVersion version(int number) {
    if (number < 1 || number > versions.size()) {
      throw new ModelNotFoundException(name, "version " + number);
    }
    return versions.get(number - 1);
  }

  /** The aliases pointing to a version, sorted. */
  Set<String> aliasesOf(int number) {
    Set<String> result = new TreeSet<>();
    aliases.forEach((alias, target) -> {
      if (target == number) {
        result.add(alias);
      }
    });
    return result;
  }

  ModelVersion snapshot(StoredVersion version) {
    return version.snapshot(aliasesOf(version.number()));
  }

  RegisteredModel snapshot() {
    return new RegisteredModel(name, versions.size(), aliases, tags, createdAt, updatedAt);
  }
}

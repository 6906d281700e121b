package dev.mlops.core.registry;

import dev.mlops.registry.RegisteredModel;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code models/NAME/model.json}: a model's mutable state, replaced as a whole (write to a temporary
 * file, then rename) under the registry lock.
 *
 * @param name the model name, as registered (it tells a case-insensitive file system's aliasing
 *     of two names apart)
 * @param createdAt when version 1 was published
 * @param updatedAt when the model, one of its versions, an alias or a tag last changed
 * @param latestVersion the highest version published; versions 1 to this all exist
 * @param aliases alias to version
 * @param tags model tags
 */
record ModelFile(
    String name,
    Instant createdAt,
    Instant updatedAt,
    int latestVersion,
    Map<String, Integer> aliases,
    Map<String, String> tags) {

  ModelFile {
    aliases = sorted(aliases);
    tags = TagMaps.copy(tags);
  }

  static ModelFile created(String name, Instant now) {
    return new ModelFile(name, now, now, 1, Map.of(), Map.of());
  }

  ModelFile withLatestVersion(int version, Instant now) {
    return new ModelFile(name, createdAt, now, version, aliases, tags);
  }

  ModelFile withAlias(String alias, @Nullable Integer version, Instant now) {
    Map<String, Integer> changed = new TreeMap<>(aliases);
    if (version == null) {
      changed.remove(alias);
    } else {
      changed.put(alias, version);
    }
    return new ModelFile(name, createdAt, now, latestVersion, changed, tags);
  }

  ModelFile withTag(String key, @Nullable String value, Instant now) {
    return new ModelFile(name, createdAt, now, latestVersion, aliases, TagMaps.with(tags, key, value));
  }

  ModelFile touched(Instant now) {
    return new ModelFile(name, createdAt, now, latestVersion, aliases, tags);
  }

  RegisteredModel toModel() {
    return new RegisteredModel(name, latestVersion, aliases, tags, createdAt, updatedAt);
  }

  private static SortedMap<String, Integer> sorted(@Nullable Map<String, Integer> map) {
    return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
  }
}

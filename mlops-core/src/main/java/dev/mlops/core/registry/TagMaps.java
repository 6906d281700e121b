package dev.mlops.core.registry;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Copy-on-write edits of the sorted tag maps the stored documents hold. */
final class TagMaps {

  private TagMaps() {}

  /** A sorted, unmodifiable copy; null (a field missing from the JSON) reads as empty. */
  static SortedMap<String, String> copy(@Nullable Map<String, String> tags) {
    return Collections.unmodifiableSortedMap(tags == null ? new TreeMap<>() : new TreeMap<>(tags));
  }

  /** A copy with the key set to the value, or removed when the value is null. */
  static SortedMap<String, String> with(Map<String, String> tags, String key, @Nullable String value) {
    TreeMap<String, String> changed = new TreeMap<>(tags);
    if (value == null) {
      changed.remove(key);
    } else {
      changed.put(key, value);
    }
    return Collections.unmodifiableSortedMap(changed);
  }
}

package dev.mlops.core.drift.stats;

import dev.mlops.drift.FeatureColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How often each category occurs in the reference and current samples, over the union of the
 * categories of both (in a fixed order: numbers ascending, strings in natural order), as Evidently
 * counts them for its categorical tests.
 *
 * @param categories the categories, each a {@code String} or a {@code Double}
 * @param reference the reference count of each category
 * @param current the current count of each category
 */
record CategoryCounts(List<Object> categories, long[] reference, long[] current) {

  private static final Comparator<Object> ORDER = (a, b) -> a instanceof Double x && b instanceof Double y
      ? Double.compare(x, y) : a.toString().compareTo(b.toString());

  static CategoryCounts of(FeatureColumn reference, FeatureColumn current, String method) {
    if (reference.getClass() != current.getClass()) {
      throw new IllegalArgumentException("feature '" + reference.feature() + "' is "
          + kind(reference) + " in the reference sample but " + kind(current)
          + " in the current sample; both columns must be of the same kind");
    }
    Map<Object, long[]> ref = count(Columns.categories(reference, "reference", method));
    Map<Object, long[]> cur = count(Columns.categories(current, "current", method));
    TreeMap<Object, long[]> union = new TreeMap<>(ORDER);
    ref.forEach((category, n) -> union.computeIfAbsent(category, k -> new long[2])[0] = n[0]);
    cur.forEach((category, n) -> union.computeIfAbsent(category, k -> new long[2])[1] = n[0]);
    List<Object> categories = new ArrayList<>(union.keySet());
    long[] refCounts = new long[categories.size()];
    long[] curCounts = new long[categories.size()];
    int i = 0;
    for (long[] counts : union.values()) {
      refCounts[i] = counts[0];
      curCounts[i] = counts[1];
      i++;
    }
    return new CategoryCounts(categories, refCounts, curCounts);
  }

  /** Counts in mutable one-element arrays: merging boxed Longs allocated one per value. */
  private static Map<Object, long[]> count(List<Object> values) {
    Map<Object, long[]> counts = new HashMap<>();
    for (Object value : values) {
      counts.computeIfAbsent(value, k -> new long[1])[0]++;
    }
    return counts;
  }

  private static String kind(FeatureColumn column) {
    return column instanceof FeatureColumn.Numeric ? "numeric" : "categorical";
  }

  /**
   * Checks two count vectors given directly by a caller: same length, at least one category, no
   * negative count and a positive total on each side.
   *
   * @throws IllegalArgumentException naming the feature when the counts are unusable
   */
  static void validate(String feature, long[] reference, long[] current) {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    if (reference.length != current.length || reference.length == 0) {
      throw new IllegalArgumentException("counts of feature '" + feature
          + "' must cover the same, non-empty list of categories, but had " + reference.length
          + " reference and " + current.length + " current entries");
    }
    requireTotal(feature, reference, "reference");
    requireTotal(feature, current, "current");
  }

  private static void requireTotal(String feature, long[] counts, String role) {
    long total = 0;
    for (long count : counts) {
      if (count < 0) {
        throw new IllegalArgumentException("a " + role + " count of feature '" + feature + "' is negative: "
            + count);
      }
      total += count;
    }
    if (total == 0) {
      throw new IllegalArgumentException("feature '" + feature + "' has no present values in the " + role
          + " sample; report it as missing instead");
    }
  }

  static long total(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}

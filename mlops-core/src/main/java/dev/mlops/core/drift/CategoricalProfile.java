package dev.mlops.core.drift;

import dev.mlops.drift.FeatureKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A bounded-memory profile of a categorical feature: exact counts for up to {@code
 * maxCategories} categories (1000 by default), an {@linkplain #other() "other" bucket} counting
 * values of categories beyond that bound, and a count of missing (null) values.
 *
 * <p>While a feature has at most {@code maxCategories} categories, the profile is exact and merging
 * equals profiling the concatenated data. Beyond the bound, a value of a category not yet tracked
 * goes to the other bucket; when merging overflows the bound, the most frequent categories are
 * kept (ties broken by name) and the rest are folded into the other bucket. Drift tests on
 * profiles treat the other bucket as one more category.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class CategoricalProfile implements FeatureProfile {

  /** The default bound on tracked categories. */
  public static final int DEFAULT_MAX_CATEGORIES = 1000;

  private final String feature;
  private final int maxCategories;
  private final Map<String, Long> counts = new HashMap<>();
  private long count;
  private long missing;
  private long other;

  private CategoricalProfile(String feature, int maxCategories) {
    this.feature = Objects.requireNonNull(feature, "feature");
    this.maxCategories = maxCategories;
  }

  /**
   * An empty profile tracking up to {@value #DEFAULT_MAX_CATEGORIES} categories.
   *
   * @param feature the feature name
   * @return the profile
   */
  public static CategoricalProfile create(String feature) {
    return create(feature, DEFAULT_MAX_CATEGORIES);
  }

  /**
   * An empty profile with a chosen bound on tracked categories.
   *
   * @param feature the feature name
   * @param maxCategories how many categories to count exactly, at least 1
   * @return the profile
   * @throws IllegalArgumentException if the bound is below 1
   */
  public static CategoricalProfile create(String feature, int maxCategories) {
    if (maxCategories < 1) {
      throw new IllegalArgumentException(
          "maxCategories of feature '" + feature + "' must be at least 1 but was "
              + maxCategories);
    }
    return new CategoricalProfile(feature, maxCategories);
  }

  static CategoricalProfile restore(
      String feature, int maxCategories, Map<String, Long> counts, long other, long missing) {
    CategoricalProfile profile = create(feature, maxCategories);
    if (counts.size() > maxCategories || other < 0 || missing < 0) {
      throw new IllegalArgumentException(
          "Inconsistent profile of feature '" + feature + "': " + counts.size()
              + " categories for a bound of " + maxCategories + ", other " + other
              + ", missing " + missing);
    }
    long total = other;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      long value = Objects.requireNonNull(entry.getValue(), "count");
      if (value <= 0) {
        throw new IllegalArgumentException(
            "Category '" + entry.getKey() + "' of feature '" + feature
                + "' has a non-positive count " + value);
      }
      profile.counts.put(Objects.requireNonNull(entry.getKey(), "category"), value);
      total += value;
    }
    profile.count = total;
    profile.other = other;
    profile.missing = missing;
    return profile;
  }

  /**
   * Adds one value; null counts as missing.
   *
   * @param value the category, or null
   */
  public void update(@Nullable String value) {
    update(value, 1);
  }

  /**
   * Adds a value several times, as if {@link #update(String)} were called {@code times} times.
   *
   * @param value the category, or null for missing values
   * @param times how many, at least 0
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public void update(@Nullable String value, long times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative but was " + times);
    }
    if (times == 0) {
      return;
    }
    if (value == null) {
      missing += times;
      return;
    }
    count += times;
    Long known = counts.get(value);
    if (known != null) {
      counts.put(value, known + times);
    } else if (counts.size() < maxCategories) {
      counts.put(value, times);
    } else {
      other += times;
    }
  }

  @Override
  public void updateMissing() {
    missing++;
  }

  /**
   * Adds another profile of the same feature. Exact while the union of categories fits the bound
   * of this profile; otherwise the most frequent categories are kept and the rest move to the
   * other bucket.
   *
   * @param other the other profile, left unchanged
   * @throws IllegalArgumentException if it profiles another feature
   */
  public void merge(CategoricalProfile other) {
    if (!other.feature.equals(feature)) {
      throw new IllegalArgumentException(
          "Cannot merge the profile of '" + other.feature + "' into that of '" + feature + "'");
    }
    missing += other.missing;
    count += other.count;
    this.other += other.other;
    other.counts.forEach((category, n) -> counts.merge(category, n, Long::sum));
    if (counts.size() > maxCategories) {
      foldRareCategories();
    }
  }

  @Override
  public CategoricalProfile copy() {
    return restore(feature, maxCategories, counts, other, missing);
  }

  @Override
  public String feature() {
    return feature;
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.CATEGORICAL;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long missing() {
    return missing;
  }

  @Override
  public long invalid() {
    return 0;
  }

  /**
   * The exact counts of the tracked categories.
   *
   * @return category to count, sorted by category, unmodifiable
   */
  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /**
   * How many present values belong to categories beyond the bound.
   *
   * @return the count in the other bucket, 0 while every category is tracked
   */
  public long other() {
    return other;
  }

  /**
   * The bound on tracked categories.
   *
   * @return the bound
   */
  public int maxCategories() {
    return maxCategories;
  }

  /**
   * Whether every value's category is counted exactly (nothing in the other bucket).
   *
   * @return true while the profile is exact
   */
  public boolean isExact() {
    return other == 0;
  }

  @Override
  public String toString() {
    return "CategoricalProfile[" + feature + ", count=" + count + ", missing=" + missing
        + ", categories=" + counts.size() + ", other=" + other + "]";
  }

  private void foldRareCategories() {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    for (Map.Entry<String, Long> entry : entries.subList(maxCategories, entries.size())) {
      other += entry.getValue();
      counts.remove(entry.getKey());
    }
  }
}

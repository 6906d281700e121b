package dev.mlops.core.drift;

import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reference and current counts over the union of both samples' categories, in a fixed order
 * (numbers ascending, then strings in natural order), as the categorical tests count them. For
 * profiles, values in a categorical profile's "other" bucket form one more category, last.
 */
final class CategoryTable {

  private static final Comparator<Object> ORDER =
      (a, b) -> {
        if (a instanceof Double x && b instanceof Double y) {
          return Double.compare(x, y);
        }
        if (a instanceof Double) {
          return -1;
        }
        if (b instanceof Double) {
          return 1;
        }
        return a.toString().compareTo(b.toString());
      };

  private final List<Object> categories;
  private final long[] reference;
  private final long[] current;
  private final long referenceOther;
  private final long currentOther;

  private CategoryTable(
      Map<Object, Long> reference, Map<Object, Long> current, long referenceOther,
      long currentOther) {
    TreeMap<Object, long[]> union = new TreeMap<>(ORDER);
    reference.forEach((category, n) -> union.computeIfAbsent(category, k -> new long[2])[0] += n);
    current.forEach((category, n) -> union.computeIfAbsent(category, k -> new long[2])[1] += n);
    this.categories = new ArrayList<>(union.keySet());
    this.reference = new long[categories.size()];
    this.current = new long[categories.size()];
    int i = 0;
    for (long[] counts : union.values()) {
      this.reference[i] = counts[0];
      this.current[i] = counts[1];
      i++;
    }
    this.referenceOther = referenceOther;
    this.currentOther = currentOther;
  }

  static CategoryTable of(FeatureColumn reference, FeatureColumn current) {
    return new CategoryTable(count(reference), count(current), 0, 0);
  }

  /** From numeric profiles that both count every value. */
  static CategoryTable of(SortedMap<Double, Long> reference, SortedMap<Double, Long> current) {
    return new CategoryTable(new HashMap<>(reference), new HashMap<>(current), 0, 0);
  }

  static CategoryTable of(CategoricalProfile reference, CategoricalProfile current) {
    return new CategoryTable(
        new HashMap<>(reference.counts()), new HashMap<>(current.counts()), reference.other(),
        current.other());
  }

  /** How many categories, the other bucket included when it holds values. */
  int size() {
    return categories.size() + (hasOther() ? 1 : 0);
  }

  /** Reference counts per category, the other bucket last when it holds values. */
  long[] reference() {
    return withOther(reference, referenceOther);
  }

  /** Current counts per category, the other bucket last when it holds values. */
  long[] current() {
    return withOther(current, currentOther);
  }

  private boolean hasOther() {
    return referenceOther > 0 || currentOther > 0;
  }

  private long[] withOther(long[] counts, long other) {
    long[] all = Arrays.copyOf(counts, size());
    if (hasOther()) {
      all[all.length - 1] = other;
    }
    return all;
  }

  /**
   * The counts for display: the {@code limit} categories with the most values in both samples
   * together, in table order, and the rest folded into the other counts.
   */
  FeatureDistribution.Categories toDistribution(int limit) {
    List<Integer> byFrequency = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      byFrequency.add(i);
    }
    int n = categories.size();
    byFrequency.sort(
        Comparator.<Integer>comparingLong(i -> reference[i] + current[i]).reversed()
            .thenComparing(i -> i));
    List<Integer> shown = new ArrayList<>(byFrequency.subList(0, Math.min(limit, n)));
    shown.sort(Comparator.naturalOrder());
    List<String> labels = new ArrayList<>();
    List<Long> referenceCounts = new ArrayList<>();
    List<Long> currentCounts = new ArrayList<>();
    long foldedReference = referenceOther;
    long foldedCurrent = currentOther;
    for (int i = 0; i < n; i++) {
      if (shown.contains(i)) {
        labels.add(label(categories.get(i)));
        referenceCounts.add(reference[i]);
        currentCounts.add(current[i]);
      } else {
        foldedReference += reference[i];
        foldedCurrent += current[i];
      }
    }
    return new FeatureDistribution.Categories(
        labels, referenceCounts, currentCounts, foldedReference, foldedCurrent);
  }

  /** A number written as people write it: 3 rather than 3.0. */
  static String label(Object category) {
    if (category instanceof Double value) {
      if (value == Math.rint(value) && Math.abs(value) < 1e15) {
        return Long.toString(value.longValue());
      }
      return value.toString();
    }
    return category.toString();
  }

  private static Map<Object, Long> count(FeatureColumn column) {
    // Counted in mutable one-element arrays: merging boxed Longs allocated one per value.
    Map<Object, long[]> counts = new HashMap<>();
    if (column instanceof FeatureColumn.Numeric numeric) {
      for (double value : numeric.values()) {
        counts.computeIfAbsent(value + 0.0, k -> new long[1])[0]++;
      }
    } else {
      for (String value : ((FeatureColumn.Categorical) column).values()) {
        counts.computeIfAbsent(value, k -> new long[1])[0]++;
      }
    }
    Map<Object, Long> totals = new HashMap<>();
    counts.forEach((category, n) -> totals.put(category, n[0]));
    return totals;
  }
}

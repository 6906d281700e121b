package dev.mlops.drift;

import java.util.List;
import java.util.Objects;

/**
 * What a feature's reference and current values look like, summarised for display and for readers
 * of a {@link DriftReport}: a histogram over shared bins for numeric features, or counts per
 * category. Counts computed from sketches are estimates.
 *
 * @since 0.1
 */
public sealed interface FeatureDistribution {

  /**
   * How many reference values are summarised.
   *
   * @return the total of the reference counts
   */
  long referenceTotal();

  /**
   * How many current values are summarised.
   *
   * @return the total of the current counts
   */
  long currentTotal();

  /**
   * Counts of reference and current values in shared, contiguous bins. Bin {@code i} holds the
   * values in {@code [edges[i], edges[i+1])}; the last bin also holds its upper edge.
   *
   * @param edges the bin edges, increasing, one more than there are bins
   * @param referenceCounts reference values per bin
   * @param currentCounts current values per bin
   * @since 0.1
   */
  record Histogram(List<Double> edges, List<Long> referenceCounts, List<Long> currentCounts)
      implements FeatureDistribution {

    /**
     * Copies and validates the bins.
     *
     * @param edges the bin edges, increasing, one more than there are bins
     * @param referenceCounts reference values per bin
     * @param currentCounts current values per bin
     * @throws IllegalArgumentException if there are no bins, the edges are not increasing or do
     *     not match the counts, or a count is negative
     */
    public Histogram {
      edges = List.copyOf(edges);
      referenceCounts = List.copyOf(referenceCounts);
      currentCounts = List.copyOf(currentCounts);
      if (referenceCounts.isEmpty()
          || referenceCounts.size() != currentCounts.size()
          || edges.size() != referenceCounts.size() + 1) {
        throw new IllegalArgumentException(
            "A histogram needs n >= 1 reference counts, n current counts and n + 1 edges, but got "
                + referenceCounts.size() + ", " + currentCounts.size() + " and " + edges.size());
      }
      for (int i = 1; i < edges.size(); i++) {
        if (!(edges.get(i) > edges.get(i - 1))) {
          throw new IllegalArgumentException("Histogram edges must increase, but were " + edges);
        }
      }
      requireNonNegative(referenceCounts);
      requireNonNegative(currentCounts);
    }

    /**
     * The number of bins.
     *
     * @return the count of bins
     */
    public int bins() {
      return referenceCounts.size();
    }

    @Override
    public long referenceTotal() {
      return sum(referenceCounts);
    }

    @Override
    public long currentTotal() {
      return sum(currentCounts);
    }
  }

  /**
   * Counts of reference and current values per category, for categorical features and numeric
   * features with few distinct values (whose values are then the categories, written as numbers).
   * Rare categories beyond what is worth drawing are folded into the {@code other} counts.
   *
   * @param categories the categories shown, distinct
   * @param referenceCounts reference values per category
   * @param currentCounts current values per category
   * @param referenceOther reference values in categories not listed
   * @param currentOther current values in categories not listed
   * @since 0.1
   */
  record Categories(
      List<String> categories,
      List<Long> referenceCounts,
      List<Long> currentCounts,
      long referenceOther,
      long currentOther)
      implements FeatureDistribution {

    /**
     * Copies and validates the counts.
     *
     * @param categories the categories shown, distinct
     * @param referenceCounts reference values per category
     * @param currentCounts current values per category
     * @param referenceOther reference values in categories not listed
     * @param currentOther current values in categories not listed
     * @throws IllegalArgumentException if the lists differ in length, a category repeats or a
     *     count is negative
     */
    public Categories {
      categories = List.copyOf(categories);
      referenceCounts = List.copyOf(referenceCounts);
      currentCounts = List.copyOf(currentCounts);
      if (categories.size() != referenceCounts.size()
          || categories.size() != currentCounts.size()) {
        throw new IllegalArgumentException(
            "Category counts need one reference and one current count per category, but got "
                + categories.size() + " categories, " + referenceCounts.size() + " and "
                + currentCounts.size() + " counts");
      }
      if (categories.stream().distinct().count() != categories.size()) {
        throw new IllegalArgumentException("Categories must be distinct, but were " + categories);
      }
      requireNonNegative(referenceCounts);
      requireNonNegative(currentCounts);
      if (referenceOther < 0 || currentOther < 0) {
        throw new IllegalArgumentException("The 'other' counts must not be negative");
      }
    }

    @Override
    public long referenceTotal() {
      return sum(referenceCounts) + referenceOther;
    }

    @Override
    public long currentTotal() {
      return sum(currentCounts) + currentOther;
    }
  }

  private static void requireNonNegative(List<Long> counts) {
    for (Long count : counts) {
      if (Objects.requireNonNull(count, "count") < 0) {
        throw new IllegalArgumentException("Counts must not be negative, but were " + counts);
      }
    }
  }

  private static long sum(List<Long> counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}

package dev.mlops.core.drift;

/**
 * How many distinct values a feature has over both samples: exact from raw values and from
 * profiles that count every value, a lower bound otherwise.
 *
 * @param count the number of distinct values, or a lower bound when not exact
 * @param exact whether {@code count} is exact
 */
record DistinctValues(long count, boolean exact) {

  static DistinctValues exactly(long count) {
    return new DistinctValues(count, true);
  }

  static DistinctValues atLeast(long count) {
    return new DistinctValues(count, false);
  }

  boolean moreThan(long limit) {
    return count > limit;
  }

  String describe() {
    if (exact) {
      return count + (count == 1 ? " distinct value" : " distinct values");
    }
    return "at least " + count + " distinct values";
  }
}

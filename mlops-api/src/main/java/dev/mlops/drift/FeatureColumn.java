package dev.mlops.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The values of one feature in a sample, as given to a {@link DriftDetector}: numeric or
 * categorical, with the number of missing values counted separately (never silently dropped).
 *
 * @since 0.1
 */
public sealed interface FeatureColumn {

  /**
   * The feature name.
   *
   * @return the name
   */
  String feature();

  /**
   * How many values were missing (null, or NaN for numeric features).
   *
   * @return the count of missing values, not included in the values
   */
  long missing();

  /**
   * How many values are present.
   *
   * @return the count of present values
   */
  int size();

  /**
   * A numeric column.
   *
   * @param feature the feature name
   * @param values the present values (finite numbers); the array is copied
   * @param missing how many values were missing
   */
  record Numeric(String feature, double[] values, long missing) implements FeatureColumn {
    /**
     * Copies the values and validates the counts.
     *
     * @param feature the feature name
     * @param values the present values (finite numbers); the array is copied
     * @param missing how many values were missing
     */
    public Numeric {
      Objects.requireNonNull(feature, "feature");
      values = values.clone();
      if (missing < 0) {
        throw new IllegalArgumentException("missing count of '" + feature + "' is negative");
      }
    }

    /**
     * The present values.
     *
     * @return a copy of the values
     */
    @Override
    public double[] values() {
      return values.clone();
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Numeric n && n.feature.equals(feature) && n.missing == missing
          && Arrays.equals(n.values, values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(feature, missing, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
      return "Numeric[" + feature + ", n=" + values.length + ", missing=" + missing + "]";
    }
  }

  /**
   * A categorical column.
   *
   * @param feature the feature name
   * @param values the present values
   * @param missing how many values were missing
   */
  record Categorical(String feature, List<String> values, long missing) implements FeatureColumn {
    /**
     * Copies the values and validates the counts.
     *
     * @param feature the feature name
     * @param values the present values
     * @param missing how many values were missing
     */
    public Categorical {
      Objects.requireNonNull(feature, "feature");
      values = List.copyOf(values);
      if (missing < 0) {
        throw new IllegalArgumentException("missing count of '" + feature + "' is negative");
      }
    }

    @Override
    public int size() {
      return values.size();
    }
  }
}

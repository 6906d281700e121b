package dev.mlops.core.drift.stats;

import dev.mlops.drift.FeatureColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Validation and extraction of the present values of the two columns a test compares. */
final class Columns {

  private Columns() {}

  /**
   * Checks that both columns describe the same feature.
   *
   * @return the feature name
   * @throws IllegalArgumentException if the names differ
   */
  static String sameFeature(FeatureColumn reference, FeatureColumn current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    if (!reference.feature().equals(current.feature())) {
      throw new IllegalArgumentException("cannot compare different features: reference column is '"
          + reference.feature() + "' but current column is '" + current.feature() + "'");
    }
    return reference.feature();
  }

  /**
   * The present numeric values of a column, checked to be non-empty and finite.
   *
   * @param role {@code reference} or {@code current}, for messages
   * @param method the test's name, for messages
   * @throws IllegalArgumentException if the column is categorical, empty or holds non-finite
   *     values
   */
  static double[] numeric(FeatureColumn column, String role, String method) {
    if (!(column instanceof FeatureColumn.Numeric numeric)) {
      throw new IllegalArgumentException("the " + method + " test needs numeric values, but feature '"
          + column.feature() + "' is categorical; use a categorical test such as chi-square");
    }
    double[] values = numeric.values();
    requirePresent(column, role, method);
    for (double value : values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("feature '" + column.feature() + "' has a non-finite value ("
            + value + ") among the present " + role + " values; count NaN and infinities as missing");
      }
    }
    return values;
  }

  /**
   * The present values of a column as categories: strings for categorical columns, doubles for
   * numeric ones (each distinct number is a category; -0.0 and 0.0 are the same category).
   *
   * @throws IllegalArgumentException if the column is empty or holds non-finite numbers
   */
  static List<Object> categories(FeatureColumn column, String role, String method) {
    if (column instanceof FeatureColumn.Categorical categorical) {
      requirePresent(column, role, method);
      for (String value : categorical.values()) {
        Objects.requireNonNull(value, () -> "feature '" + column.feature()
            + "' has a null among its present values; count it as missing");
      }
      return new ArrayList<>(categorical.values());
    }
    double[] values = numeric(column, role, method);
    List<Object> categories = new ArrayList<>(values.length);
    for (double value : values) {
      categories.add(value + 0.0); // folds -0.0 into 0.0, as pandas' value_counts does
    }
    return categories;
  }

  private static void requirePresent(FeatureColumn column, String role, String method) {
    if (column.size() == 0) {
      throw new IllegalArgumentException("feature '" + column.feature() + "' has no present values in the "
          + role + " sample (" + column.missing() + " missing), so the " + method
          + " test cannot compare it; report it as missing instead");
    }
  }
}

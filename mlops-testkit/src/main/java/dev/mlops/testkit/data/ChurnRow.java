package dev.mlops.testkit.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated customer: the features a churn model sees and whether the customer churned.
 *
 * @param features feature name to value, in the order of {@link ChurnDataGenerator#features()}:
 *     numbers as {@link Double}, categories as {@link String}; unmodifiable
 * @param churned {@code "yes"} or {@code "no"}
 * @since 0.1
 */
public record ChurnRow(Map<String, Object> features, String churned) {

  /**
   * Validates and copies the components.
   *
   * @param features feature name to value
   * @param churned {@code "yes"} or {@code "no"}
   * @throws IllegalArgumentException if the label is neither {@code "yes"} nor {@code "no"}
   */
  public ChurnRow {
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    Objects.requireNonNull(churned, "churned");
    if (!churned.equals(ChurnDataGenerator.YES) && !churned.equals(ChurnDataGenerator.NO)) {
      throw new IllegalArgumentException("churned must be 'yes' or 'no' but was '" + churned + "'");
    }
  }

  /**
   * Whether the customer churned.
   *
   * @return true for {@code "yes"}
   */
  public boolean isChurned() {
    return churned.equals(ChurnDataGenerator.YES);
  }

  /**
   * The features and the label in one map, as a row of a training table.
   *
   * @return the features followed by {@code churned}; unmodifiable
   */
  public Map<String, Object> withLabel() {
    Map<String, Object> row = new LinkedHashMap<>(features);
    row.put(ChurnDataGenerator.LABEL, churned);
    return Collections.unmodifiableMap(row);
  }

  /**
   * A numeric feature's value.
   *
   * @param feature the feature name
   * @return its value
   * @throws IllegalArgumentException if there is no such numeric feature
   */
  public double number(String feature) {
    if (!(features.get(feature) instanceof Number n)) {
      throw new IllegalArgumentException("'" + feature + "' is not a numeric feature of this row;"
          + " numeric features: tenure_months, monthly_spend, support_calls, app_sessions_per_week,"
          + " payment_failures");
    }
    return n.doubleValue();
  }
}

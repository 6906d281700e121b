package dev.mlops.drift;

/**
 * Whether a feature holds numbers or categories. The kind, together with the number of distinct
 * values, decides which drift test is chosen automatically.
 *
 * @since 0.1
 */
public enum FeatureKind {
  /** Numbers: compared through their distribution (KS, Wasserstein, binned divergences). */
  NUMERIC,
  /** Labels: compared through their frequencies (chi-square, Z-test, Jensen-Shannon). */
  CATEGORICAL;

  /**
   * The kind of a column.
   *
   * @param column the column
   * @return {@link #NUMERIC} for {@link FeatureColumn.Numeric}, otherwise {@link #CATEGORICAL}
   */
  public static FeatureKind of(FeatureColumn column) {
    return column instanceof FeatureColumn.Numeric ? NUMERIC : CATEGORICAL;
  }
}

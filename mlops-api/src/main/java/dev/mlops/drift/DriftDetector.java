package dev.mlops.drift;

/**
 * A batch drift test: compares one feature's values in a reference sample (what the model was
 * trained on) with a current sample (what it sees now). Implementations are stateless and
 * thread-safe.
 *
 * @since 0.1
 */
public interface DriftDetector {

  /**
   * The name of the method, as reported in {@link DriftResult#method()}.
   *
   * @return such as {@code ks}
   */
  String method();

  /**
   * Tests one feature for drift.
   *
   * @param reference the reference values
   * @param current the current values of the same feature
   * @return the statistic, p-value where one exists, threshold and verdict
   * @throws IllegalArgumentException if the columns name different features, are of a kind this
   *     method cannot test, or either has no present values
   */
  DriftResult detect(FeatureColumn reference, FeatureColumn current);
}

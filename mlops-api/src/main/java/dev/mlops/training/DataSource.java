package dev.mlops.training;

/**
 * Where training data comes from: a file, a database query, a feature store, a generator. A
 * pipeline calls {@link #fetch()} once per run.
 *
 * @since 0.1
 */
public interface DataSource {

  /**
   * Reads the current data.
   *
   * @return the dataset
   * @throws TrainingException if the data cannot be read or does not match the expected schema,
   *     naming the source and what is wrong
   */
  Dataset fetch();

  /**
   * Says where the data comes from, for lineage and logs, such as {@code file:/data/churn.csv}.
   *
   * @return a short description
   */
  String describe();
}

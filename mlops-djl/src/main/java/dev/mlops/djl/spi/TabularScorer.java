package dev.mlops.djl.spi;

/**
 * One loaded model of a {@link TabularModelFormat}: scores rows that the SDK has already
 * validated and encoded.
 *
 * <p><b>Threads.</b> {@link #score} and {@link #contributions} are called from many threads at
 * once, at most the predictors' pool size at a time; an implementation whose engine is not
 * thread-safe must serialise its calls itself. {@link #close()} is called once, after the last
 * call has returned.
 *
 * @since 0.1
 */
public interface TabularScorer extends AutoCloseable {

  /**
   * Scores rows.
   *
   * @param features {@code rows * columns} float32 values, row after row, features in the
   *     signature's input order; NaN marks an absent optional feature
   * @param rows the number of rows, at least 1
   * @param columns the number of features per row
   * @return one array of scores per row, all of the same width; for a classifier, the scores of
   *     the classes in the order of the signature output's categories
   * @throws Exception if the engine fails; the SDK reports it as a {@link
   *     dev.mlops.predict.PredictionException} naming the model, version and row count
   */
  float[][] score(float[] features, int rows, int columns) throws Exception;

  /**
   * Whether {@link #contributions} is implemented.
   *
   * @return false by default
   */
  default boolean explains() {
    return false;
  }

  /**
   * Per-feature contributions to the raw outputs (margins) of rows: SHAP values as the engine
   * computes them.
   *
   * @param features as for {@link #score}
   * @param rows the number of rows
   * @param columns the number of features per row
   * @return {@code [row][output][columns + 1]}: for each explained output (see {@link
   *     #explainedClasses()}), one contribution per feature and the bias last; contributions plus
   *     bias equal the margin
   * @throws UnsupportedOperationException if {@link #explains()} is false
   * @throws Exception if the engine fails
   */
  default float[][][] contributions(float[] features, int rows, int columns) throws Exception {
    throw new UnsupportedOperationException("This model computes no feature contributions");
  }

  /**
   * For each output of {@link #contributions}, the class whose margin it explains, as an index
   * into the signature output's categories (and the scores), or -1 for a model with one
   * unlabelled output such as a regressor.
   *
   * @return one entry per explained output; empty where {@link #explains()} is false
   */
  default int[] explainedClasses() {
    return new int[0];
  }

  /** Frees the model. */
  @Override
  void close();
}

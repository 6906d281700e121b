package dev.mlops.djl.internal;

/**
 * What scores encoded rows for a {@link LoadedModel}: a pool of DJL predictors ({@link
 * DjlScoringEngine}) or a plugged-in format's own engine ({@link PluginScoringEngine}). Thread-safe;
 * each bounds the calls that run at once by the pool size.
 */
interface ScoringEngine {

  /**
   * Scores a batch.
   *
   * @param batch valid, encoded rows
   * @return one row of scores per input row
   * @throws Exception if the engine fails; the caller names the model and version
   */
  ScoreBatch score(EncodedBatch batch) throws Exception;

  /**
   * Feature contributions of a batch, as {@link dev.mlops.djl.spi.TabularScorer#contributions}.
   *
   * @param batch valid, encoded rows
   * @return {@code [row][output][columns + 1]}, the bias last
   * @throws UnsupportedOperationException if the engine computes none
   * @throws Exception if the engine fails
   */
  float[][][] contributions(EncodedBatch batch) throws Exception;

  /**
   * For each output of {@link #contributions}, the class it explains, or -1.
   *
   * @return one entry per explained output
   */
  int[] explainedClasses();

  /**
   * How many native arrays the engine holds, a leak check; 0 where the engine has none.
   *
   * @return the count
   */
  int openNativeArrays();

  /** Frees the engine; called once, after the last call. */
  void close();
}

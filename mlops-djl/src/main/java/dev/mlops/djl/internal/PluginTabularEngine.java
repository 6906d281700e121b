package dev.mlops.djl.internal;

import dev.mlops.djl.spi.TabularScorer;

/**
 * Scores a float matrix with the model of a format plugged in through {@link
 * dev.mlops.djl.spi.TabularModelFormat} (such as {@code mlops-xgboost}'s): rows are validated and
 * encoded as for a DJL model ({@link TabularEncoder}), and the plug-in's {@link TabularScorer}
 * scores them and, where it can, computes their feature contributions. The loaded model's pool
 * permits bound the calls in it; whether they may overlap is the scorer's business.
 */
final class PluginTabularEngine extends MatrixTabularEngine {

  private final TabularScorer scorer;

  PluginTabularEngine(TabularScorer scorer, TabularEncoder encoder) {
    super(encoder);
    this.scorer = scorer;
  }

  @Override
  public RowScores score(EncodedBatch batch) throws Exception {
    float[][] scores = scorer.score(batch.values(), batch.rows(), batch.columns());
    int width = scores.length == 0 ? 0 : scores[0].length;
    double[] flat = new double[scores.length * width];
    for (int r = 0; r < scores.length; r++) {
      if (scores[r].length != width) {
        throw new IllegalStateException("the engine returned rows of " + width + " and "
            + scores[r].length + " scores");
      }
      for (int i = 0; i < width; i++) {
        flat[r * width + i] = scores[r][i];
      }
    }
    return new RowScores(flat, scores.length, width, null);
  }

  @Override
  public int[] explainedClasses() {
    return scorer.explains() ? scorer.explainedClasses() : new int[0];
  }

  @Override
  public float[][][] contributions(EncodedBatch batch) throws Exception {
    if (!scorer.explains()) {
      return super.contributions(batch);
    }
    return scorer.contributions(batch.values(), batch.rows(), batch.columns());
  }

  @Override
  public int openNativeValues() {
    return 0;
  }

  @Override
  public void close() {
    scorer.close();
  }
}

package dev.mlops.djl.internal;

import dev.mlops.djl.spi.TabularScorer;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ModelVersion;
import java.util.concurrent.Semaphore;

/**
 * A plugged-in format's model ({@link TabularScorer}), with at most {@code poolSize} calls in it
 * at once, as for a DJL pool; whether those calls may overlap is the scorer's business.
 */
final class PluginScoringEngine implements ScoringEngine {

  private final ModelVersion version;
  private final TabularScorer scorer;
  private final Semaphore permits;

  PluginScoringEngine(ModelVersion version, TabularScorer scorer, int poolSize) {
    this.version = version;
    this.scorer = scorer;
    this.permits = new Semaphore(poolSize, true);
  }

  @Override
  public ScoreBatch score(EncodedBatch batch) throws Exception {
    float[][] scores;
    acquire();
    try {
      scores = scorer.score(batch.values(), batch.rows(), batch.columns());
    } finally {
      permits.release();
    }
    int width = scores.length == 0 ? 0 : scores[0].length;
    float[] flat = new float[scores.length * width];
    for (int r = 0; r < scores.length; r++) {
      if (scores[r].length != width) {
        throw new IllegalStateException("the engine returned rows of " + width + " and "
            + scores[r].length + " scores");
      }
      System.arraycopy(scores[r], 0, flat, r * width, width);
    }
    return new ScoreBatch(flat, scores.length, width);
  }

  @Override
  public float[][][] contributions(EncodedBatch batch) throws Exception {
    if (!scorer.explains()) {
      throw new UnsupportedOperationException("format '" + version.format()
          + "' computes no feature contributions");
    }
    acquire();
    try {
      return scorer.contributions(batch.values(), batch.rows(), batch.columns());
    } finally {
      permits.release();
    }
  }

  @Override
  public int[] explainedClasses() {
    return scorer.explainedClasses();
  }

  @Override
  public int openNativeArrays() {
    return 0;
  }

  @Override
  public void close() {
    scorer.close();
  }

  private void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PredictionException("Interrupted while waiting to call model '" + version.name()
          + "' version " + version.version(), e);
    }
  }
}

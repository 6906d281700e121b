package dev.mlops.djl.internal;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ModelVersion;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * A DJL model with a bounded pool of DJL predictors, which are not thread-safe on their own: each
 * call borrows one, so at most {@code poolSize} calls run in the engine at once and the rest wait
 * for a free predictor.
 */
final class DjlScoringEngine implements ScoringEngine {

  private final ModelVersion version;
  private final ZooModel<EncodedBatch, ScoreBatch> model;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Predictor<EncodedBatch, ScoreBatch>> idle =
      new ConcurrentLinkedQueue<>();

  DjlScoringEngine(ModelVersion version, ZooModel<EncodedBatch, ScoreBatch> model, int poolSize) {
    this.version = version;
    this.model = model;
    this.permits = new Semaphore(poolSize, true);
  }

  @Override
  public ScoreBatch score(EncodedBatch batch) throws TranslateException {
    Predictor<EncodedBatch, ScoreBatch> predictor = borrow();
    try {
      return predictor.predict(batch);
    } finally {
      idle.offer(predictor);
      permits.release();
    }
  }

  @Override
  public float[][][] contributions(EncodedBatch batch) {
    throw new UnsupportedOperationException("format '" + version.format()
        + "' is served by a DJL engine, which computes no feature contributions");
  }

  @Override
  public int[] explainedClasses() {
    return new int[0];
  }

  @Override
  public int openNativeArrays() {
    return model.getNDManager().getManagedArrays().size();
  }

  @Override
  public void close() {
    Predictor<EncodedBatch, ScoreBatch> p;
    while ((p = idle.poll()) != null) {
      p.close();
    }
    model.close();
  }

  private Predictor<EncodedBatch, ScoreBatch> borrow() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PredictionException("Interrupted while waiting for a free predictor of model '"
          + version.name() + "' version " + version.version(), e);
    }
    Predictor<EncodedBatch, ScoreBatch> p = idle.poll();
    if (p != null) {
      return p;
    }
    try {
      return model.newPredictor();
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }
}

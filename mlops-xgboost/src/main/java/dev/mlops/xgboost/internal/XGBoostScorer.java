package dev.mlops.xgboost.internal;

import dev.mlops.djl.spi.TabularScorer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jspecify.annotations.Nullable;

/**
 * Scores rows with one booster shared by every calling thread. XGBoost documents prediction,
 * contributions included, as thread-safe for tree boosters ({@code gbtree}, {@code dart}) since
 * 1.4; calls on a {@code gblinear} booster, for which it promises nothing, take a lock.
 *
 * <p>Scores: {@code binary:logistic} gives {@code [1 - p, p]}, the probabilities of classes 0 and
 * 1, where {@code p} is XGBoost's own output; {@code multi:softprob} (and {@code multi:softmax},
 * served as {@code multi:softprob}) the probability of each class; every other objective its
 * output as XGBoost's {@code predict} returns it (one value per target).
 */
final class XGBoostScorer implements TabularScorer {

  private final XGBoostModel model;
  private final Booster booster;
  private final boolean twoClasses;
  private final int[] explainedClasses;
  private final @Nullable ReentrantLock lock;

  XGBoostScorer(XGBoostModel model) {
    this.model = model;
    this.booster = model.booster;
    XGBoostModelDescription d = model.description;
    this.twoClasses = d.objective().equals("binary:logistic");
    int outputs = d.objective().startsWith("multi:") ? d.classes() : twoClasses ? 1 : d.targets();
    this.explainedClasses = twoClasses ? new int[] {1}
        : outputs == 1 && !d.isClassifier() ? new int[] {-1}
        : IntStream.range(0, outputs).toArray();
    this.lock = d.booster().equals("gblinear") ? new ReentrantLock() : null;
  }

  @Override
  public float[][] score(float[] features, int rows, int columns) throws XGBoostError {
    float[][] out;
    lock();
    try {
      out = model.predict(features, rows, columns);
    } finally {
      unlock();
    }
    if (!twoClasses) {
      return out;
    }
    float[][] both = new float[out.length][];
    for (int r = 0; r < out.length; r++) {
      float p = out[r][0];
      both[r] = new float[] {1f - p, p};
    }
    return both;
  }

  @Override
  public boolean explains() {
    return true;
  }

  @Override
  public float[][][] contributions(float[] features, int rows, int columns) throws XGBoostError {
    DMatrix matrix = new DMatrix(features, rows, columns, Float.NaN);
    float[][] flat;
    lock();
    try {
      flat = booster.predictContrib(matrix, 0);
    } finally {
      unlock();
      matrix.dispose();
    }
    int perOutput = columns + 1;
    float[][][] out = new float[rows][][];
    for (int r = 0; r < rows; r++) {
      int outputs = flat[r].length / perOutput;
      out[r] = new float[outputs][perOutput];
      for (int k = 0; k < outputs; k++) {
        System.arraycopy(flat[r], k * perOutput, out[r][k], 0, perOutput);
      }
    }
    return out;
  }

  @Override
  public int[] explainedClasses() {
    return explainedClasses.clone();
  }

  @Override
  public void close() {
    booster.dispose();
  }

  private void lock() {
    if (lock != null) {
      lock.lock();
    }
  }

  private void unlock() {
    if (lock != null) {
      lock.unlock();
    }
  }
}

package dev.mlops.djl.internal;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Scores a float matrix with a DJL model (TorchScript, the SDK's own {@code djl} format, or an
 * ONNX model when ONNX Runtime's own API is not on the class path). DJL's {@link Predictor} is not
 * thread-safe: each call borrows one from a queue, creating it the first time; the loaded model's
 * pool permits bound how many exist.
 */
final class DjlTabularEngine extends MatrixTabularEngine {

  private final ZooModel<EncodedBatch, ScoreBatch> model;
  private final ConcurrentLinkedQueue<Predictor<EncodedBatch, ScoreBatch>> idle =
      new ConcurrentLinkedQueue<>();

  DjlTabularEngine(ZooModel<EncodedBatch, ScoreBatch> model, TabularEncoder encoder) {
    super(encoder);
    this.model = model;
  }

  @Override
  public RowScores score(EncodedBatch batch) throws TranslateException {
    Predictor<EncodedBatch, ScoreBatch> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor();
    }
    try {
      return RowScores.of(predictor.predict(batch));
    } finally {
      idle.offer(predictor);
    }
  }

  @Override
  public int openNativeValues() {
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
}

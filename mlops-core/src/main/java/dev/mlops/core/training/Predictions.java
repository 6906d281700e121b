package dev.mlops.core.training;

import dev.mlops.training.Dataset;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Scores a hold-out set in batches (bounded memory however large it is) and checks what the model
 * returns: one score vector per row, of the expected width, with finite values.
 */
final class Predictions {

  static final int BATCH_SIZE = 512;

  /** Receives one row's scores. */
  interface Sink {
    void accept(int row, double[] scores);
  }

  private Predictions() {}

  /**
   * Scores every row.
   *
   * @throws IllegalArgumentException if the model returns the wrong number of rows or scores
   * @throws TrainingException if a score is NaN or infinite (the usual sign of a diverged model)
   */
  static void score(TrainedModel model, Dataset holdout, int width, String what, Sink sink) {
    if (holdout.size() == 0) {
      throw new IllegalArgumentException("The hold-out set is empty; there is nothing to evaluate");
    }
    for (int start = 0; start < holdout.size(); start += BATCH_SIZE) {
      int end = Math.min(start + BATCH_SIZE, holdout.size());
      List<Map<String, @Nullable Object>> rows = new ArrayList<>(end - start);
      for (int r = start; r < end; r++) {
        rows.add(holdout.features(r));
      }
      List<double[]> scores = model.predict(rows);
      if (scores.size() != rows.size()) {
        throw new IllegalArgumentException("The model returned " + scores.size()
            + " predictions for " + rows.size() + " hold-out rows");
      }
      for (int r = start; r < end; r++) {
        double[] s = scores.get(r - start);
        if (s.length != width) {
          throw new IllegalArgumentException("The model returned " + s.length
              + " values for hold-out row " + r + " but " + width + " were expected ("
              + what + ")");
        }
        for (double v : s) {
          if (!Double.isFinite(v)) {
            throw new TrainingException("The model scored hold-out row " + r + " as " + v
                + "; training has probably diverged (check the learning rate and the data)");
          }
        }
        sink.accept(r, s);
      }
    }
  }
}

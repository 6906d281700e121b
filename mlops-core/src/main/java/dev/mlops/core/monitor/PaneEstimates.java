package dev.mlops.core.monitor;

import dev.mlops.core.estimation.BinaryEstimateAccumulator;
import dev.mlops.core.estimation.MulticlassEstimateAccumulator;
import dev.mlops.core.estimation.PerformanceEstimate;
import dev.mlops.core.estimation.RegressionEstimateAccumulator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estimate accumulator of one version's sampled predictions in a pane (or a window, or a
 * fleet's partials of it), whichever kind the version's {@link WindowEstimator} keeps: it takes a
 * prediction's scores (and a regression model's input) as the monitor sees them, merges with
 * another of the same version, and becomes bytes for the fleet store. Guarded by the monitor's
 * fold lock.
 */
abstract sealed class PaneEstimates {

  private static final Logger LOG = LoggerFactory.getLogger(PaneEstimates.class);

  private PaneEstimates() {}

  /**
   * Adds a sampled prediction's scores and input (the input matters only to a regression
   * model's); scores that are not probabilities of the version's classes are left out (the
   * outcome check names them when their labels arrive).
   */
  abstract void add(List<Double> scores, @Nullable Map<String, ?> input);

  /**
   * Adds another accumulator of the same version.
   *
   * @throws IllegalArgumentException if it is of the other kind
   */
  abstract void merge(PaneEstimates other);

  abstract long rows();

  /**
   * Why the last rows left out were left out (only a regression model's loss models leave rows
   * out), or null.
   */
  @Nullable String failure() {
    return null;
  }

  /** The estimate of the rows added; only with rows. */
  abstract PerformanceEstimate estimate();

  /** The bytes of the accumulator, which its {@link WindowEstimator#read} reads. */
  abstract byte[] toBytes();

  static PaneEstimates binary(BinaryEstimateAccumulator accumulator) {
    return new Binary(accumulator);
  }

  /** A regression model's accumulator of the loss models' predicted errors. */
  static PaneEstimates regression(RegressionEstimateAccumulator accumulator) {
    return new Regression(accumulator);
  }

  /** A multi-class accumulator, fed rows of {@code classes} scores. */
  static PaneEstimates multiclass(MulticlassEstimateAccumulator accumulator, int classes) {
    return new Multiclass(accumulator, classes);
  }

  private static boolean probability(double score) {
    return score >= 0.0 && score <= 1.0;
  }

  private static IllegalArgumentException otherKind(PaneEstimates one, PaneEstimates other) {
    return new IllegalArgumentException("Cannot merge " + other.getClass().getSimpleName()
        + " estimates into " + one.getClass().getSimpleName() + " ones");
  }

  /** A binary classifier's: the positive class's score (the only one, or the second). */
  private static final class Binary extends PaneEstimates {
    private final BinaryEstimateAccumulator accumulator;

    Binary(BinaryEstimateAccumulator accumulator) {
      this.accumulator = accumulator;
    }

    @Override
    void add(List<Double> scores, @Nullable Map<String, ?> input) {
      if (scores.isEmpty() || scores.size() > 2) {
        return;
      }
      double score = scores.size() == 1 ? scores.get(0) : scores.get(1);
      if (probability(score)) {
        accumulator.add(score);
      }
    }

    @Override
    void merge(PaneEstimates other) {
      if (!(other instanceof Binary binary)) {
        throw otherKind(this, other);
      }
      accumulator.merge(binary.accumulator);
    }

    @Override
    long rows() {
      return accumulator.rows();
    }

    @Override
    PerformanceEstimate estimate() {
      return accumulator.estimate();
    }

    @Override
    byte[] toBytes() {
      return accumulator.toBytes();
    }
  }

  /** A classifier's of more classes: one score per class, in the order of the classes. */
  private static final class Multiclass extends PaneEstimates {
    private final MulticlassEstimateAccumulator accumulator;
    private final int classes;

    Multiclass(MulticlassEstimateAccumulator accumulator, int classes) {
      this.accumulator = accumulator;
      this.classes = classes;
    }

    @Override
    void add(List<Double> scores, @Nullable Map<String, ?> input) {
      if (scores.size() != classes) {
        return;
      }
      double[] row = new double[classes];
      for (int c = 0; c < classes; c++) {
        row[c] = scores.get(c);
        if (!probability(row[c])) {
          return;
        }
      }
      accumulator.add(row);
    }

    @Override
    void merge(PaneEstimates other) {
      if (!(other instanceof Multiclass multiclass)) {
        throw otherKind(this, other);
      }
      accumulator.merge(multiclass.accumulator);
    }

    @Override
    long rows() {
      return accumulator.rows();
    }

    @Override
    PerformanceEstimate estimate() {
      return accumulator.estimate();
    }

    @Override
    byte[] toBytes() {
      return accumulator.toBytes();
    }
  }

  /**
   * A regression model's: the sampled row's input and its predicted value (the first score). The
   * loss models run on the waiting rows in batches, under the fold lock: when a batch is full, and
   * before the accumulator is merged, estimated or written. A batch they fail on is left out with
   * a warning, for monitoring must never break predictions.
   */
  private static final class Regression extends PaneEstimates {
    private final RegressionEstimateAccumulator accumulator;
    private @Nullable String failure;

    Regression(RegressionEstimateAccumulator accumulator) {
      this.accumulator = accumulator;
    }

    @Override
    void add(List<Double> scores, @Nullable Map<String, ?> input) {
      if (input == null || scores.isEmpty() || !Double.isFinite(scores.get(0))) {
        return;
      }
      try {
        accumulator.add(input, scores.get(0));
      } catch (RuntimeException e) {
        leftOut(e);
      }
    }

    @Override
    void merge(PaneEstimates other) {
      if (!(other instanceof Regression regression)) {
        throw otherKind(this, other);
      }
      flush();
      regression.flush();
      accumulator.merge(regression.accumulator);
      if (regression.failure != null) {
        failure = regression.failure;
      }
    }

    @Override
    long rows() {
      flush();
      return accumulator.rows();
    }

    @Override
    PerformanceEstimate estimate() {
      flush();
      return accumulator.estimate();
    }

    @Override
    byte[] toBytes() {
      flush();
      return accumulator.toBytes();
    }

    @Override
    @Nullable String failure() {
      return failure;
    }

    private void flush() {
      try {
        accumulator.flush();
      } catch (RuntimeException e) {
        leftOut(e);
      }
    }

    private void leftOut(RuntimeException e) {
      failure = e.toString();
      LOG.warn("Sampled rows left out of a regression model's estimated MAE and RMSE: its"
          + " direct loss estimator's loss models failed on them: {}", e.toString());
    }
  }
}

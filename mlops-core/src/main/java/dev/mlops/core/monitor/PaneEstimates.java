package dev.mlops.core.monitor;

import dev.mlops.core.estimation.BinaryEstimateAccumulator;
import dev.mlops.core.estimation.MulticlassEstimateAccumulator;
import dev.mlops.core.estimation.PerformanceEstimate;
import java.util.List;

/**
 * The estimate accumulator of one version's sampled predictions in a pane (or a window, or a
 * fleet's partials of it), whichever kind the version's {@link WindowEstimator} keeps: it takes a
 * prediction's scores as the monitor sees them, merges with another of the same version, and
 * becomes bytes for the fleet store. Guarded by the monitor's fold lock.
 */
abstract sealed class PaneEstimates {

  private PaneEstimates() {}

  /**
   * Adds a sampled prediction's scores; scores that are not probabilities of the version's
   * classes are left out (the outcome check names them when their labels arrive).
   */
  abstract void add(List<Double> scores);

  /**
   * Adds another accumulator of the same version.
   *
   * @throws IllegalArgumentException if it is of the other kind
   */
  abstract void merge(PaneEstimates other);

  abstract long rows();

  /** The estimate of the rows added; only with rows. */
  abstract PerformanceEstimate estimate();

  /** The bytes of the accumulator, which its {@link WindowEstimator#read} reads. */
  abstract byte[] toBytes();

  static PaneEstimates binary(BinaryEstimateAccumulator accumulator) {
    return new Binary(accumulator);
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
    void add(List<Double> scores) {
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
    void add(List<Double> scores) {
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
}

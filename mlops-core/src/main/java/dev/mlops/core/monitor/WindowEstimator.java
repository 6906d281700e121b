package dev.mlops.core.monitor;

import dev.mlops.core.estimation.BinaryEstimateAccumulator;
import dev.mlops.core.estimation.BinaryPerformanceEstimator;
import dev.mlops.core.estimation.DirectLossEstimator;
import dev.mlops.core.estimation.MulticlassEstimateAccumulator;
import dev.mlops.core.estimation.MulticlassPerformanceEstimator;
import dev.mlops.core.estimation.RegressionEstimateAccumulator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The performance estimator of one version's windows: CBPE of a binary classifier, one-vs-rest
 * CBPE of a classifier of more classes, or direct loss estimation of a regression model. It makes
 * the panes' empty {@link PaneEstimates} and reads back the ones a fleet stored.
 */
sealed interface WindowEstimator {

  static WindowEstimator binary(BinaryPerformanceEstimator estimator) {
    return new Binary(estimator);
  }

  static WindowEstimator multiclass(MulticlassPerformanceEstimator estimator) {
    return new Multiclass(estimator);
  }

  static WindowEstimator regression(DirectLossEstimator estimator) {
    return new Regression(estimator);
  }

  /** An empty accumulator. */
  PaneEstimates empty();

  /**
   * An accumulator from the bytes of {@link PaneEstimates#toBytes()}.
   *
   * @throws IllegalArgumentException if the bytes are not an accumulator of this kind and class
   *     count, or are corrupt
   */
  PaneEstimates read(byte[] bytes);

  /**
   * Why this estimator cannot estimate a version with these output classes, or null when it can.
   */
  @Nullable String unfitFor(int version, List<String> classes);

  /** What a window says instead of an estimate when it has no row this estimator takes. */
  default String noRows() {
    return WindowEstimates.NO_ROWS;
  }

  /** CBPE of a binary classifier. */
  record Binary(BinaryPerformanceEstimator estimator) implements WindowEstimator {

    @Override
    public PaneEstimates empty() {
      return PaneEstimates.binary(estimator.accumulator());
    }

    @Override
    public PaneEstimates read(byte[] bytes) {
      return PaneEstimates.binary(BinaryEstimateAccumulator.fromBytes(estimator, bytes));
    }

    @Override
    public @Nullable String unfitFor(int version, List<String> classes) {
      if (classes.isEmpty()) {
        return regressionGivenClassifierEstimator(version, "binary");
      }
      return classes.size() == 2 ? null : "the binary performance estimator given for version "
          + version + " cannot estimate its " + classes.size() + " classes " + classes
          + "; give it a MulticlassPerformanceEstimator";
    }
  }

  /** One-vs-rest CBPE, macro-averaged. */
  record Multiclass(MulticlassPerformanceEstimator estimator) implements WindowEstimator {

    @Override
    public PaneEstimates empty() {
      return PaneEstimates.multiclass(estimator.accumulator(), estimator.classes().size());
    }

    @Override
    public PaneEstimates read(byte[] bytes) {
      return PaneEstimates.multiclass(MulticlassEstimateAccumulator.fromBytes(estimator, bytes),
          estimator.classes().size());
    }

    @Override
    public @Nullable String unfitFor(int version, List<String> classes) {
      if (classes.isEmpty()) {
        return regressionGivenClassifierEstimator(version, "multi-class");
      }
      if (classes.size() == 2) {
        return "version " + version + " is a binary classifier, whose windows measure its"
            + " positive class; give it a BinaryPerformanceEstimator, not a multi-class one";
      }
      return classes.equals(estimator.classes()) ? null
          : "the multi-class performance estimator given for version " + version
              + " has the classes " + estimator.classes() + " but the version's output has "
              + classes;
    }
  }

  /**
   * Direct loss estimation: the panes keep the sums of the loss models' predicted errors of the
   * sampled rows, the loss models running in batches when a pane's rows are folded or read.
   */
  record Regression(DirectLossEstimator estimator) implements WindowEstimator {

    @Override
    public PaneEstimates empty() {
      return PaneEstimates.regression(estimator.accumulator());
    }

    @Override
    public PaneEstimates read(byte[] bytes) {
      return PaneEstimates.regression(RegressionEstimateAccumulator.fromBytes(estimator, bytes));
    }

    @Override
    public @Nullable String unfitFor(int version, List<String> classes) {
      return classes.isEmpty() ? null : "version " + version + " is a classifier of the classes "
          + classes + "; give it a " + (classes.size() == 2 ? "BinaryPerformanceEstimator"
              : "MulticlassPerformanceEstimator") + ", not a DirectLossEstimator";
    }

    @Override
    public String noRows() {
      return WindowEstimates.NO_REGRESSION_ROWS;
    }
  }

  private static String regressionGivenClassifierEstimator(int version, String kind) {
    return "version " + version + " is a regression model (its signature names no classes);"
        + " give it a DirectLossEstimator, not a " + kind + " performance estimator";
  }
}

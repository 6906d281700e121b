package dev.mlops.core.estimation;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Confidence-based performance estimation (CBPE) for a classifier of three or more classes (two
 * work too), one-vs-rest with the definitions of {@link BinaryPerformanceEstimator}, macro-averaged
 * as NannyML does.
 *
 * <p>Definitions (docs/performance-estimation.md): the predicted class of a row is the class of
 * its highest raw score (the first on ties). With {@link Calibration#ISOTONIC}, each class's score
 * is calibrated by an isotonic regression of "the label is this class" on it, fitted on the
 * reference; the calibrated scores of a row are then divided by their sum (a row whose calibrated
 * scores are all 0 gets {@code 1 / k} for each class), as NannyML does. Without calibration the
 * scores are divided by their sum likewise. For each class {@code c}, with {@code p} the row's
 * probability of {@code c}: expected TP, FP, FN and TN, precision, recall, F1 and the expected ROC
 * AUC on the raw score of {@code c} are those of the binary estimator with "predicted {@code c}" as
 * the positive prediction. Accuracy is the sum of every class's expected TP over the row count
 * (the mean probability of the predicted class); precision, recall and F1 are the unweighted means
 * over all classes; ROC AUC is the mean over the classes where it is defined.
 *
 * <p>Immutable and thread-safe once fitted.
 *
 * @since 0.1
 */
public final class MulticlassPerformanceEstimator {

  private final List<String> classes;
  private final EstimatorSettings settings;
  private final @Nullable List<IsotonicCalibrator> calibrators;
  private final SamplingError samplingError;

  private MulticlassPerformanceEstimator(List<String> classes, EstimatorSettings settings,
      @Nullable List<IsotonicCalibrator> calibrators, SamplingError samplingError) {
    this.classes = classes;
    this.settings = settings;
    this.calibrators = calibrators;
    this.samplingError = samplingError;
  }

  /**
   * Starts configuring an estimator. Defaults: isotonic calibration, sampling error from 10
   * reference chunks, 95 % bands.
   *
   * @param classes the class labels, at least two, distinct, in the order of the scores
   * @return a builder
   * @throws IllegalArgumentException if there are fewer than two classes or a class repeats
   * @since 0.1
   */
  public static Builder builder(List<String> classes) {
    List<String> copy = List.copyOf(classes);
    if (copy.size() < 2 || new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException("classes must be at least two distinct labels but were " + copy);
    }
    return new Builder(copy);
  }

  /**
   * The class labels.
   *
   * @return the classes, in the order of the scores
   * @since 0.1
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * Estimates the metrics of rows whose labels are unknown.
   *
   * @param scores per row, one score per class in the order of {@link #classes()}
   * @return the macro-averaged estimates with their bands
   * @throws IllegalArgumentException if there is no row, a row has the wrong number of scores, or a
   *     score is not finite (or, without calibration, not in [0, 1]), naming the row
   * @since 0.1
   */
  public PerformanceEstimate estimate(double[][] scores) {
    Objects.requireNonNull(scores, "scores");
    if (scores.length == 0) {
      throw new IllegalArgumentException("there are no rows to estimate the performance of");
    }
    checkScores(classes, settings, scores, "row");
    return withBands(OneVsRest.metrics(scores, probabilities(scores), 0, scores.length),
        scores.length);
  }

  /**
   * Starts a mergeable accumulation of score rows to estimate from, as a monitor's windows do:
   * each class's expected TP, FP and FN summed exactly and its expected ROC curve over bins of
   * its score ({@link MulticlassEstimateAccumulator}).
   *
   * @return an empty accumulator of this estimator
   * @since 0.1
   */
  public MulticlassEstimateAccumulator accumulator() {
    return new MulticlassEstimateAccumulator(this);
  }

  /** The estimates of the metrics (indexed as in {@link ExpectedMetrics}) with their bands. */
  PerformanceEstimate withBands(double[] metrics, long rows) {
    Map<String, EstimatedMetric> estimates = new LinkedHashMap<>();
    for (int m = 0; m < BinaryPerformanceEstimator.METRICS.size(); m++) {
      if (!Double.isNaN(metrics[m])) {
        estimates.put(BinaryPerformanceEstimator.METRICS.get(m),
            samplingError.band(m, metrics[m], rows, 0.0, 1.0));
      }
    }
    return new PerformanceEstimate(rows, estimates);
  }

  /**
   * Checks one row's scores as {@link #estimate} does.
   *
   * @throws IllegalArgumentException if the row has the wrong number of scores or a score is not
   *     finite (or, without calibration, not in [0, 1])
   */
  void checkRow(double[] scores) {
    if (scores.length != classes.size()) {
      throw new IllegalArgumentException("the row has " + scores.length
          + " scores but there are " + classes.size() + " classes " + classes);
    }
    for (int c = 0; c < scores.length; c++) {
      // The message is built only for a score that fails: this runs once per monitored row.
      if (!Double.isFinite(scores[c]) || !(scores[c] >= 0.0 && scores[c] <= 1.0)) {
        settings.checkScore(scores[c], "the row for class '" + classes.get(c) + "'");
      }
    }
  }

  /**
   * The metrics realized on labelled rows, by the same definitions with each row's actual class as
   * its probabilities (1 for the actual class, 0 for the others).
   *
   * @param scores per row, one score per class
   * @param labels each row's actual class, as an index into {@link #classes()}
   * @return metric name to value; ROC AUC left out when fewer than two classes occur
   * @throws IllegalArgumentException if there is no row, the arrays differ in length, a row has the
   *     wrong number of scores or a score is not finite, or a label is out of range
   * @since 0.1
   */
  public Map<String, Double> realized(double[][] scores, int[] labels) {
    checkLabelled(classes, scores, labels, "rows");
    double[] metrics = OneVsRest.metrics(scores, OneVsRest.oneHot(labels, classes.size()), 0,
        scores.length);
    Map<String, Double> values = new LinkedHashMap<>();
    for (int m = 0; m < BinaryPerformanceEstimator.METRICS.size(); m++) {
      if (!Double.isNaN(metrics[m])) {
        values.put(BinaryPerformanceEstimator.METRICS.get(m), metrics[m]);
      }
    }
    return Collections.unmodifiableMap(values);
  }

  /** Calibrated, row-normalised probabilities, indexed {@code [class][row]}. */
  private double[][] probabilities(double[][] scores) {
    int k = classes.size();
    double[][] p = new double[k][scores.length];
    double[] row = new double[k];
    for (int i = 0; i < scores.length; i++) {
      probabilities(scores[i], row);
      for (int c = 0; c < k; c++) {
        p[c][i] = row[c];
      }
    }
    return p;
  }

  /**
   * One row's calibrated probabilities divided by their sum ({@code 1 / k} each when they sum to
   * 0), written into {@code p}.
   */
  void probabilities(double[] scores, double[] p) {
    int k = classes.size();
    double sum = 0.0;
    for (int c = 0; c < k; c++) {
      p[c] = calibrators == null ? scores[c] : calibrators.get(c).apply(scores[c]);
      sum += p[c];
    }
    for (int c = 0; c < k; c++) {
      p[c] = sum == 0.0 ? 1.0 / k : p[c] / sum;
    }
  }

  private static void checkScores(List<String> classes, EstimatorSettings settings,
      double[][] scores, String what) {
    for (int i = 0; i < scores.length; i++) {
      if (scores[i].length != classes.size()) {
        throw new IllegalArgumentException(what + " " + i + " has " + scores[i].length
            + " scores but there are " + classes.size() + " classes " + classes);
      }
      for (int c = 0; c < classes.size(); c++) {
        settings.checkScore(scores[i][c], what + " " + i + " for class '" + classes.get(c) + "'");
      }
    }
  }

  private static void checkLabelled(List<String> classes, double[][] scores, int[] labels,
      String what) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(labels, "labels");
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("the " + what + " have " + scores.length
          + " score rows but " + labels.length + " labels");
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("the " + what + " are empty");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes.size()) {
        throw new IllegalArgumentException("the label of " + what + " row " + i + " is class index "
            + labels[i] + ", outside the " + classes.size() + " classes " + classes);
      }
      if (scores[i].length != classes.size()) {
        throw new IllegalArgumentException("the " + what + " row " + i + " has " + scores[i].length
            + " scores but there are " + classes.size() + " classes " + classes);
      }
      for (double score : scores[i]) {
        if (!Double.isFinite(score)) {
          throw new IllegalArgumentException(
              "the scores of " + what + " row " + i + " must be finite but include " + score);
        }
      }
    }
  }

  /**
   * Configures and fits a {@link MulticlassPerformanceEstimator}.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final List<String> classes;
    private EstimatorSettings settings = EstimatorSettings.DEFAULT;

    private Builder(List<String> classes) {
      this.classes = classes;
    }

    /**
     * Sets how scores become probabilities.
     *
     * @param value isotonic (the default) or none
     * @return this builder
     * @since 0.1
     */
    public Builder calibration(Calibration value) {
      settings = settings.withCalibration(value);
      return this;
    }

    /**
     * Sets into how many consecutive chunks the reference is cut to measure the sampling error.
     *
     * @param chunks at least 2; default 10
     * @return this builder
     * @throws IllegalArgumentException if fewer than 2
     * @since 0.1
     */
    public Builder referenceChunks(int chunks) {
      settings = settings.withChunks(chunks);
      return this;
    }

    /**
     * Sets the confidence level of the bands.
     *
     * @param level in (0, 1); default 0.95
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1)
     * @since 0.1
     */
    public Builder confidenceLevel(double level) {
      settings = settings.withLevel(level);
      return this;
    }

    /**
     * Fits the estimator on a labelled reference.
     *
     * @param scores per reference row, one score per class in the order of the classes
     * @param labels each reference row's actual class, as an index into the classes
     * @return the fitted estimator
     * @throws IllegalArgumentException if the arrays differ in length, have fewer rows than
     *     chunks, a class never occurs, a label is out of range, or a score is not finite (or,
     *     without calibration, not in [0, 1])
     * @since 0.1
     */
    public MulticlassPerformanceEstimator fit(double[][] scores, int[] labels) {
      checkLabelled(classes, scores, labels, "reference");
      settings.checkReferenceSize(scores.length);
      int k = classes.size();
      long[] counts = new long[k];
      for (int label : labels) {
        counts[label]++;
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          throw new IllegalArgumentException("class '" + classes.get(c)
              + "' never occurs in the reference; every class must, to calibrate and measure it");
        }
      }
      checkScores(classes, settings, scores, "reference row");
      List<IsotonicCalibrator> calibrators = null;
      if (settings.calibration() == Calibration.ISOTONIC) {
        IsotonicCalibrator[] fitted = new IsotonicCalibrator[k];
        for (int c = 0; c < k; c++) {
          double[] column = new double[scores.length];
          boolean[] isClass = new boolean[scores.length];
          for (int i = 0; i < scores.length; i++) {
            column[i] = scores[i][c];
            isClass[i] = labels[i] == c;
          }
          fitted[c] = IsotonicCalibrator.fit(column, isClass);
        }
        calibrators = List.of(fitted);
      }
      double[][] truth = OneVsRest.oneHot(labels, k);
      SamplingError error = SamplingError.measure(scores.length, settings.chunks(),
          BinaryPerformanceEstimator.METRICS.size(), settings.level(),
          (from, to) -> OneVsRest.metrics(scores, truth, from, to));
      return new MulticlassPerformanceEstimator(classes, settings, calibrators, error);
    }
  }
}

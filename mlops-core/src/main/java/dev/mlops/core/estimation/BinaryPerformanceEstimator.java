package dev.mlops.core.estimation;

import dev.mlops.core.metrics.MetricNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Confidence-based performance estimation (CBPE) for a binary classifier: fitted on a reference
 * set with scores and labels, it estimates accuracy, precision, recall, F1 and ROC AUC on a
 * current set with scores only, before its labels arrive.
 *
 * <pre>{@code
 * BinaryPerformanceEstimator cbpe = BinaryPerformanceEstimator.builder()
 *     .threshold(0.5)
 *     .calibration(Calibration.ISOTONIC)
 *     .fit(referenceScores, referenceLabels);
 * PerformanceEstimate estimate = cbpe.estimate(currentScores);
 * double accuracy = estimate.metric("accuracy").value();
 * }</pre>
 *
 * <p>Definitions (docs/performance-estimation.md, reproduced by an independent numpy/scikit-learn
 * script): the predicted class of a row is positive when its raw score is at least the threshold;
 * {@code p}, the row's probability of being positive, is its score calibrated by the {@link
 * Calibration} fitted on the reference; the expected confusion matrix sums {@code p} and {@code 1
 * - p} over the rows predicted positive (TP, FP) and negative (FN, TN), and accuracy, precision,
 * recall and F1 ({@code TP / (TP + (FP + FN) / 2)}) follow from it; ROC AUC is the area under the
 * expected ROC curve (rows by raw score descending, ties grouped, expected TPR and FPR from the
 * cumulative {@code p} and {@code 1 - p}, trapezoids from (0, 0) to (1, 1)). A ratio with a zero
 * denominator is 0; ROC AUC is left out when the expected positives or negatives are zero.
 *
 * <p>Each estimate carries a band from the reference's sampling error ({@link EstimatedMetric}).
 * The estimate is unbiased only while the calibration still holds: it follows shifts in what the
 * model sees (covariate shift), not changes in how the label depends on it (concept drift).
 *
 * <p>Immutable and thread-safe once fitted.
 *
 * @since 0.1
 */
public final class BinaryPerformanceEstimator {

  /** The metrics estimated, in the order of {@link ExpectedMetrics}'s indices. */
  static final List<String> METRICS = List.of(MetricNames.ACCURACY, MetricNames.PRECISION,
      MetricNames.RECALL, MetricNames.F1, MetricNames.ROC_AUC);

  private final double threshold;
  private final EstimatorSettings settings;
  private final @Nullable IsotonicCalibrator calibrator;
  private final SamplingError samplingError;

  private BinaryPerformanceEstimator(double threshold, EstimatorSettings settings,
      @Nullable IsotonicCalibrator calibrator, SamplingError samplingError) {
    this.threshold = threshold;
    this.settings = settings;
    this.calibrator = calibrator;
    this.samplingError = samplingError;
  }

  /**
   * Starts configuring an estimator. Defaults: threshold 0.5, isotonic calibration, sampling error
   * from 10 reference chunks, 95 % bands.
   *
   * @return a builder
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Estimates the metrics of rows whose labels are unknown.
   *
   * @param scores each row's score of the positive class
   * @return the estimates with their bands
   * @throws IllegalArgumentException if there is no row, or a score is not finite (or, without
   *     calibration, not in [0, 1]), naming the row
   * @since 0.1
   */
  public PerformanceEstimate estimate(double[] scores) {
    Objects.requireNonNull(scores, "scores");
    if (scores.length == 0) {
      throw new IllegalArgumentException("there are no rows to estimate the performance of");
    }
    checkScores(scores);
    return withBands(ExpectedMetrics.binary(scores, predictedPositive(scores),
        probabilities(scores), 0, scores.length), scores.length);
  }

  /**
   * Starts a mergeable accumulation of scores to estimate from, as a monitor's windows do: the
   * expected confusion matrix summed exactly and the expected ROC curve over bins of the score
   * ({@link BinaryEstimateAccumulator}).
   *
   * @return an empty accumulator of this estimator
   * @since 0.1
   */
  public BinaryEstimateAccumulator accumulator() {
    return new BinaryEstimateAccumulator(this);
  }

  /** The estimates of the metrics (indexed as in {@link ExpectedMetrics}) with their bands. */
  PerformanceEstimate withBands(double[] metrics, long rows) {
    Map<String, EstimatedMetric> estimates = new LinkedHashMap<>();
    for (int m = 0; m < METRICS.size(); m++) {
      if (!Double.isNaN(metrics[m])) {
        estimates.put(METRICS.get(m), samplingError.band(m, metrics[m], rows, 0.0, 1.0));
      }
    }
    return new PerformanceEstimate(rows, estimates);
  }

  /**
   * The metrics realized on labelled rows, by the same definitions with each row's label as its
   * probability (which gives the usual confusion matrix and scikit-learn's {@code roc_auc_score}),
   * so that they can be compared with an estimate.
   *
   * @param scores each row's score of the positive class
   * @param labels each row's label, true for positive
   * @return metric name to value, in the order of the estimates; ROC AUC left out when one class
   *     is missing
   * @throws IllegalArgumentException if there is no row, the arrays differ in length, or a score is
   *     not finite
   * @since 0.1
   */
  public Map<String, Double> realized(double[] scores, boolean[] labels) {
    checkLabelled(scores, labels, "rows");
    double[] metrics = ExpectedMetrics.binary(scores, predictedPositive(scores),
        asProbabilities(labels), 0, scores.length);
    Map<String, Double> values = new LinkedHashMap<>();
    for (int m = 0; m < METRICS.size(); m++) {
      if (!Double.isNaN(metrics[m])) {
        values.put(METRICS.get(m), metrics[m]);
      }
    }
    return Collections.unmodifiableMap(values);
  }

  /**
   * The probability of being positive that the estimator assigns to a score.
   *
   * @param score a finite score
   * @return the calibrated score, or the score itself without calibration
   * @throws IllegalArgumentException if the score is not finite
   * @since 0.1
   */
  public double probability(double score) {
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite but was " + score);
    }
    return calibrator == null ? score : calibrator.apply(score);
  }

  /**
   * The decision threshold.
   *
   * @return rows whose score is at least this are predicted positive
   * @since 0.1
   */
  public double threshold() {
    return threshold;
  }

  /**
   * The calibration.
   *
   * @return isotonic or none
   * @since 0.1
   */
  public Calibration calibration() {
    return settings.calibration();
  }

  private boolean[] predictedPositive(double[] scores) {
    boolean[] predicted = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      predicted[i] = scores[i] >= threshold;
    }
    return predicted;
  }

  private double[] probabilities(double[] scores) {
    double[] p = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      p[i] = calibrator == null ? scores[i] : calibrator.apply(scores[i]);
    }
    return p;
  }

  private static double[] asProbabilities(boolean[] labels) {
    double[] p = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      p[i] = labels[i] ? 1.0 : 0.0;
    }
    return p;
  }

  private void checkScores(double[] scores) {
    for (int i = 0; i < scores.length; i++) {
      settings.checkScore(scores[i], "row " + i);
    }
  }

  private static void checkLabelled(double[] scores, boolean[] labels, String what) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(labels, "labels");
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("the " + what + " have " + scores.length + " scores but "
          + labels.length + " labels");
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("the " + what + " are empty");
    }
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException(
            "the score of " + what + " row " + i + " must be finite but was " + scores[i]);
      }
    }
  }

  /**
   * Configures and fits a {@link BinaryPerformanceEstimator}.
   *
   * @since 0.1
   */
  public static final class Builder {
    private double threshold = 0.5;
    private EstimatorSettings settings = EstimatorSettings.DEFAULT;

    private Builder() {}

    /**
     * Sets the decision threshold on the raw score.
     *
     * @param value rows scoring at least this are predicted positive; default 0.5
     * @return this builder
     * @throws IllegalArgumentException if the value is not finite
     * @since 0.1
     */
    public Builder threshold(double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("threshold must be finite but was " + value);
      }
      this.threshold = value;
      return this;
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
     * Sets into how many consecutive chunks the reference is cut to measure the sampling error of
     * the realized metrics, which sets the width of the bands.
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
     * Fits the estimator on a labelled reference: the calibration, and the sampling error of the
     * realized metrics over the reference's chunks (in the order given).
     *
     * @param scores each reference row's score of the positive class
     * @param labels each reference row's label, true for positive
     * @return the fitted estimator
     * @throws IllegalArgumentException if the arrays differ in length, have fewer rows than
     *     chunks, lack a class, or a score is not finite (or, without calibration, not in [0, 1])
     * @since 0.1
     */
    public BinaryPerformanceEstimator fit(double[] scores, boolean[] labels) {
      checkLabelled(scores, labels, "reference");
      settings.checkReferenceSize(scores.length);
      int positives = 0;
      for (int i = 0; i < scores.length; i++) {
        settings.checkScore(scores[i], "reference row " + i);
        positives += labels[i] ? 1 : 0;
      }
      if (positives == 0 || positives == scores.length) {
        throw new IllegalArgumentException("the reference must have both classes but all its "
            + scores.length + " rows are " + (positives == 0 ? "negative" : "positive"));
      }
      IsotonicCalibrator calibrator = settings.calibration() == Calibration.ISOTONIC
          ? IsotonicCalibrator.fit(scores, labels) : null;
      boolean[] predicted = new boolean[scores.length];
      for (int i = 0; i < scores.length; i++) {
        predicted[i] = scores[i] >= threshold;
      }
      double[] truth = asProbabilities(labels);
      SamplingError error = SamplingError.measure(scores.length, settings.chunks(), METRICS.size(),
          settings.level(), (from, to) -> ExpectedMetrics.binary(scores, predicted, truth, from, to));
      return new BinaryPerformanceEstimator(threshold, settings, calibrator, error);
    }
  }
}

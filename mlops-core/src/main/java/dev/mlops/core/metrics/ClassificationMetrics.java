package dev.mlops.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Accumulates the class probabilities and actual classes of labelled predictions and reports the
 * classification metrics over all of them ({@link ClassificationReport} says how each is computed).
 *
 * <p>Used by the training evaluators over a hold-out set and by the production monitor over a
 * window of labelled predictions. Every row is kept, in primitive arrays, so that ROC AUC and PR
 * AUC are exact and so that {@link #merge merging} accumulators gives exactly the report of one
 * accumulator fed all their rows: memory is O(rows × classes) (8 bytes per probability plus 4 per
 * row), and callers bound it by the size of their window or data set.
 *
 * <p>For a binary problem (two classes) the positive class is the second one by default, as in
 * scikit-learn with sorted labels such as {@code {0, 1}} or {@code {no, yes}}.
 *
 * <p>Not thread-safe: confine an accumulator to one thread, or merge per-thread accumulators.
 *
 * @since 0.1
 */
public final class ClassificationMetrics {

  private static final double LOG_LOSS_EPSILON = 1e-15;
  private static final int CALIBRATION_BINS = 10;

  private final List<String> classes;
  private final int positiveIndex;
  /** The positive class's probability from which a row is predicted positive; NaN: arg max. */
  private final double threshold;
  private final GrowableDoubleArray probabilities = new GrowableDoubleArray();
  private final GrowableIntArray actuals = new GrowableIntArray();

  /**
   * Creates an accumulator for the given classes; for two classes the second is the positive one.
   *
   * @param classes the class labels, at least two, distinct, in the order of the probabilities
   * @throws IllegalArgumentException if there are fewer than two classes or a class repeats
   * @since 0.1
   */
  public ClassificationMetrics(List<String> classes) {
    this.classes = checkedClasses(classes);
    this.positiveIndex = this.classes.size() == 2 ? 1 : -1;
    this.threshold = Double.NaN;
  }

  /**
   * Creates an accumulator for a binary problem with an explicit positive class.
   *
   * @param classes the two class labels, distinct, in the order of the probabilities
   * @param positiveClass the class whose precision, recall, F1, ROC AUC and PR AUC are reported
   * @throws IllegalArgumentException if there are not exactly two distinct classes, or the
   *     positive class is not one of them
   * @since 0.1
   */
  public ClassificationMetrics(List<String> classes, String positiveClass) {
    this.classes = checkedClasses(classes);
    if (this.classes.size() != 2) {
      throw new IllegalArgumentException(
          "a positive class applies to binary problems only, but there are "
              + this.classes.size() + " classes: " + this.classes
              + ". Use the constructor without a positive class for macro averages.");
    }
    this.positiveIndex = this.classes.indexOf(positiveClass);
    if (positiveIndex < 0) {
      throw new IllegalArgumentException(
          "the positive class '" + positiveClass + "' is not one of the classes " + this.classes);
    }
    this.threshold = Double.NaN;
  }

  /**
   * Creates an accumulator for a binary problem that predicts the positive class when its
   * probability is at least a threshold (instead of the more probable class). The threshold
   * changes accuracy, precision, recall, F1 and the calibration error, not the ranking metrics or
   * the log loss.
   *
   * @param classes the two class labels, distinct, in the order of the probabilities
   * @param positiveClass the positive class
   * @param threshold the decision threshold, in {@code [0, 1]}
   * @throws IllegalArgumentException if there are not exactly two distinct classes, the positive
   *     class is not one of them, or the threshold is outside {@code [0, 1]}
   * @since 0.1
   */
  public ClassificationMetrics(List<String> classes, String positiveClass, double threshold) {
    this.classes = checkedClasses(classes);
    if (this.classes.size() != 2) {
      throw new IllegalArgumentException("a decision threshold applies to binary problems only,"
          + " but there are " + this.classes.size() + " classes: " + this.classes);
    }
    this.positiveIndex = this.classes.indexOf(positiveClass);
    if (positiveIndex < 0) {
      throw new IllegalArgumentException(
          "the positive class '" + positiveClass + "' is not one of the classes " + this.classes);
    }
    if (!(threshold >= 0.0 && threshold <= 1.0)) {
      throw new IllegalArgumentException(
          "the decision threshold must be in [0, 1] but was " + threshold);
    }
    this.threshold = threshold;
  }

  private static List<String> checkedClasses(List<String> classes) {
    List<String> copy = List.copyOf(classes);
    if (copy.size() < 2) {
      throw new IllegalArgumentException(
          "classification needs at least two classes but got " + copy);
    }
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException("classes must be distinct but were " + copy);
    }
    return copy;
  }

  /**
   * The class labels, in the order of the probabilities.
   *
   * @return the classes, unmodifiable
   * @since 0.1
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * Adds a labelled prediction.
   *
   * @param probabilities the predicted probability of each class, in the order of {@link
   *     #classes()}, each in {@code [0, 1]}; copied
   * @param actual the actual class
   * @throws IllegalArgumentException if the actual class is unknown, or the probabilities have the
   *     wrong length or a value that is NaN or outside {@code [0, 1]}; nothing is added then
   * @since 0.1
   */
  public void add(double[] probabilities, String actual) {
    Objects.requireNonNull(actual, "actual");
    int index = classes.indexOf(actual);
    if (index < 0) {
      throw new IllegalArgumentException(
          "Unknown actual class '" + actual + "'. Known classes: " + String.join(", ", classes)
              + ".");
    }
    add(probabilities, index);
  }

  /**
   * Adds a labelled prediction whose actual class is given by its index in {@link #classes()}.
   *
   * @param probabilities the predicted probability of each class, in the order of {@link
   *     #classes()}, each in {@code [0, 1]}; copied
   * @param actualIndex the index of the actual class
   * @throws IllegalArgumentException if the index is out of range, or the probabilities have the
   *     wrong length or a value that is NaN or outside {@code [0, 1]}; nothing is added then
   * @since 0.1
   */
  public void add(double[] probabilities, int actualIndex) {
    Objects.requireNonNull(probabilities, "probabilities");
    if (actualIndex < 0 || actualIndex >= classes.size()) {
      throw new IllegalArgumentException(
          "actual class index " + actualIndex + " is out of range: there are " + classes.size()
              + " classes " + classes);
    }
    if (probabilities.length != classes.size()) {
      throw new IllegalArgumentException(
          "expected " + classes.size() + " probabilities, one per class " + classes + ", but got "
              + probabilities.length + ": " + Arrays.toString(probabilities));
    }
    for (int k = 0; k < probabilities.length; k++) {
      double p = probabilities[k];
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException(
            "the probability of class '" + classes.get(k) + "' must be in [0, 1] but was " + p
                + " in " + Arrays.toString(probabilities));
      }
    }
    for (double p : probabilities) {
      // Adding 0.0 turns -0.0 into 0.0, so equal scores sort and compare as one.
      this.probabilities.add(p + 0.0);
    }
    actuals.add(actualIndex);
  }

  /**
   * Adds all rows of another accumulator, after the rows of this one. The report is then exactly
   * that of one accumulator fed this one's rows followed by the other's.
   *
   * @param other an accumulator over the same classes with the same positive class; may be this
   * @throws IllegalArgumentException if the classes or the positive class differ
   * @since 0.1
   */
  public void merge(ClassificationMetrics other) {
    Objects.requireNonNull(other, "other");
    if (!classes.equals(other.classes) || positiveIndex != other.positiveIndex
        || Double.compare(threshold, other.threshold) != 0) {
      throw new IllegalArgumentException(
          "cannot merge metrics over classes " + other.classes + describePositive(other)
              + " into metrics over classes " + classes + describePositive(this));
    }
    probabilities.addAll(other.probabilities);
    actuals.addAll(other.actuals);
  }

  private static String describePositive(ClassificationMetrics metrics) {
    return metrics.positiveIndex < 0
        ? ""
        : " (positive '" + metrics.classes.get(metrics.positiveIndex) + "')";
  }

  /**
   * The number of rows added.
   *
   * @return the count
   * @since 0.1
   */
  public long count() {
    return actuals.size();
  }

  /**
   * The counts of the rows by actual class and predicted (most probable) class.
   *
   * @return a new confusion matrix
   * @since 0.1
   */
  public ConfusionMatrix confusionMatrix() {
    int k = classes.size();
    long[][] counts = new long[k][k];
    for (int row = 0; row < actuals.size(); row++) {
      counts[actuals.get(row)][predicted(row)]++;
    }
    return new ConfusionMatrix(classes, counts);
  }

  /**
   * Computes every metric over the rows added so far; see {@link ClassificationReport} for the
   * definitions. Takes O(rows × classes × log rows) time.
   *
   * @return the report; every metric NaN when no row was added
   * @since 0.1
   */
  public ClassificationReport report() {
    ConfusionMatrix matrix = confusionMatrix();
    int n = actuals.size();
    if (n == 0) {
      double nan = Double.NaN;
      return new ClassificationReport(0, nan, nan, nan, nan, nan, nan, nan, nan, matrix);
    }
    long[][] counts = matrix.counts();
    long correct = 0;
    for (int k = 0; k < counts.length; k++) {
      correct += counts[k][k];
    }
    double[] precisionRecallF1 = precisionRecallF1(counts);
    double[] aucs = rankingMetrics();
    return new ClassificationReport(
        n,
        (double) correct / n,
        precisionRecallF1[0],
        precisionRecallF1[1],
        precisionRecallF1[2],
        aucs[0],
        aucs[1],
        logLoss(),
        calibrationError(),
        matrix);
  }

  private int predicted(int row) {
    int k = classes.size();
    int offset = row * k;
    if (!Double.isNaN(threshold)) {
      return probabilities.get(offset + positiveIndex) >= threshold
          ? positiveIndex : 1 - positiveIndex;
    }
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (probabilities.get(offset + c) > probabilities.get(offset + best)) {
        best = c;
      }
    }
    return best;
  }

  /** Precision, recall and F1 of the positive class, or their macro averages. */
  private double[] precisionRecallF1(long[][] counts) {
    if (positiveIndex >= 0) {
      return classPrecisionRecallF1(counts, positiveIndex);
    }
    double[] sums = new double[3];
    int used = 0;
    for (int c = 0; c < counts.length; c++) {
      if (actualCount(counts, c) == 0 && predictedCount(counts, c) == 0) {
        continue;
      }
      double[] values = classPrecisionRecallF1(counts, c);
      for (int m = 0; m < 3; m++) {
        sums[m] += values[m];
      }
      used++;
    }
    return new double[] {sums[0] / used, sums[1] / used, sums[2] / used};
  }

  private static double[] classPrecisionRecallF1(long[][] counts, int c) {
    long truePositives = counts[c][c];
    long predicted = predictedCount(counts, c);
    long actual = actualCount(counts, c);
    double precision = predicted == 0 ? 0.0 : (double) truePositives / predicted;
    double recall = actual == 0 ? 0.0 : (double) truePositives / actual;
    double f1 =
        precision + recall == 0.0 ? 0.0 : 2.0 * precision * recall / (precision + recall);
    return new double[] {precision, recall, f1};
  }

  private static long actualCount(long[][] counts, int c) {
    long sum = 0;
    for (long count : counts[c]) {
      sum += count;
    }
    return sum;
  }

  private static long predictedCount(long[][] counts, int c) {
    long sum = 0;
    for (long[] row : counts) {
      sum += row[c];
    }
    return sum;
  }

  /** ROC AUC and average precision: of the positive class, or macro one-vs-rest averages. */
  private double[] rankingMetrics() {
    if (positiveIndex >= 0) {
      double[][] split = scoresByOutcome(positiveIndex);
      return new double[] {
        RankingMetrics.rocAuc(split[0], split[1]),
        RankingMetrics.averagePrecision(split[0], split[1])
      };
    }
    List<double[][]> splits = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      double[][] split = scoresByOutcome(c);
      if (split[0].length > 0) {
        splits.add(split);
      }
    }
    if (splits.size() < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double rocSum = 0.0;
    double apSum = 0.0;
    for (double[][] split : splits) {
      rocSum += RankingMetrics.rocAuc(split[0], split[1]);
      apSum += RankingMetrics.averagePrecision(split[0], split[1]);
    }
    return new double[] {rocSum / splits.size(), apSum / splits.size()};
  }

  /** The probabilities of class c, split into the rows of class c and the other rows. */
  private double[][] scoresByOutcome(int c) {
    int n = actuals.size();
    int k = classes.size();
    int positives = 0;
    for (int row = 0; row < n; row++) {
      if (actuals.get(row) == c) {
        positives++;
      }
    }
    double[] positive = new double[positives];
    double[] negative = new double[n - positives];
    int p = 0;
    int q = 0;
    for (int row = 0; row < n; row++) {
      double score = probabilities.get(row * k + c);
      if (actuals.get(row) == c) {
        positive[p++] = score;
      } else {
        negative[q++] = score;
      }
    }
    return new double[][] {positive, negative};
  }

  private double logLoss() {
    int n = actuals.size();
    int k = classes.size();
    double sum = 0.0;
    for (int row = 0; row < n; row++) {
      double p = probabilities.get(row * k + actuals.get(row));
      p = Math.min(Math.max(p, LOG_LOSS_EPSILON), 1.0 - LOG_LOSS_EPSILON);
      sum -= Math.log(p);
    }
    return sum / n;
  }

  private double calibrationError() {
    int n = actuals.size();
    int k = classes.size();
    long[] binCounts = new long[CALIBRATION_BINS];
    long[] binCorrect = new long[CALIBRATION_BINS];
    double[] binConfidence = new double[CALIBRATION_BINS];
    for (int row = 0; row < n; row++) {
      int best = predicted(row);
      double confidence = probabilities.get(row * k + best);
      int bin = Math.min((int) Math.floor(confidence * CALIBRATION_BINS), CALIBRATION_BINS - 1);
      binCounts[bin]++;
      binConfidence[bin] += confidence;
      if (best == actuals.get(row)) {
        binCorrect[bin]++;
      }
    }
    double error = 0.0;
    for (int bin = 0; bin < CALIBRATION_BINS; bin++) {
      if (binCounts[bin] > 0) {
        double accuracy = (double) binCorrect[bin] / binCounts[bin];
        double confidence = binConfidence[bin] / binCounts[bin];
        error += Math.abs(accuracy - confidence) * binCounts[bin] / n;
      }
    }
    return error;
  }
}

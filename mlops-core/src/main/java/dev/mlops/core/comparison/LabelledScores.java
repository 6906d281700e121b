package dev.mlops.core.comparison;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One model's class probabilities on labelled rows, in a fixed class order, for comparing it with
 * another model. The predicted class of a row is its most probable class (the first on ties), as
 * in {@link dev.mlops.core.metrics.ClassificationMetrics}; for two classes the second is positive
 * unless told otherwise.
 *
 * <p>Not thread-safe: confine it to one thread, or guard it (as {@link CanaryOutcomes} does).
 *
 * @since 0.1
 */
public final class LabelledScores {

  private final List<String> classes;
  private final int positiveIndex;
  private double[] probabilities = new double[64];
  private int[] actuals = new int[16];
  private int size;

  /**
   * Creates an empty set over the classes; for two classes the second is positive.
   *
   * @param classes the class labels, at least two, distinct, in the order of the probabilities
   * @throws IllegalArgumentException if there are fewer than two classes or a class repeats
   * @since 0.1
   */
  public LabelledScores(List<String> classes) {
    this(classes, classes.size() == 2 ? classes.get(1) : null);
  }

  /**
   * Creates an empty set over the classes with an explicit positive class for ROC AUC.
   *
   * @param classes the class labels, at least two, distinct, in the order of the probabilities
   * @param positiveClass the class whose probability ranks rows for ROC AUC, or null for none
   *     (then only accuracy can be compared)
   * @throws IllegalArgumentException if there are fewer than two classes, a class repeats, or the
   *     positive class is not one of them
   * @since 0.1
   */
  public LabelledScores(List<String> classes, @Nullable String positiveClass) {
    this.classes = List.copyOf(classes);
    if (this.classes.size() < 2 || new HashSet<>(this.classes).size() != this.classes.size()) {
      throw new IllegalArgumentException("classes must be at least two distinct labels but were " + this.classes);
    }
    this.positiveIndex = positiveClass == null ? -1 : this.classes.indexOf(positiveClass);
    if (positiveClass != null && positiveIndex < 0) {
      throw new IllegalArgumentException(
          "the positive class '" + positiveClass + "' is not one of the classes " + this.classes);
    }
  }

  /**
   * Adds a labelled row.
   *
   * @param rowProbabilities the probability of each class, in the order of {@link #classes()};
   *     copied
   * @param actual the actual class
   * @throws IllegalArgumentException if the actual class is unknown or the probabilities have the
   *     wrong length or a NaN; nothing is added then
   * @since 0.1
   */
  public void add(double[] rowProbabilities, String actual) {
    Objects.requireNonNull(rowProbabilities, "rowProbabilities");
    int index = classes.indexOf(Objects.requireNonNull(actual, "actual"));
    if (index < 0) {
      throw new IllegalArgumentException("Unknown actual class '" + actual + "'. Known classes: "
          + String.join(", ", classes) + ".");
    }
    int k = classes.size();
    if (rowProbabilities.length != k) {
      throw new IllegalArgumentException("expected " + k + " probabilities, one per class " + classes
          + ", but got " + rowProbabilities.length + ": " + Arrays.toString(rowProbabilities));
    }
    for (double p : rowProbabilities) {
      if (Double.isNaN(p)) {
        throw new IllegalArgumentException("a probability is NaN: " + Arrays.toString(rowProbabilities));
      }
    }
    if ((size + 1) * k > probabilities.length) {
      probabilities = Arrays.copyOf(probabilities, Math.max((size + 1) * k, probabilities.length * 2));
    }
    if (size == actuals.length) {
      actuals = Arrays.copyOf(actuals, actuals.length * 2);
    }
    for (int c = 0; c < k; c++) {
      probabilities[size * k + c] = rowProbabilities[c] + 0.0;
    }
    actuals[size++] = index;
  }

  /**
   * The class labels.
   *
   * @return the classes, in the order of the probabilities
   * @since 0.1
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * The positive class, if any.
   *
   * @return the class ROC AUC ranks by, or null
   * @since 0.1
   */
  public @Nullable String positiveClass() {
    return positiveIndex < 0 ? null : classes.get(positiveIndex);
  }

  /**
   * The number of rows.
   *
   * @return the count
   * @since 0.1
   */
  public int size() {
    return size;
  }

  /**
   * The share of rows whose most probable class is the actual one.
   *
   * @return the accuracy, NaN without rows
   * @since 0.1
   */
  public double accuracy() {
    return size == 0 ? Double.NaN : (double) correctCount() / size;
  }

  int actual(int row) {
    return actuals[row];
  }

  boolean correct(int row) {
    int k = classes.size();
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (probabilities[row * k + c] > probabilities[row * k + best]) {
        best = c;
      }
    }
    return best == actuals[row];
  }

  long correctCount() {
    long correct = 0;
    for (int row = 0; row < size; row++) {
      correct += correct(row) ? 1 : 0;
    }
    return correct;
  }

  /** The positive class's probability per row; fails without a positive class. */
  double[] positiveScores() {
    requirePositive();
    double[] scores = new double[size];
    for (int row = 0; row < size; row++) {
      scores[row] = probabilities[row * classes.size() + positiveIndex];
    }
    return scores;
  }

  boolean[] positives() {
    requirePositive();
    boolean[] positive = new boolean[size];
    for (int row = 0; row < size; row++) {
      positive[row] = actuals[row] == positiveIndex;
    }
    return positive;
  }

  private void requirePositive() {
    if (positiveIndex < 0) {
      throw new IllegalArgumentException("ROC AUC compares binary classifiers ranked by a positive class,"
          + " but these rows have " + classes.size() + " classes " + classes + " and no positive class");
    }
  }
}

package dev.mlops.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Counts of rows by actual class (rows) and predicted class (columns). Immutable.
 *
 * @since 0.1
 */
public final class ConfusionMatrix {

  private final List<String> classes;
  private final long[][] counts;

  /**
   * Creates a confusion matrix.
   *
   * @param classes the class labels, distinct, in the order of the rows and columns
   * @param counts {@code counts[actual][predicted]}, a square array as wide as {@code classes};
   *     copied
   * @throws IllegalArgumentException if the classes repeat or the counts are not square of that
   *     size or contain a negative count
   * @since 0.1
   */
  public ConfusionMatrix(List<String> classes, long[][] counts) {
    this.classes = List.copyOf(classes);
    if (new HashSet<>(this.classes).size() != this.classes.size()) {
      throw new IllegalArgumentException("classes must be distinct but were " + this.classes);
    }
    int size = this.classes.size();
    if (counts.length != size) {
      throw new IllegalArgumentException(
          "counts must have " + size + " rows, one per class, but had " + counts.length);
    }
    this.counts = new long[size][];
    for (int actual = 0; actual < size; actual++) {
      if (counts[actual].length != size) {
        throw new IllegalArgumentException(
            "counts row of class '" + this.classes.get(actual) + "' must have " + size
                + " columns but had " + counts[actual].length);
      }
      for (long count : counts[actual]) {
        if (count < 0) {
          throw new IllegalArgumentException("counts must not be negative but were " + count);
        }
      }
      this.counts[actual] = counts[actual].clone();
    }
  }

  /**
   * The class labels, in the order of the rows and columns.
   *
   * @return the classes, unmodifiable
   * @since 0.1
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * All counts, indexed {@code [actual][predicted]} in the order of {@link #classes()}.
   *
   * @return a copy of the counts
   * @since 0.1
   */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * How many rows of an actual class were predicted as a class.
   *
   * @param actual the actual class
   * @param predicted the predicted class
   * @return the number of such rows
   * @throws IllegalArgumentException if either class is not one of {@link #classes()}
   * @since 0.1
   */
  public long count(String actual, String predicted) {
    return counts[indexOf(actual)][indexOf(predicted)];
  }

  /**
   * The number of rows counted.
   *
   * @return the sum of all counts
   * @since 0.1
   */
  public long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  private int indexOf(String label) {
    int index = classes.indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException(
          "Unknown class '" + label + "'. Known classes: " + String.join(", ", classes) + ".");
    }
    return index;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ConfusionMatrix
        && classes.equals(((ConfusionMatrix) other).classes)
        && Arrays.deepEquals(counts, ((ConfusionMatrix) other).counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classes, Arrays.deepHashCode(counts));
  }

  /**
   * A small text table: one row per actual class, one column per predicted class, headed {@code
   * actual \ predicted}.
   *
   * @return the table, lines separated by {@code \n}
   */
  @Override
  public String toString() {
    String corner = "actual \\ predicted";
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[classes.size() + 1];
    header[0] = corner;
    for (int i = 0; i < classes.size(); i++) {
      header[i + 1] = classes.get(i);
    }
    rows.add(header);
    for (int actual = 0; actual < classes.size(); actual++) {
      String[] row = new String[classes.size() + 1];
      row[0] = classes.get(actual);
      for (int predicted = 0; predicted < classes.size(); predicted++) {
        row[predicted + 1] = Long.toString(counts[actual][predicted]);
      }
      rows.add(row);
    }
    int[] widths = new int[header.length];
    for (String[] row : rows) {
      for (int column = 0; column < row.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (String[] row : rows) {
      table.append(pad(row[0], widths[0], false));
      for (int column = 1; column < row.length; column++) {
        table.append("  ").append(pad(row[column], widths[column], true));
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(width - text.length());
    return right ? spaces + text : text + spaces;
  }
}

package dev.mlops.cli;

import dev.mlops.core.io.internal.CsvFormatException;
import dev.mlops.core.io.internal.CsvRecordReader;
import dev.mlops.core.io.internal.MessageValues;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The score and label columns of a CSV file, for {@code mlops estimate}. This is the command's only
 * contact with CSV parsing (the project's one reader, {@link CsvRecordReader}).
 *
 * @param file the file read
 * @param scores each row's score, finite
 * @param labels each row's label, true for positive; null when the file has no label column
 * @param labelled for each row, whether its label cell was filled (all true when labels are
 *     required)
 */
record ScoredLabels(Path file, double[] scores, boolean @Nullable [] labels, boolean[] labelled) {

  /**
   * Reads the columns.
   *
   * @param file the CSV file, with a header row
   * @param scoreColumn the column of the positive class's score
   * @param labelColumn the column of the actual label
   * @param positiveLabel the label value that is positive, or null for {@code 1}/{@code true}
   *     against {@code 0}/{@code false}
   * @param labelsRequired whether the label column and every label must be present
   * @return the columns
   * @throws CliException if the file or a column is missing, or the file has no data rows
   * @throws CsvFormatException naming the file, line and column of a score that is not a finite
   *     number, a label that cannot be read, or a record that is not CSV
   * @throws IOException if the file cannot be read
   */
  static ScoredLabels read(Path file, String scoreColumn, String labelColumn,
      @Nullable String positiveLabel, boolean labelsRequired) throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file)) {
      int score = column(csv, scoreColumn);
      boolean hasLabels = csv.columnIndex(labelColumn) >= 0;
      if (labelsRequired && !hasLabels) {
        column(csv, labelColumn); // throws, naming the columns the file has
      }
      int label = hasLabels ? csv.columnIndex(labelColumn) : -1;
      DoubleColumn scores = new DoubleColumn();
      BitSet labels = new BitSet();
      BitSet labelled = new BitSet();
      int row = 0;
      for (String[] record = csv.next(); record != null; record = csv.next(), row++) {
        if (record.length != csv.header().size()) {
          throw csv.error(0, "the record has " + record.length + " fields but the header has "
              + csv.header().size());
        }
        scores.add(number(csv, record[score].strip(), score));
        if (hasLabels) {
          String value = record[label].strip();
          if (value.isEmpty()) {
            if (labelsRequired) {
              throw csv.error(label + 1, "the label is empty; every reference row needs a label");
            }
            continue;
          }
          labels.set(row, positive(csv, value, positiveLabel, label));
          labelled.set(row);
        }
      }
      if (row == 0) {
        throw new CliException(file + " has no data rows");
      }
      boolean[] labelledRows = new boolean[row];
      boolean[] labelValues = hasLabels ? new boolean[row] : null;
      for (int i = 0; i < row; i++) {
        labelledRows[i] = labelled.get(i);
        if (labelValues != null) {
          labelValues[i] = labels.get(i);
        }
      }
      return new ScoredLabels(file, scores.toArray(), labelValues, labelledRows);
    } catch (NoSuchFileException e) {
      throw new CliException("File not found: " + file);
    }
  }

  /** The number of rows with a label. */
  int labelledCount() {
    int count = 0;
    for (boolean l : labelled) {
      count += l ? 1 : 0;
    }
    return count;
  }

  private static int column(CsvRecordReader csv, String name) {
    int index = csv.columnIndex(name);
    if (index < 0) {
      throw new CliException(csv.file() + " has no column '" + name + "'; its columns are "
          + csv.header());
    }
    return index;
  }

  private static double number(CsvRecordReader csv, String text, int index) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw csv.error(index + 1, MessageValues.quote(text) + " is not a number");
    }
    if (!Double.isFinite(value)) {
      throw csv.error(index + 1, text + " is not finite; scores must be finite");
    }
    return value;
  }

  private static boolean positive(
      CsvRecordReader csv, String value, @Nullable String positiveLabel, int index) {
    if (positiveLabel != null) {
      return value.equals(positiveLabel);
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "1.0", "true" -> {
        return true;
      }
      case "0", "0.0", "false" -> {
        return false;
      }
      default -> throw csv.error(index + 1, MessageValues.quote(value) + " is not a label; labels must be 1/0 or true/false, or name the positive one with --positive-label");
    }
  }

  /** A growable column of doubles, so the file is read once without boxing. */
  private static final class DoubleColumn {
    private double[] values = new double[1024];
    private int size;

    void add(double value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}

package dev.mlops.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The score and label columns of a CSV file, for {@code mlops estimate}. This is the command's only
 * contact with CSV parsing ({@link CsvTable}), so the reader can be replaced in one place.
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
   * @throws CliException naming the file, line and column of a missing column, a score that is not
   *     a finite number, or a label that cannot be read
   */
  static ScoredLabels read(Path file, String scoreColumn, String labelColumn,
      @Nullable String positiveLabel, boolean labelsRequired) {
    CsvTable table = CsvTable.read(file);
    int score = table.column(scoreColumn);
    boolean hasLabels = table.header().contains(labelColumn);
    if (labelsRequired && !hasLabels) {
      table.column(labelColumn); // throws, naming the columns the file has
    }
    int label = hasLabels ? table.column(labelColumn) : -1;
    List<List<String>> rows = table.rows();
    if (rows.isEmpty()) {
      throw new CliException(file + " has no data rows");
    }
    double[] scores = new double[rows.size()];
    boolean[] labels = hasLabels ? new boolean[rows.size()] : null;
    boolean[] labelled = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String where = file + " line " + table.lines().get(i);
      scores[i] = number(rows.get(i).get(score).strip(), where, scoreColumn);
      if (labels != null) {
        String value = rows.get(i).get(label).strip();
        if (value.isEmpty()) {
          if (labelsRequired) {
            throw new CliException(where + ": column '" + labelColumn + "' is empty; every reference row"
                + " needs a label");
          }
          continue;
        }
        labels[i] = positive(value, positiveLabel, where, labelColumn);
        labelled[i] = true;
      }
    }
    return new ScoredLabels(file, scores, labels, labelled);
  }

  /** The number of rows with a label. */
  int labelledCount() {
    int count = 0;
    for (boolean l : labelled) {
      count += l ? 1 : 0;
    }
    return count;
  }

  private static double number(String text, String where, String column) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new CliException(where + ": column '" + column + "' has '" + text + "', not a number");
    }
    if (!Double.isFinite(value)) {
      throw new CliException(where + ": column '" + column + "' has " + text + "; scores must be finite");
    }
    return value;
  }

  private static boolean positive(String value, @Nullable String positiveLabel, String where, String column) {
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
      default -> throw new CliException(where + ": column '" + column + "' has '" + value
          + "'; labels must be 1/0 or true/false, or name the positive one with --positive-label");
    }
  }
}

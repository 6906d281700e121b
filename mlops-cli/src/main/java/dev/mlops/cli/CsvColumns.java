package dev.mlops.cli;

import dev.mlops.core.drift.DataTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns CSV tables into the drift analyzer's {@link DataTable}s: a column whose non-empty values
 * all parse as numbers, in both tables, is numeric, otherwise categorical; an empty cell is a
 * missing value.
 */
final class CsvColumns {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CsvColumns() {}

  /**
   * Builds the reference and current tables over the reference's columns.
   *
   * @param reference the reference CSV
   * @param current the current CSV
   * @return the two tables, reference first
   * @throws CliException if the current CSV lacks a column of the reference
   */
  static List<DataTable> tables(CsvTable reference, CsvTable current) {
    DataTable.Builder ref = DataTable.builder();
    DataTable.Builder cur = DataTable.builder();
    for (String name : reference.header()) {
      if (!current.header().contains(name)) {
        throw new CliException(current.file() + " has no column '" + name + "', which "
            + reference.file() + " has; its columns are " + current.header());
      }
      List<@Nullable String> refValues = values(reference, name);
      List<@Nullable String> curValues = values(current, name);
      if (allNumeric(refValues) && allNumeric(curValues)) {
        ref.numeric(name, numbers(refValues));
        cur.numeric(name, numbers(curValues));
      } else {
        ref.categorical(name, refValues);
        cur.categorical(name, curValues);
      }
    }
    return List.of(ref.build(), cur.build());
  }

  /**
   * Builds one table of the given columns: numeric where the signature says so, or, for a column
   * the signature does not type, where every non-empty value parses as a number.
   *
   * @param csv the CSV
   * @param columns the columns to take, by name, each with whether it is numeric (null: infer)
   * @return the table
   * @throws CliException if the CSV lacks a column, or a numeric column holds text
   */
  static DataTable table(CsvTable csv, Map<String, @Nullable Boolean> columns) {
    DataTable.Builder table = DataTable.builder();
    columns.forEach((name, numeric) -> {
      if (!csv.header().contains(name)) {
        throw new CliException(csv.file() + " has no column '" + name + "'; its columns are "
            + csv.header());
      }
      List<@Nullable String> values = values(csv, name);
      boolean parses = allNumeric(values);
      if (Boolean.TRUE.equals(numeric) && !parses) {
        throw new CliException("Column '" + name + "' of " + csv.file() + " is numeric in the"
            + " signature but holds values that are not numbers");
      }
      if (numeric == null ? parses : numeric) {
        table.numeric(name, numbers(values));
      } else {
        table.categorical(name, values);
      }
    });
    return table.build();
  }

  private static List<@Nullable String> values(CsvTable table, String name) {
    int index = table.column(name);
    List<@Nullable String> values = new ArrayList<>(table.rows().size());
    for (List<String> row : table.rows()) {
      String cell = row.get(index).strip();
      values.add(cell.isEmpty() ? null : cell);
    }
    return values;
  }

  private static boolean allNumeric(List<@Nullable String> values) {
    return values.stream().allMatch(v -> v == null || NUMBER.matcher(v).matches());
  }

  private static double[] numbers(List<@Nullable String> values) {
    double[] result = new double[values.size()];
    for (int i = 0; i < result.length; i++) {
      String v = values.get(i);
      result[i] = v == null ? Double.NaN : Double.parseDouble(v);
    }
    return result;
  }
}

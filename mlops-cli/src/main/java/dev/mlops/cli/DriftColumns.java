package dev.mlops.cli;

import static dev.mlops.core.io.internal.MessageValues.quote;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.io.internal.CsvRecordReader;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the reference and current CSV files of {@code mlops drift} into the drift analyzer's
 * {@link DataTable}s, streaming each file once and keeping only the columns' values: numbers as
 * {@code double}s, text once per distinct value. An empty cell is a missing value.
 *
 * <p>Each column is numeric or categorical. With a signature, its inputs are the columns compared
 * and their types decide (numbers numeric, anything else categorical). Without one, every column
 * of the reference is compared, and its first non-empty value decides: a number makes it numeric.
 * A later value of a numeric column that is not a number is an error naming the file, line, column
 * and value, never a silent switch to categorical.
 */
final class DriftColumns {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final List<String> names;
  private final Map<String, Column> reference = new LinkedHashMap<>();
  private final Map<String, Column> current = new LinkedHashMap<>();
  private final Map<String, Kind> kinds = new HashMap<>();
  private final Map<String, String> decidedBy = new HashMap<>();

  /** What a column holds: numbers, text, or not known before its first value. */
  private enum Kind { NUMERIC, CATEGORICAL }

  private DriftColumns(List<String> names) {
    this.names = names;
  }

  /**
   * Reads both files.
   *
   * @param referenceFile the reference CSV
   * @param currentFile the current CSV
   * @param signature the signature that decides the columns and their kinds, or null
   * @return the two tables, reference first
   * @throws CliException if a file is missing, is not CSV, lacks a compared column, has a record
   *     with the wrong number of fields, or a numeric column holds a value that is not a number
   * @throws IOException if a file cannot be read
   */
  static List<DataTable> read(Path referenceFile, Path currentFile, @Nullable ModelSignature signature)
      throws IOException {
    try (CsvRecordReader ref = open(referenceFile); CsvRecordReader cur = open(currentFile)) {
      List<String> names = signature == null ? ref.header()
          : signature.inputs().stream().map(FieldSpec::name).toList();
      DriftColumns columns = new DriftColumns(names);
      if (signature != null) {
        for (FieldSpec input : signature.inputs()) {
          columns.kinds.put(input.name(), input.type().isNumeric() ? Kind.NUMERIC : Kind.CATEGORICAL);
          columns.decidedBy.put(input.name(), "the signature gives it type "
              + SignatureFile.typeName(input.type()));
        }
      }
      columns.add(ref, columns.reference, null, "the signature");
      columns.add(cur, columns.current, ref, "the signature");
      return List.of(columns.table(columns.reference), columns.table(columns.current));
    }
  }

  /**
   * Reads the given columns of one file, each numeric or categorical as given: what {@code mlops
   * drift --reference MODEL_URI} profiles as the stored reference does, and what {@code --reference-data}
   * profiles at registration.
   *
   * @param file the CSV
   * @param numeric whether each column to read is numeric, by name, in the order wanted
   * @param namedBy what names the columns, for the message of a missing one
   * @return the table
   * @throws CliException if the file is missing, is not CSV, lacks a column, has a record with the
   *     wrong number of fields, or a numeric column holds a value that is not a number
   * @throws IOException if the file cannot be read
   */
  static DataTable read(Path file, Map<String, Boolean> numeric, String namedBy)
      throws IOException {
    try (CsvRecordReader csv = open(file)) {
      DriftColumns columns = new DriftColumns(List.copyOf(numeric.keySet()));
      numeric.forEach((name, isNumeric) -> {
        columns.kinds.put(name, isNumeric ? Kind.NUMERIC : Kind.CATEGORICAL);
        columns.decidedBy.put(name, namedBy + " has it " + (isNumeric ? "numeric" : "categorical"));
      });
      columns.add(csv, columns.reference, null, namedBy);
      return columns.table(columns.reference);
    }
  }

  /**
   * Reads every column of one file, numeric when its first value is a number, or the signature's
   * inputs typed as the signature says.
   *
   * @param file the CSV
   * @param signature the signature that decides the columns and their kinds, or null
   * @return the table
   * @throws CliException as {@link #read(Path, Map, String)}
   * @throws IOException if the file cannot be read
   */
  static DataTable read(Path file, @Nullable ModelSignature signature) throws IOException {
    if (signature != null) {
      Map<String, Boolean> numeric = new LinkedHashMap<>();
      signature.inputs().forEach(input -> numeric.put(input.name(), input.type().isNumeric()));
      return read(file, numeric, "the signature");
    }
    try (CsvRecordReader csv = open(file)) {
      DriftColumns columns = new DriftColumns(csv.header());
      columns.add(csv, columns.reference, null, "the signature");
      return columns.table(columns.reference);
    }
  }

  private static CsvRecordReader open(Path file) throws IOException {
    try {
      return CsvRecordReader.open(file);
    } catch (NoSuchFileException e) {
      throw new CliException("File not found: " + file);
    }
  }

  /** Reads every record of a file into its columns. */
  private void add(CsvRecordReader csv, Map<String, Column> columns, @Nullable CsvRecordReader ref,
      String namedBy) throws IOException {
    int[] index = new int[names.size()];
    Column[] byIndex = new Column[index.length];
    for (int i = 0; i < index.length; i++) {
      index[i] = csv.columnIndex(names.get(i));
      if (index[i] < 0) {
        throw new CliException(csv.file() + " has no column '" + names.get(i) + "', which "
            + (ref == null ? namedBy + " names" : ref.file() + " has") + "; its columns are "
            + csv.header());
      }
      byIndex[i] = new Column();
      columns.put(names.get(i), byIndex[i]);
    }
    for (String[] record = csv.next(); record != null; record = csv.next()) {
      if (record.length != csv.header().size()) {
        throw csv.error(0, "the record has " + record.length + " fields but the header has "
            + csv.header().size());
      }
      for (int i = 0; i < index.length; i++) {
        add(csv, names.get(i), index[i], record[index[i]].strip(), byIndex[i]);
      }
    }
  }

  private void add(CsvRecordReader csv, String name, int index, String cell, Column column) {
    if (cell.isEmpty()) {
      column.missing();
      return;
    }
    Kind kind = kinds.get(name);
    boolean number = NUMBER.matcher(cell).matches();
    if (kind == null) {
      kind = number ? Kind.NUMERIC : Kind.CATEGORICAL;
      kinds.put(name, kind);
      decidedBy.put(name, "its first value, " + quote(cell) + " on line " + csv.line() + " of "
          + csv.file() + ", is " + (number ? "a number" : "not a number"));
    }
    if (kind == Kind.CATEGORICAL) {
      column.text(cell);
    } else if (number) {
      column.number(Double.parseDouble(cell));
    } else {
      throw csv.error(index + 1, quote(cell) + " is not a number, but the column is numeric ("
          + decidedBy.get(name) + "); fix the value, or give --signature with a signature that"
          + " declares '" + name + "' a string");
    }
  }

  private DataTable table(Map<String, Column> columns) {
    DataTable.Builder table = DataTable.builder();
    for (String name : names) {
      Column column = Objects.requireNonNull(columns.get(name), name); // add() made one per name

      if (kinds.get(name) == Kind.CATEGORICAL) {
        table.categorical(name, column.texts());
      } else {
        table.numeric(name, column.numbers());
      }
    }
    return table.build();
  }

  /**
   * One column's values while a file is read: numbers in a growing array, or text (each distinct
   * value kept once). A missing value is NaN or null, so that either list keeps one cell per row.
   */
  private static final class Column {
    /** Distinct texts kept once each; beyond this many (an id column), values are kept as read. */
    private static final int MAX_DISTINCT = 1 << 16;

    private double[] numbers = new double[1024];
    private int size;
    private @Nullable List<@Nullable String> texts;
    private final Map<String, String> distinct = new HashMap<>();

    void missing() {
      if (texts != null) {
        texts.add(null);
      } else {
        number(Double.NaN);
      }
    }

    void number(double value) {
      if (size == numbers.length) {
        numbers = Arrays.copyOf(numbers, numbers.length * 2);
      }
      numbers[size++] = value;
    }

    void text(String value) {
      if (texts == null) {
        // Cells before the first text were missing: they become nulls.
        texts = new ArrayList<>(Math.max(16, size));
        for (int i = 0; i < size; i++) {
          texts.add(null);
        }
        numbers = new double[0];
        size = 0;
      }
      String kept = distinct.get(value);
      if (kept == null && distinct.size() < MAX_DISTINCT) {
        distinct.put(value, value);
      }
      texts.add(kept == null ? value : kept);
    }

    double[] numbers() {
      return Arrays.copyOf(numbers, size);
    }

    List<@Nullable String> texts() {
      if (texts == null) {
        List<@Nullable String> allMissing = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          allMissing.add(null);
        }
        return allMissing;
      }
      return texts;
    }
  }
}

package dev.mlops.core.training;

import dev.mlops.core.io.internal.CsvFormatException;
import dev.mlops.core.io.internal.CsvRecordReader;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.DataSource;
import dev.mlops.training.TrainingException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link TabularDataset} from a CSV file, re-reading it on every {@link #fetch()} so that
 * a pipeline sees the data as it is when it runs.
 *
 * <p>The file is UTF-8 (a leading byte-order mark is skipped) in RFC 4180 form, read with the
 * project's one CSV reader (Jackson's CSV module): fields separated by commas, records by CRLF or
 * LF, fields containing commas, quotes or line breaks enclosed in double quotes with inner quotes
 * doubled (a quote inside an unquoted field is kept as it is). The first record is a header naming the columns; it must
 * name every feature and the target of the schema, in any order, and may name other columns, which
 * are ignored. Blank lines are skipped. Values are parsed by the schema: an empty field is a
 * missing value (allowed only for optional features); numbers are decimal ({@code NaN} and {@code
 * Infinity} where the field allows non-finite values); booleans are {@code true} or {@code
 * false}, in any case.
 *
 * <p>Every error is a {@link TrainingException} naming the file, the line and the column.
 *
 * @since 0.1
 */
public final class CsvDataSource implements DataSource {

  private final Path file;
  private final TabularSchema schema;

  private CsvDataSource(Path file, TabularSchema schema) {
    this.file = file;
    this.schema = schema;
  }

  /**
   * A source reading this file with this schema. The file is not read until {@link #fetch()}.
   *
   * @param file the CSV file
   * @param schema the columns to read and their types
   * @return the source
   * @since 0.1
   */
  public static CsvDataSource of(Path file, TabularSchema schema) {
    return new CsvDataSource(
        Objects.requireNonNull(file, "file").toAbsolutePath(), Objects.requireNonNull(schema));
  }

  /**
   * The file read.
   *
   * @return its absolute path
   * @since 0.1
   */
  public Path file() {
    return file;
  }

  /**
   * The schema the file is read with.
   *
   * @return the schema
   * @since 0.1
   */
  public TabularSchema schema() {
    return schema;
  }

  /**
   * Reads the file.
   *
   * @return the rows, in file order
   * @throws TrainingException if the file cannot be read, is not UTF-8, has no header, lacks a
   *     column of the schema, breaks RFC 4180, has a record with the wrong number of fields or a
   *     value that does not fit its column, naming the file, line and column
   * @since 0.1
   */
  @Override
  public TabularDataset fetch() {
    try (CsvRecordReader csv = CsvRecordReader.open(file)) {
      return read(csv);
    } catch (CsvFormatException e) {
      throw new TrainingException("CSV file " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new TrainingException("CSV file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new TrainingException("Cannot read CSV file " + file + ": " + e, e);
    }
  }

  /**
   * Describes the source as the file's URI.
   *
   * @return such as {@code file:///data/churn.csv}
   * @since 0.1
   */
  @Override
  public String describe() {
    return file.toUri().toString();
  }

  @Override
  public String toString() {
    return "CsvDataSource[" + file + "]";
  }

  private TabularDataset read(CsvRecordReader csv) throws IOException {
    int[] featureColumns = new int[schema.features().size()];
    for (int f = 0; f < featureColumns.length; f++) {
      featureColumns[f] = position(csv, schema.features().get(f));
    }
    int targetColumn = position(csv, schema.target());
    int width = csv.header().size();
    TabularDataset.Builder builder = TabularDataset.builder(schema);
    for (String[] record = csv.next(); record != null; record = csv.next()) {
      if (record.length != width) {
        throw csv.error(0, "the record has " + record.length + " fields but the header has " + width);
      }
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      for (int f = 0; f < featureColumns.length; f++) {
        FieldSpec spec = schema.features().get(f);
        row.put(spec.name(), parse(csv, spec, record, featureColumns[f], false));
      }
      Object target = Objects.requireNonNull(parse(csv, schema.target(), record, targetColumn, true));
      builder.addRow(row, target);
    }
    return builder.build();
  }

  private static @Nullable Object parse(
      CsvRecordReader csv, FieldSpec spec, String[] record, int column, boolean isTarget) {
    try {
      return FieldValues.parse(spec, record[column], isTarget);
    } catch (IllegalArgumentException e) {
      throw csv.error(column + 1, Objects.toString(e.getMessage(), e.toString()));

    }
  }

  private int position(CsvRecordReader csv, FieldSpec spec) {
    int p = csv.columnIndex(spec.name());
    if (p < 0) {
      throw new TrainingException("CSV file " + file + ": the header " + csv.header()
          + " lacks the column '" + spec.name() + "' of the schema, which needs " + columnNames());
    }
    return p;
  }

  private List<String> columnNames() {
    List<String> names = new java.util.ArrayList<>(schema.featureNames());
    names.add(schema.target().name());
    return names;
  }
}

package dev.mlops.core.training;

import dev.mlops.core.training.CsvReader.CsvSyntaxException;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.DataSource;
import dev.mlops.training.TrainingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link TabularDataset} from a CSV file, re-reading it on every {@link #fetch()} so that
 * a pipeline sees the data as it is when it runs.
 *
 * <p>The file is UTF-8 (a leading byte-order mark is skipped) in RFC 4180 form: fields separated
 * by commas, records by CRLF or LF, fields containing commas, quotes or line breaks enclosed in
 * double quotes with inner quotes doubled. The first record is a header naming the columns; it must
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
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      in.mark(1);
      if (in.read() != '\uFEFF') {
        in.reset();
      }
      return read(new CsvReader(in));
    } catch (CsvSyntaxException e) {
      throw new TrainingException(
          where(e.line, e.column, null) + ": " + e.getMessage() + " (RFC 4180)", e);
    } catch (NoSuchFileException e) {
      throw new TrainingException("CSV file " + file + " does not exist", e);
    } catch (CharacterCodingException e) {
      throw new TrainingException("CSV file " + file + " is not valid UTF-8", e);
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

  private TabularDataset read(CsvReader csv) throws IOException {
    List<String> header = csv.next();
    if (header == null) {
      throw new TrainingException("CSV file " + file
          + " is empty; it needs a header line naming the columns " + columnNames());
    }
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      Integer before = positions.putIfAbsent(header.get(i), i);
      if (before != null) {
        throw new TrainingException(where(csv.recordLine(), i + 1, null) + ": the header names '"
            + header.get(i) + "' twice (also column " + (before + 1) + ")");
      }
    }
    int[] featureColumns = new int[schema.features().size()];
    for (int f = 0; f < featureColumns.length; f++) {
      featureColumns[f] = position(positions, schema.features().get(f), header);
    }
    int targetColumn = position(positions, schema.target(), header);
    TabularDataset.Builder builder = TabularDataset.builder(schema);
    for (List<String> record = csv.next(); record != null; record = csv.next()) {
      int line = csv.recordLine();
      if (record.size() != header.size()) {
        throw new TrainingException(where(line, 0, null) + ": the record has " + record.size()
            + " fields but the header has " + header.size());
      }
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      for (int f = 0; f < featureColumns.length; f++) {
        FieldSpec spec = schema.features().get(f);
        row.put(spec.name(), parse(spec, record, featureColumns[f], line, false));
      }
      Object target = Objects.requireNonNull(
          parse(schema.target(), record, targetColumn, line, true));
      builder.addRow(row, target);
    }
    return builder.build();
  }

  private @Nullable Object parse(
      FieldSpec spec, List<String> record, int column, int line, boolean isTarget) {
    try {
      return FieldValues.parse(spec, record.get(column), isTarget);
    } catch (IllegalArgumentException e) {
      throw new TrainingException(where(line, column + 1, spec.name()) + ": " + e.getMessage(), e);
    }
  }

  private int position(Map<String, Integer> positions, FieldSpec spec, List<String> header) {
    Integer p = positions.get(spec.name());
    if (p == null) {
      throw new TrainingException("CSV file " + file + ": the header " + header
          + " lacks the column '" + spec.name() + "' of the schema, which needs " + columnNames());
    }
    return p;
  }

  private List<String> columnNames() {
    List<String> names = new java.util.ArrayList<>(schema.featureNames());
    names.add(schema.target().name());
    return names;
  }

  private String where(int line, int column, @Nullable String name) {
    StringBuilder s = new StringBuilder("CSV file ").append(file).append(", line ").append(line);
    if (column > 0) {
      s.append(", column ").append(column);
      if (name != null) {
        s.append(" ('").append(name).append("')");
      }
    }
    return s.toString();
  }
}
